package io.headshots.generator.worker;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headshots.contracts.GenerateTask;
import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Styles;
import io.headshots.contracts.TaskResult;
import io.headshots.contracts.UpscaleTask;
import io.headshots.generator.config.GeneratorConfig;
import io.headshots.generator.engine.GenerationFailure;
import io.headshots.generator.engine.IdentityMismatch;
import io.headshots.generator.engine.GenerationListener;
import io.headshots.generator.engine.Headshot;
import io.headshots.generator.engine.HeadshotEngine;
import io.headshots.generator.engine.HeadshotPng;
import io.headshots.generator.engine.HeadshotRequest;
import io.headshots.platform.storage.JobStore;
import io.headshots.platform.storage.StorageException;
import io.headshots.platform.storage.StorageRetry;
import io.headshots.platform.tracing.TaskTracing;
import io.headshots.platform.worker.JobWatch;
import io.headshots.platform.worker.TaskInterrupted;
import io.headshots.platform.worker.TaskWork;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Does one generate task, effectively once: a task whose result exists is skipped, a task whose job
 * is gone is dropped without writing, and a task that finishes after its job was deleted removes
 * what it wrote. A task of a canceled job (its cancel marker exists) is recorded canceled, when it is
 * picked or between engine steps once the periodic check sees the marker. Photos the engine refuses
 * fail the task with a reason; storage outages are retried.
 *
 * <p>Premium outputs ({@code upscaleSide > 0}) are three tasks: generate, upscale, and the identity
 * check after the upscale ({@link VerifyTaskHandler}), which records the job's result. This one writes the generated PNG,
 * publishes the follow-on {@link UpscaleTask} (id {@link GenerateTask#upscaleTaskId}) and only then
 * records its own result under its own id, which the job's task list does not contain: the job's
 * task for that output is the upscale task, so it succeeds only when the final output exists. A
 * failure here is recorded under both ids, so the job still reaches a terminal state. Events always
 * name the job's task (the upscale id for premium outputs), so the gateway sees the output start.
 *
 * <p>A result in S3 is announced by a terminal event after it is written. A worker killed between
 * the two leaves a result nobody announced, so a redelivered task whose result exists announces the
 * job's (visible) result again: an event can come twice, with identical content, never not at all.
 */
@ApplicationScoped
public class GenerateTaskHandler implements TaskWork<GenerateTask, GenerateTaskHandler.Outcome> {
    private static final Logger LOG = Logger.getLogger(GenerateTaskHandler.class);

    /** What became of a task. */
    public enum Outcome { SUCCEEDED, HANDED_ON, FAILED, CANCELED, ALREADY_DONE, JOB_GONE }

    private final JobStore jobs;
    private final HeadshotEngine engine;
    private final JobEventPublisher events;
    private final UpscaleTaskPublisher upscales;
    private final GeneratorConfig config;
    private final MeterRegistry metrics;
    private final StorageRetry retry;
    private final TaskTracing tracing;
    private final DistributionSummary identityDistance;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();

    public GenerateTaskHandler(JobStore jobs, HeadshotEngine engine, JobEventPublisher events,
            UpscaleTaskPublisher upscales, GeneratorConfig config, MeterRegistry metrics,
            OpenTelemetry openTelemetry) {
        this.jobs = jobs;
        this.tracing = new TaskTracing(openTelemetry);
        this.engine = engine;
        this.events = events;
        this.upscales = upscales;
        this.config = config;
        this.metrics = metrics;
        this.retry = new StorageRetry(new StorageRetry.Policy(config.retry().attempts(), config.retry().initialBackoff(),
                config.retry().maxBackoff()), stopping::get, metrics);
        this.identityDistance = identityDistance(metrics, "generated");
    }

    /**
     * The identity distance of each check, delivered or refused, by stage: {@code generated} (the
     * engine's own check) and {@code upscaled} (a premium headshot's check after its upscale).
     */
    static DistributionSummary identityDistance(MeterRegistry metrics, String stage) {
        return DistributionSummary.builder("generator.identity.distance")
                .description("Descriptor distance between the photo's face and each headshot's, delivered or refused, "
                        + "by stage (generated, upscaled)")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(0.01).maximumExpectedValue(2.0)
                .register(metrics);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    @Override
    public boolean stopping() {
        return stopping.get();
    }

    /** The id of the job's task this generate task serves: its own, or its upscale's for premium outputs. */
    static String visibleTaskId(GenerateTask task) {
        return task.upscaleSide() > 0 ? GenerateTask.upscaleTaskId(task.taskId()) : task.taskId();
    }

    @Override
    public Outcome handle(GenerateTask task) {
        JobStore.TaskStart start = retry.call("read job state", () -> jobs.taskStart(task.jobId(), task.taskId()));
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
        events.progress(JobEvent.started(task.jobId(), visibleTaskId(task), clock.instant()));
        Optional<byte[]> photo = retry.call("read input", () -> jobs.objects().get(task.inputKey()));
        if (photo.isEmpty()) {
            return jobExists(task) ? fail(task, "input_missing", "the uploaded photo is no longer stored")
                    : count(Outcome.JOB_GONE);
        }
        Styles.Style style = Styles.byName(task.style()).orElseThrow();
        Timer.Sample sample = Timer.start(metrics);
        Headshot headshot;
        Progress progress = new Progress(task);
        try {
            headshot = tracing.step("generate inference", () -> engine.generate(photo.get(),
                    new HeadshotRequest(style, task.variant(), task.size()), progress));
        } catch (GenerationFailure e) {
            boolean canceledHere = GenerationFailure.CANCELED.equals(e.code());
            if (canceledHere && progress.watch.canceled()) {
                return cancel(task);
            }
            if (stopping.get()) {
                // Whatever a stop raised (inference cut short, the runtime torn down) is a hand-back,
                // never a recorded failure: the next worker runs the task.
                throw new TaskInterrupted("worker stopping");
            }
            if (canceledHere) {
                return count(progress.watch.doneElsewhere() ? Outcome.ALREADY_DONE : Outcome.JOB_GONE);
            }
            if (e instanceof IdentityMismatch mismatch) {
                // refused outputs belong in the distribution too: it is how a threshold gets tuned
                mismatch.score().ifPresent(score -> identityDistance.record(score.distance()));
            }
            return fail(task, e.code(), e.getMessage());
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException e) {
            if (stopping.get()) {
                throw new TaskInterrupted("worker stopping");
            }
            LOG.errorf(e, "engine error");
            return fail(task, GenerationFailure.ENGINE_ERROR, "the headshot could not be generated");
        }
        sample.stop(Timer.builder("generator.task.duration")
                .description("Time to generate one headshot, photo decode to PNG")
                .tag("engine", engine.name())
                .tag("style", style.name())
                .publishPercentileHistogram()
                .register(metrics));
        identityDistance.record(headshot.identity().distance());
        headshot.notes().forEach(note -> LOG.debugf("task note: %s", note));
        return store(task, headshot);
    }

    private Outcome store(GenerateTask task, Headshot headshot) {
        byte[] png = HeadshotPng.encode(headshot.image());
        tracing.run("s3 write output", () -> retry.run("write output",
                () -> jobs.objects().put(task.outputKey(), png, HeadshotPng.CONTENT_TYPE)));
        boolean premium = task.upscaleSide() > 0;
        if (premium) {
            // Before our own result: a crash in between regenerates the same bytes and re-publishes,
            // and the upscaler skips a task it has already done.
            upscales.publish(followOn(task, identityScore(headshot)));
        }
        TaskResult result = TaskResult.succeeded(task.jobId(), task.taskId(), task.outputName(), task.outputKey(),
                HeadshotPng.CONTENT_TYPE, headshot.image().getWidth(), headshot.image().getHeight(),
                clock.instant(), identityScore(headshot));
        Optional<TaskResult> standing = tracing.step("s3 write result",
                () -> retry.call("write result", () -> jobs.recordResult(result)));
        if (!jobExists(task)) {
            // Deleted while we worked: what we just wrote must not outlive the job.
            retry.run("remove late output", () -> jobs.deleteJob(task.jobId()));
            return count(Outcome.JOB_GONE);
        }
        if (!standing.equals(Optional.of(result))) {
            return finishedElsewhere(task, standing);
        }
        metrics.counter("generator.output.bytes").increment(png.length);
        if (premium) {
            // The job's task for this output is the upscale; its terminal event comes from the upscaler.
            events.progress(JobEvent.progress(task.jobId(), visibleTaskId(task), Progress.STEPS, Progress.STEPS,
                    clock.instant()));
            return count(Outcome.HANDED_ON);
        }
        events.announce(JobEvent.finished(result));
        return count(Outcome.SUCCEEDED);
    }

    /**
     * Another worker recorded this task's result first (this one lost its lock while running, or ran it
     * after a hand-back): that result stands, and this one's output write put the same model's image of
     * the same input under the same key. The standing result is announced again, in case its worker died
     * before announcing it.
     */
    private Outcome finishedElsewhere(GenerateTask task, Optional<TaskResult> standing) {
        standing.ifPresent(done -> announceAgain(task, done));
        return count(Outcome.ALREADY_DONE);
    }

    /**
     * Announces the job's result for this output again, when there is one: this task's own, or for a
     * premium output its upscale's (there once the upscale finished or this task failed).
     */
    private void announceAgain(GenerateTask task, TaskResult own) {
        Optional<TaskResult> visible = task.upscaleSide() > 0
                ? retry.call("read task result", () -> jobs.result(task.jobId(), visibleTaskId(task)))
                : Optional.of(own);
        visible.ifPresent(result -> events.announce(JobEvent.finished(result)));
    }

    @Override
    public String describe(GenerateTask task) {
        return "style " + task.style() + (task.upscaleSide() > 0 ? ", premium" : "");
    }

    @Override
    public boolean isFailure(Outcome outcome) {
        return outcome == Outcome.FAILED;
    }

    @Override
    public void recordFailure(GenerateTask task, String code, String message) {
        Optional<TaskResult> done = retry.call("read task result", () -> jobs.result(task.jobId(), task.taskId()));
        if (done.isPresent()) {
            announceAgain(task, done.get()); // stored first: never overwritten
            return;
        }
        fail(task, code, message);
    }

    /** The cosine the identity check measured, recorded with the output; null if it is not a number. */
    private static Double identityScore(Headshot headshot) {
        double cosine = headshot.identity().cosine();
        return Double.isFinite(cosine) ? cosine : null;
    }

    /**
     * The premium output's upscale. It names the photo, so the upscaled face is checked again against it
     * ({@link VerifyTaskHandler}) and the job shows the score after the upscale; the score measured here
     * travels too, for the step's own record.
     */
    UpscaleTask followOn(GenerateTask task, Double identityScore) {
        return new UpscaleTask(UpscaleTask.VERSION, task.jobId(), GenerateTask.upscaleTaskId(task.taskId()),
                task.outputKey(), task.upscaleKey(), task.outputName(), config.upscale().model(), 0,
                task.upscaleSide(), task.upscaleSide(), config.upscale().format(), clock.instant(), identityScore,
                task.inputKey());
    }

    private Outcome fail(GenerateTask task, String code, String message) {
        LOG.infof("task failed: %s", code);
        TaskResult own = TaskResult.failed(task.jobId(), task.taskId(), task.outputName(), code, message,
                clock.instant());
        TaskResult visible = own;
        if (task.upscaleSide() > 0) {
            // The upscale will never come: its task, the one the job waits for, fails with the same reason.
            visible = TaskResult.failed(task.jobId(), visibleTaskId(task), task.outputName(), code, message,
                    own.finishedAt());
            TaskResult first = visible;
            retry.run("write result", () -> jobs.putResult(first));
        }
        retry.run("write result", () -> jobs.putResult(own));
        if (!jobExists(task)) {
            retry.run("remove late result", () -> jobs.deleteJob(task.jobId()));
            return count(Outcome.JOB_GONE);
        }
        events.announce(JobEvent.finished(visible));
        metrics.counter("generator.failures", "code", code).increment();
        return count(Outcome.FAILED);
    }

    /** Recorded like a failure: under the task's own id and, for a premium output, its upscale's. */
    private Outcome cancel(GenerateTask task) {
        TaskResult own = TaskResult.canceled(task.jobId(), task.taskId(), task.outputName(), clock.instant());
        TaskResult visible = own;
        if (task.upscaleSide() > 0) {
            visible = TaskResult.canceled(task.jobId(), visibleTaskId(task), task.outputName(), own.finishedAt());
            TaskResult first = visible;
            retry.run("write result", () -> jobs.putResult(first));
        }
        retry.run("write result", () -> jobs.putResult(own));
        events.announce(JobEvent.finished(visible));
        return count(Outcome.CANCELED);
    }

    private boolean jobExists(GenerateTask task) {
        return retry.call("check job", () -> jobs.jobExists(task.jobId()));
    }

    private Outcome count(Outcome outcome) {
        metrics.counter("generator.tasks", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }

    /** Publishes step progress at most once per interval; stops the engine when the {@link JobWatch} says so. */
    private final class Progress implements GenerationListener {
        static final int STEPS = 6;
        private final GenerateTask task;
        private final JobWatch watch;
        private long lastSent;

        Progress(GenerateTask task) {
            this.task = task;
            this.watch = new JobWatch(jobs, task.jobId(), task.taskId(), stopping::get);
        }

        @Override
        public void step(int done, int total) {
            long now = System.nanoTime();
            if (done < total && now - lastSent >= config.progressInterval().toNanos()) {
                lastSent = now;
                events.progress(JobEvent.progress(task.jobId(), visibleTaskId(task), done, total, clock.instant()));
            }
        }

        @Override
        public boolean cancelled() {
            return watch.shouldStop();
        }
    }
}
