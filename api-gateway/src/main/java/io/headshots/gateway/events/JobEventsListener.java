package io.headshots.gateway.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.headshots.contracts.JobEvent;
import io.headshots.contracts.Messages;
import io.headshots.gateway.logging.JobLogContext;
import io.headshots.gateway.metrics.GatewayMetrics;
import io.headshots.gateway.service.JobViews;
import io.smallrye.common.annotation.Blocking;

/**
 * Folds {@code jobs.events} into the job views. Every gateway replica reads every event (its own
 * consumer group, from the latest offset): a replica must hear about the jobs its clients watch,
 * whichever replica created them. Nothing is committed; a restarted replica starts at the end and
 * reads anything it missed from S3.
 */
@ApplicationScoped
public class JobEventsListener {
    /** The incoming channel; its topic and consumer settings are in application.properties. */
    public static final String CHANNEL = "job-events";
    private static final Logger LOG = Logger.getLogger(JobEventsListener.class);

    private final JobViews views;
    private final GatewayMetrics metrics;

    public JobEventsListener(JobViews views, GatewayMetrics metrics) {
        this.views = views;
        this.metrics = metrics;
    }

    // Blocking: a terminal event reads its task result from S3.
    @Incoming(CHANNEL)
    @Blocking
    public void onEvent(byte[] payload) {
        JobEvent event;
        try {
            event = Messages.fromJson(payload, JobEvent.class);
        } catch (RuntimeException e) {
            metrics.eventSkipped();
            LOG.warnf("skipped an undecodable job event: %s", e.getClass().getSimpleName());
            return;
        }
        if (event == null || event.jobId() == null || event.taskId() == null) {
            metrics.eventSkipped();
            return;
        }
        try (var about = JobLogContext.about(event.jobId())) {
            views.apply(event);
        }
    }
}
