package io.headshots.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.gateway.events.JobEventsAssignment;
import io.smallrye.common.annotation.Identifier;

/** Ready only once this replica reads {@code jobs.events}: before that, SSE streams would miss progress. */
@Readiness
@ApplicationScoped
public class EventsReadiness implements HealthCheck {
    private final JobEventsAssignment assignment;

    public EventsReadiness(@Identifier(JobEventsAssignment.NAME) JobEventsAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("job-events")
                .status(assignment.isAssigned())
                .withData("partitions", assignment.partitions())
                .build();
    }
}
