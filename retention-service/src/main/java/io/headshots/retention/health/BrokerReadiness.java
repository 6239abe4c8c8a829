package io.headshots.retention.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the broker answers: the topic retention guard caps the retention of every topic
 * (task messages carry job ids and keys), and cannot while the broker is out of reach.
 */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
    /** Within the one second a Kubernetes probe waits by default. */
    static final Duration ANSWER_WITHIN = Duration.ofMillis(900);

    private final String bootstrapServers;
    private Admin admin;

    public BrokerReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka");
        try {
            String cluster = admin().describeCluster(new DescribeClusterOptions()
                    .timeoutMs((int) ANSWER_WITHIN.toMillis())).clusterId()
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            return response.up().withData("cluster", cluster).build();
        } catch (ExecutionException | TimeoutException e) {
            return response.down().withData("error", "broker unreachable: " + e.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return response.down().build();
        }
    }

    /** One admin client for every probe: a new one per probe would open a new connection each time. */
    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis()));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
