package io.headshots.gateway.service;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.validation.UpscaleRequest;

/** An upscale job: one task, one output named {@value #OUTPUT_NAME}, on {@code jobs.upscale}. */
@ApplicationScoped
public class UpscaleSubmitter {
    /** An upscale job has one output, named so. */
    public static final String OUTPUT_NAME = "image";

    private final JobLauncher launcher;
    private final TaskPublisher publisher;
    private final Duration ttl;

    public UpscaleSubmitter(JobLauncher launcher, TaskPublisher publisher, GatewayConfig config) {
        this.launcher = launcher;
        this.publisher = publisher;
        this.ttl = config.jobs().ttl();
    }

    /** Stores and queues the job under {@code jobId} (a new {@link JobIds} id). */
    public JobState submit(Tenant tenant, UpscaleRequest request, Path upload, String jobId) {
        return submit(tenant, request, upload, jobId, null);
    }

    /**
     * Stores and queues the job under {@code jobId} (a new {@link JobIds} id).
     *
     * @param webhook the checked webhook URL, or null
     */
    public JobState submit(Tenant tenant, UpscaleRequest request, Path upload, String jobId, String webhook) {
        Instant createdAt = JobIds.createdAt(jobId);
        String inputKey = StorageKeys.input(jobId, request.image().format().extension());
        var options = request.options();
        String outputExtension = options.format().equals("jpeg") ? "jpg" : "png";
        TaskSpec task = new TaskSpec(OUTPUT_NAME, OUTPUT_NAME, "upscaled", null,
                StorageKeys.upscaled(jobId, OUTPUT_NAME, outputExtension));
        JobRecord job = new JobRecord(JobRecord.VERSION, jobId, tenant.id(), JobKind.UPSCALE, tenant.tier(),
                createdAt, createdAt.plus(ttl), inputKey, request.image().format().wireName(),
                request.image().width(), request.image().height(), options, List.of(task)).withWebhook(webhook);
        return launcher.launch(tenant, job, upload, request.image().format().mediaType(),
                () -> JobTasks.publish(publisher, job));
    }
}
