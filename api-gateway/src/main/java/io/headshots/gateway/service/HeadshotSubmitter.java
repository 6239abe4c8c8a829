package io.headshots.gateway.service;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobIds;
import io.headshots.contracts.JobKind;
import io.headshots.contracts.JobRecord;
import io.headshots.contracts.StorageKeys;
import io.headshots.contracts.TaskSpec;
import io.headshots.contracts.Tier;
import io.headshots.gateway.JobState;
import io.headshots.gateway.auth.Tenant;
import io.headshots.gateway.config.GatewayConfig;
import io.headshots.gateway.validation.HeadshotRequest;

/**
 * A headshot job: one {@link GenerateTask} per output on {@code jobs.generate}. Free outputs are the
 * generated {@value Tier#STANDARD_SIZE}px squares; premium ones are upscaled by the follow-on task
 * the generator publishes, so their final key is under {@code upscaled/}.
 */
@ApplicationScoped
public class HeadshotSubmitter {
    private final JobLauncher launcher;
    private final TaskPublisher publisher;
    private final Duration ttl;

    public HeadshotSubmitter(JobLauncher launcher, TaskPublisher publisher, GatewayConfig config) {
        this.launcher = launcher;
        this.publisher = publisher;
        this.ttl = config.jobs().ttl();
    }

    /** Stores and queues the job under {@code jobId} (a new {@link JobIds} id). */
    public JobState submit(Tenant tenant, HeadshotRequest request, Path upload, String jobId) {
        return submit(tenant, request, upload, jobId, null);
    }

    /**
     * Stores and queues the job under {@code jobId} (a new {@link JobIds} id).
     *
     * @param webhook the checked webhook URL, or null
     */
    public JobState submit(Tenant tenant, HeadshotRequest request, Path upload, String jobId, String webhook) {
        Instant createdAt = JobIds.createdAt(jobId);
        String inputKey = StorageKeys.input(jobId, request.photo().format().extension());
        Tier tier = tenant.tier();
        boolean upscaled = tier.upscalesHeadshots();
        List<TaskSpec> specs = new ArrayList<>();
        for (HeadshotRequest.Output output : request.outputs()) {
            String generatedKey = StorageKeys.generated(jobId, output.name(), "png");
            String upscaledKey = upscaled ? StorageKeys.upscaled(jobId, output.name(), "png") : null;
            // A premium output is done when its follow-on upscale is: the job tracks that task's id,
            // so the job cannot count as succeeded on the 1024 px intermediate.
            String finalTaskId = upscaled ? GenerateTask.upscaleTaskId(output.name()) : output.name();
            specs.add(new TaskSpec(finalTaskId, output.name(), upscaled ? "upscaled" : "generated", output.style(),
                    upscaled ? upscaledKey : generatedKey));
        }
        JobRecord job = new JobRecord(JobRecord.VERSION, jobId, tenant.id(), JobKind.HEADSHOT, tier, createdAt,
                createdAt.plus(ttl), inputKey, request.photo().format().wireName(), request.photo().width(),
                request.photo().height(), null, List.copyOf(specs)).withWebhook(webhook);
        return launcher.launch(tenant, job, upload, request.photo().format().mediaType(),
                () -> JobTasks.publish(publisher, job));
    }
}
