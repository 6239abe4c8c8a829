package io.headshots.upscaler.worker;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.UpscaleModels;
import io.headshots.contracts.UpscaleTask;
import io.headshots.contracts.VerifyTask;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageRetry;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.JobWatch;
import io.headshots.platform.worker.TaskInterrupted;
import io.headshots.platform.worker.TaskWork;
import io.headshots.upscaler.config.UpscalerConfig;
import io.headshots.upscaler.engine.OutputFormat;
import io.headshots.upscaler.engine.UpscaleEngine;
import io.headshots.upscaler.engine.UpscaleFailure;
import io.headshots.upscaler.engine.UpscaleListener;
import io.headshots.upscaler.engine.UpscaleOutcome;
import io.headshots.upscaler.engine.UpscaleSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Does one upscale task, effectively once: a task whose result exists is skipped, a task whose job
 * is gone is dropped without writing, and a task that finishes after its job was deleted removes
 * what it wrote. A task of a canceled job (its cancel marker exists) is recorded canceled, when it is
 * picked or at the next tile after the worker's periodic check sees the marker. Bad images fail the
 * task with a reason; storage outages are retried.
 *
 * <p>The result in S3 is the record of a task; its terminal event is announced after it. A worker
 * killed between the two leaves a result nobody announced, so a redelivered task whose result
 * exists announces it again: an event can come twice (with identical content), never not at all.
 *
 * <p>A premium headshot's follow-on ({@link UpscaleTask#verifyPhotoKey} set) is not the output's last
 * step: once the upscaled image is stored, the identity check after the upscale is handed to the
 * generator ({@link VerifyTask}), and only then is this step recorded, under its own id
 * ({@link UpscaleTask#stepResultId}); the check records the job's result under the task's id. A failure
 * or cancel here is recorded under both ids, so the job still reaches a terminal state.
 */
@ApplicationScoped
public class UpscaleTaskHandler implements TaskWork<UpscaleTask, UpscaleTaskHandler.Outcome> {
    private static final Logger LOG = Logger.getLogger(UpscaleTaskHandler.class);

    /** What became of a task. */
    public enum Outcome { SUCCEEDED, HANDED_ON, FAILED, CANCELED, ALREADY_DONE, JOB_GONE }

    private final JobStore jobs;
    private final UpscaleEngine engine;
    private final JobEventPublisher events;
    private final VerifyTaskPublisher verifications;
    private final UpscalerConfig config;
    private final MeterRegistry metrics;
    private final StorageRetry retry;
    private final TaskTracing tracing;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();

    public UpscaleTaskHandler(JobStore jobs, UpscaleEngine engine, JobEventPublisher events,
            VerifyTaskPublisher verifications, UpscalerConfig config, MeterRegistry metrics,
            OpenTelemetry openTelemetry) {
        this.verifications = verifications;
        this.jobs = jobs;
        this.tracing = new TaskTracing(openTelemetry);
        this.engine = engine;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.retry = new StorageRetry(new StorageRetry.Policy(config.retry().attempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff()), stopping::get, metrics);
        // Exported at zero from the start, so that rates, dashboards and alerts see the first event.
        for (Outcome outcome : Outcome.values()) {
            count(outcome, 0);
        }
        UpscaleModels.all().forEach(model -> duration(model.name()));
        metrics.counter("upscaler.output.bytes");
        metrics.counter("upscaler.tiles");
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    @Override
    public boolean stopping() {
        return stopping.get();
    }

    /** True for a premium headshot's follow-on, whose identity is checked again after the upscale. */
    private static boolean verified(UpscaleTask task) {
        return task.verifyPhotoKey() != null;
    }

    /** The id this step records its result under: the task's own, or its step id when a check follows. */
    static String recordId(UpscaleTask task) {
        return verified(task) ? UpscaleTask.stepResultId(task.taskId()) : task.taskId();
    }

    @Override
    public Outcome handle(UpscaleTask task) {
        JobStore.TaskStart start = retry.call("read job state", () -> jobs.taskStart(task.jobId(), recordId(task)));
        if (start.result().isPresent()) {
            announceAgain(task, start.result().get());
            return count(Outcome.ALREADY_DONE);
        }
        if (!start.jobExists()) {
            return count(Outcome.JOB_GONE);
        }
        if (start.canceled()) {
            return cancel(task);
        }
        events.progress(JobEvent.started(task.jobId(), task.taskId(), clock.instant()));
        Optional<byte[]> input = retry.call("read input", () -> jobs.objects().get(task.inputKey()));
        if (input.isEmpty()) {
            return retry.call("check job", () -> jobs.jobExists(task.jobId()))
                    ? fail(task, "input_missing", "the uploaded image is no longer stored")
                    : count(Outcome.JOB_GONE);
        }
        Timer.Sample sample = Timer.start(metrics);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(1 << 20);
        UpscaleOutcome outcome;
        Progress progress = new Progress(task);
        try {
            outcome = tracing.step("upscale inference",
                    () -> engine.upscale(input.get(), spec(task), encoded, progress));
        } catch (UpscaleFailure e) {
            boolean canceledHere = UpscaleFailure.CANCELED.equals(e.code());
            if (canceledHere && progress.watch.canceled()) {
                return cancel(task);
            }
            if (stopping.get()) {
                // Whatever a stop raised (a tile cut short, the runtime torn down) is a hand-back, never
                // a recorded failure: the next worker runs the task.
                throw new TaskInterrupted("worker stopping");
            }
            if (canceledHere) {
                return count(progress.watch.doneElsewhere() ? Outcome.ALREADY_DONE : Outcome.JOB_GONE);
            }
            return fail(task, e.code(), e.getMessage());
        }
        sample.stop(duration(task.model()));
        return store(task, outcome, encoded.toByteArray());
    }

    private Outcome store(UpscaleTask task, UpscaleOutcome outcome, byte[] bytes) {
        tracing.run("s3 write output",
                () -> retry.run("write output", () -> jobs.objects().put(task.outputKey(), bytes, outcome.contentType())));
        if (verified(task)) {
            // Before our own result: a crash in between upscales again and re-publishes; the check
            // skips a task whose result exists.
            verifications.publish(new VerifyTask(VerifyTask.VERSION, task.jobId(), task.taskId(),
                    task.verifyPhotoKey(), task.outputKey(), task.outputName(), outcome.contentType(),
                    outcome.width(), outcome.height(), clock.instant()));
        }
        TaskResult result = TaskResult.succeeded(task.jobId(), recordId(task), task.outputName(), task.outputKey(),
                outcome.contentType(), outcome.width(), outcome.height(), clock.instant(), task.identityScore());
        Optional<TaskResult> standing = tracing.step("s3 write result",
                () -> retry.call("write result", () -> jobs.recordResult(result)));
        if (!retry.call("check job", () -> jobs.jobExists(task.jobId()))) {
            // Deleted while we worked: what we just wrote must not outlive the job.
            retry.run("remove late output", () -> jobs.deleteJob(task.jobId()));
            return count(Outcome.JOB_GONE);
        }
        if (!standing.equals(Optional.of(result))) {
            // Another worker recorded this task first (this one lost its lock while running, or ran it
            // after a hand-back): its result stands, and this one wrote the same model's output of the
            // same input under the same key. Announced again in case that worker died before it did.
            standing.ifPresent(done -> announceAgain(task, done));
            return count(Outcome.ALREADY_DONE);
        }
        metrics.counter("upscaler.output.bytes").increment(bytes.length);
        if (verified(task)) {
            // The output's terminal event comes from the identity check.
            return count(Outcome.HANDED_ON);
        }
        events.announce(JobEvent.finished(result));
        return count(Outcome.SUCCEEDED);
    }

    /**
     * Announces the job's result for this output again, when there is one: this step's own, or for a
     * checked follow-on the check's (there once the check finished, or this step failed).
     */
    private void announceAgain(UpscaleTask task, TaskResult own) {
        Optional<TaskResult> visible = verified(task)
                ? retry.call("read task result", () -> jobs.result(task.jobId(), task.taskId()))
                : Optional.of(own);
        visible.ifPresent(result -> events.announce(JobEvent.finished(result)));
    }

    @Override
    public String describe(UpscaleTask task) {
        return "model " + task.model();
    }

    @Override
    public boolean isFailure(Outcome outcome) {
        return outcome == Outcome.FAILED;
    }

    @Override
    public void recordFailure(UpscaleTask task, String code, String message) {
        Optional<TaskResult> done = retry.call("read task result", () -> jobs.result(task.jobId(), recordId(task)));
        if (done.isPresent()) {
            announceAgain(task, done.get()); // stored first: never overwritten
            return;
        }
        fail(task, code, message);
    }

    private Outcome fail(UpscaleTask task, String code, String message) {
        LOG.infof("task failed: %s", code);
        TaskResult result = TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), code, message,
                clock.instant());
        if (verified(task)) {
            // The check will never come: the job's result fails first, then this step's own.
            retry.run("write result", () -> jobs.putResult(result));
            retry.run("write result", () -> jobs.putResult(TaskResult.failed(task.jobId(), recordId(task),
                    task.outputName(), code, message, result.finishedAt())));
        } else {
            retry.run("write result", () -> jobs.putResult(result));
        }
        if (!retry.call("check job", () -> jobs.jobExists(task.jobId()))) {
            retry.run("remove late result", () -> jobs.deleteJob(task.jobId()));
            return count(Outcome.JOB_GONE);
        }
        events.announce(JobEvent.finished(result));
        return count(Outcome.FAILED);
    }

    private Outcome cancel(UpscaleTask task) {
        TaskResult result = TaskResult.canceled(task.jobId(), task.taskId(), task.outputName(), clock.instant());
        retry.run("write result", () -> jobs.putResult(result));
        if (verified(task)) {
            retry.run("write result", () -> jobs.putResult(TaskResult.canceled(task.jobId(), recordId(task),
                    task.outputName(), result.finishedAt())));
        }
        events.announce(JobEvent.finished(result));
        return count(Outcome.CANCELED);
    }

    private Timer duration(String model) {
        return Timer.builder("upscaler.task.duration")
                .description("Time to upscale one image, decode to encode")
                .tag("model", model)
                .publishPercentileHistogram()
                .register(metrics);
    }

    private Outcome count(Outcome outcome) {
        return count(outcome, 1);
    }

    private Outcome count(Outcome outcome, int amount) {
        metrics.counter("upscaler.tasks", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment(amount);
        return outcome;
    }

    private UpscaleSpec spec(UpscaleTask task) {
        OutputFormat format = "jpeg".equals(task.format()) ? OutputFormat.JPEG : OutputFormat.PNG;
        return new UpscaleSpec(task.model(), task.scale(), task.targetWidth(), task.targetHeight(), format, 0,
                config.tileSize());
    }

    /** Publishes tile progress at most once per interval, and stops the engine when the job is gone or canceled. */
    private final class Progress implements UpscaleListener {
        private final UpscaleTask task;
        private final JobWatch watch;
        private long lastSent;

        Progress(UpscaleTask task) {
            this.task = task;
            this.watch = new JobWatch(jobs, task.jobId(), recordId(task), stopping::get);
        }

        @Override
        public void tileDone(int done, int total) {
            metrics.counter("upscaler.tiles").increment();
            long now = System.nanoTime();
            if (done == total || now - lastSent >= config.progressInterval().toNanos()) {
                lastSent = now;
                events.progress(JobEvent.progress(task.jobId(), task.taskId(), done, total, clock.instant()));
            }
        }

        @Override
        public boolean cancelled() {
            return watch.shouldStop();
        }
    }
}
