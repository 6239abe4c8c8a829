package io.headshots.contracts;

/**
 * One output a job will produce, fixed at submission time.
 *
 * @param taskId     unique within the job; also the Kafka-level identity of the work
 * @param outputName the name under {@code /v1/jobs/{id}/outputs/{name}}
 * @param stage      {@code generated} or {@code upscaled}: where the final object lives
 * @param style      the headshot style, or null for upscale jobs
 * @param outputKey  the deterministic S3 key of the final object
 */
public record TaskSpec(String taskId, String outputName, String stage, String style, String outputKey) {
}
