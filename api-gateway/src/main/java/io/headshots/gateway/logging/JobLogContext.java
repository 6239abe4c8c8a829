package io.headshots.gateway.logging;

import org.jboss.logging.MDC;

import io.headshots.contracts.JobIds;

/**
 * The job the lines logged in a scope are about, as the MDC field {@value #JOB_ID} (a field of JSON
 * logs, named as the workers name it): {@code try (var about = JobLogContext.about(jobId)) {...}}.
 * Closing restores what was there before, so scopes nest and nothing outlives its scope: on a Vert.x
 * thread the MDC lives in the request's (duplicated) context, elsewhere in a thread-local that the
 * thread's next job would otherwise inherit.
 *
 * <p>Only a well-formed job id (a random UUIDv7) is ever put: an id from a request path is the
 * client's text until checked, and free text could carry anything, personal data included.
 */
public final class JobLogContext implements AutoCloseable {
    /** MDC field of the lines about a job. */
    public static final String JOB_ID = "jobId";

    private final Object previous;

    private JobLogContext(Object previous) {
        this.previous = previous;
    }

    /** Lines logged until {@link #close()} carry {@code jobId}; a malformed id leaves the MDC as it is. */
    public static JobLogContext about(String jobId) {
        Object previous = MDC.get(JOB_ID);
        if (JobIds.isValid(jobId)) {
            MDC.put(JOB_ID, jobId);
        }
        return new JobLogContext(previous);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(JOB_ID);
        } else {
            MDC.put(JOB_ID, previous);
        }
    }
}
