package io.headshots.gateway.config;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.headshots.contracts.JobIds;

/** The clock and id generator the gateway uses; one place to swap them. */
@ApplicationScoped
public class CoreProducers {
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    JobIds jobIds(Clock clock) {
        return new JobIds(clock);
    }
}
