package io.headshots.gateway.service;

import java.util.ArrayList;
import java.util.List;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.Lane;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.contracts.UpscaleTask;

/**
 * The task messages of a job, derived from its record alone: at submission, and again by
 * {@link StrandedJobs} for a job whose gateway stopped before publishing them. One derivation, so a
 * republished task is the same message (same ids and keys) as the one the submission would have sent.
 */
public final class JobTasks {
    private JobTasks() {
    }

    /** Publishes the job's tasks on its tenant tier's lane and waits for the broker. */
    public static void publish(TaskPublisher publisher, JobRecord job) {
        Lane lane = Lane.of(job.tier());
        if (job.kind() == JobKind.UPSCALE) {
            publisher.publish(upscale(job), lane);
        } else {
            publisher.publish(generate(job), lane);
        }
    }

    /**
     * One generate task per headshot output. A premium output's spec tracks its follow-on upscale (the
     * job is done when that is); the generate task writes the {@value Tier#STANDARD_SIZE} px image that
     * the follow-on upscales.
     */
    public static List<GenerateTask> generate(JobRecord job) {
        boolean upscaled = job.tier().upscalesHeadshots();
        List<GenerateTask> tasks = new ArrayList<>();
        for (TaskSpec spec : job.tasks()) {
            String name = spec.outputName();
            tasks.add(new GenerateTask(GenerateTask.VERSION, job.id(), name, job.inputKey(),
                    StorageKeys.generated(job.id(), name, "png"), name, spec.style(), variantOf(name),
                    Tier.STANDARD_SIZE, upscaled ? job.tier().headshotSize() : 0,
                    upscaled ? spec.outputKey() : null, job.createdAt()));
        }
        return tasks;
    }

    /** The one task of an upscale job. */
    public static UpscaleTask upscale(JobRecord job) {
        TaskSpec task = job.tasks().get(0);
        JobRecord.UpscaleOptions options = job.upscale();
        return new UpscaleTask(UpscaleTask.VERSION, job.id(), task.taskId(), job.inputKey(), task.outputKey(),
                task.outputName(), options.model(), options.scale(), options.targetWidth(), options.targetHeight(),
                options.format(), job.createdAt());
    }

    /** Headshot outputs are named {@code {style}-{n}}, n from 1: the variant (0-based) is n - 1. */
    static int variantOf(String outputName) {
        int dash = outputName.lastIndexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("not a headshot output name: " + outputName);
        }
        return Integer.parseInt(outputName.substring(dash + 1)) - 1;
    }
}
