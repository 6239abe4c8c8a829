package io.headshots.platform.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** Applies the {@link TopicPlan} when a service starts, so no service depends on another's start. */
@ApplicationScoped
public class TopicStartup {
    private static final Logger LOG = Logger.getLogger(TopicStartup.class);

    void onStart(@Observes StartupEvent event, TopicsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        if (!config.provision()) {
            return;
        }
        try {
            var lowered = TopicProvisioner.apply(bootstrap,
                    TopicPlan.forSystem(config.partitions(), config.replication(), config.retention().toMillis()));
            if (!lowered.isEmpty()) {
                LOG.infof("lowered retention of topics %s to %s", lowered, config.retention());
            }
        } catch (RuntimeException e) {
            // The broker may still be starting; consumers wait for their topics to appear.
            LOG.warnf("topic provisioning failed at start-up: %s", e.getMessage());
        }
    }
}
