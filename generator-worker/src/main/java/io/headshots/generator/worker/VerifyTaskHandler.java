package io.headshots.generator.worker;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.SizeLimits;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.VerifyTask;
import io.headshots.generator.config.GeneratorConfig;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.compositing.PhotoDecoder;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;
import io.headshots.platform.storage.StorageRetry;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.TaskInterrupted;
import io.headshots.platform.worker.TaskWork;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * The last step of a premium headshot: its face after the upscale is compared with the photo's by the
 * engine that made it ({@link HeadshotEngine#checkIdentity}), and the job's result for the output is
 * recorded: succeeded with the score measured on the upscaled image, or failed {@code identity_mismatch}
 * with the score. The photo's face is found again from the upload rather than kept anywhere: a face
 * descriptor is biometric data, and a check costs one detection and one descriptor more.
 *
 * <p>Effectively once, like every task: a task whose result exists announces it again (the same event,
 * never a second outcome) and checks nothing; a task of a deleted job writes nothing; a result written
 * after the job was deleted is removed with it.
 */
@ApplicationScoped
public class VerifyTaskHandler implements TaskWork<VerifyTask, VerifyTaskHandler.Outcome> {
    private static final Logger LOG = Logger.getLogger(VerifyTaskHandler.class);

    /** What became of a task. */
    public enum Outcome { SUCCEEDED, FAILED, CANCELED, ALREADY_DONE, JOB_GONE }

    private final JobStore jobs;
    private final HeadshotEngine engine;
    private final JobEventPublisher events;
    private final MeterRegistry metrics;
    private final StorageRetry retry;
    private final TaskTracing tracing;
    private final DistributionSummary identityDistance;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();

    public VerifyTaskHandler(JobStore jobs, HeadshotEngine engine, JobEventPublisher events, GeneratorConfig config,
            MeterRegistry metrics, OpenTelemetry openTelemetry) {
        this.jobs = jobs;
        this.engine = engine;
        this.events = events;
        this.metrics = metrics;
        this.tracing = new TaskTracing(openTelemetry);
        this.retry = new StorageRetry(new StorageRetry.Policy(config.retry().attempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff()), stopping::get, metrics);
        this.identityDistance = GenerateTaskHandler.identityDistance(metrics, "upscaled");
        for (Outcome outcome : Outcome.values()) {
            metrics.counter("generator.verifications", "outcome", outcome.name().toLowerCase(Locale.ROOT));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    @Override
    public boolean stopping() {
        return stopping.get();
    }

    @Override
    public Outcome handle(VerifyTask task) {
        JobStore.TaskStart start = retry.call("read job state", () -> jobs.taskStart(task.jobId(), task.taskId()));
        if (start.result().isPresent()) {
            // stored first, then announced: a worker may have died in between, so announce it (again)
            events.announce(JobEvent.finished(start.result().get()));
            return count(Outcome.ALREADY_DONE);
        }
        if (!start.jobExists()) {
            return count(Outcome.JOB_GONE);
        }
        if (start.canceled()) {
            return record(task, TaskResult.canceled(task.jobId(), task.taskId(), task.outputName(), clock.instant()),
                    Outcome.CANCELED);
        }
        Optional<byte[]> photo = retry.call("read input", () -> jobs.objects().get(task.photoKey()));
        Optional<byte[]> upscaled = retry.call("read output", () -> jobs.objects().get(task.outputKey()));
        if (photo.isEmpty() || upscaled.isEmpty()) {
            if (!jobExists(task)) {
                return count(Outcome.JOB_GONE);
            }
            return record(task, TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), "input_missing",
                    "the photo or the upscaled headshot is no longer stored", clock.instant()), Outcome.FAILED);
        }
        UpscaledIdentityVerdict verdict;
        try {
            verdict = tracing.step("identity check", () -> UpscaledIdentityVerdict.of(task,
                    () -> engine.checkIdentity(photo.get(),
                            PhotoDecoder.decode(upscaled.get(), SizeLimits.MAX_INPUT_PIXELS)), clock.instant()));
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping.get()) {
                throw new TaskInterrupted("worker stopping");
            }
            LOG.errorf(e, "identity check error");
            return record(task, TaskResult.failed(task.jobId(), task.taskId(), task.outputName(),
                    GenerationFailure.ENGINE_ERROR, "the headshot's identity could not be checked", clock.instant()),
                    Outcome.FAILED);
        }
        // refused outputs belong in the distribution too: it is how a threshold gets tuned
        verdict.score().ifPresent(score -> identityDistance.record(score.distance()));
        TaskResult result = verdict.result();
        return record(task, result, result.errorCode() == null ? Outcome.SUCCEEDED : Outcome.FAILED);
    }

    /**
     * Stores the job's result for the output unless another worker stored one first, then announces the
     * result that stands.
     */
    private Outcome record(VerifyTask task, TaskResult result, Outcome outcome) {
        Optional<TaskResult> standing = tracing.step("s3 write result",
                () -> retry.call("write result", () -> jobs.recordResult(result)));
        if (!jobExists(task)) {
            // Deleted while we worked: what we just wrote must not outlive the job.
            retry.run("remove late result", () -> jobs.deleteJob(task.jobId()));
            return count(Outcome.JOB_GONE);
        }
        if (!standing.equals(Optional.of(result))) {
            // Another worker recorded the check first: its result stands; announced again in case that
            // worker died before it did (an event may come twice, never not at all).
            standing.ifPresent(done -> events.announce(JobEvent.finished(done)));
            return count(Outcome.ALREADY_DONE);
        }
        if (result.errorCode() != null) {
            LOG.infof("task failed: %s", result.errorCode());
            metrics.counter("generator.failures", "code", result.errorCode()).increment();
        }
        events.announce(JobEvent.finished(result));
        return count(outcome);
    }

    @Override
    public String describe(VerifyTask task) {
        return "identity check after upscale";
    }

    @Override
    public boolean isFailure(Outcome outcome) {
        return outcome == Outcome.FAILED;
    }

    @Override
    public void recordFailure(VerifyTask task, String code, String message) {
        Optional<TaskResult> done = retry.call("read task result", () -> jobs.result(task.jobId(), task.taskId()));
        if (done.isPresent()) {
            events.announce(JobEvent.finished(done.get())); // stored first: never overwritten
            return;
        }
        record(task, TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), code, message, clock.instant()),
                Outcome.FAILED);
    }

    private boolean jobExists(VerifyTask task) {
        return retry.call("check job", () -> jobs.jobExists(task.jobId()));
    }

    private Outcome count(Outcome outcome) {
        metrics.counter("generator.verifications", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }
}
