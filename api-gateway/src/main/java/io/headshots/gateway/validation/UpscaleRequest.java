package io.headshots.gateway.validation;

import io.headshots.contracts.JobRecord.UpscaleOptions;

/**
 * A checked upscale request: what the image declares and what the output will be.
 *
 * @param options      as recorded in {@code job.json} and sent in the task
 * @param outputWidth  the width the output will have
 * @param outputHeight the height the output will have
 */
public record UpscaleRequest(ImageHeader image, UpscaleOptions options, int outputWidth, int outputHeight) {
}
