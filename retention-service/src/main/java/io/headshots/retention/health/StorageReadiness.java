package io.headshots.retention.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.headshots.platform.storage.ObjectStore;
import io.headshots.platform.storage.StorageException;

/** Ready only while the bucket answers: without S3 no sweep can delete anything. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {
    /** A key that never exists: asking for it proves reachability and credentials, and costs one HEAD. */
    private static final String PROBE_KEY = "health/readiness-probe";

    private final ObjectStore objects;

    public StorageReadiness(ObjectStore objects) {
        this.objects = objects;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3").withData("bucket", objects.bucket());
        try {
            objects.exists(PROBE_KEY);
            return response.up().build();
        } catch (StorageException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
