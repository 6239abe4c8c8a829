package io.headshots.platform.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

/** One S3 client per service, from {@link S3Config}. */
@ApplicationScoped
public class StorageProducer {
    private static final Logger LOG = Logger.getLogger(StorageProducer.class);

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(S3Config config) {
        ObjectStore store = ObjectStore.connect(config);
        if (config.createBucket()) {
            try {
                store.ensureBucket();
            } catch (StorageException e) {
                // The store may be down at start-up; readiness reports it and calls retry later.
                LOG.warnf("bucket check failed at start-up: %s", e.getMessage());
            }
        }
        return store;
    }

    @Produces
    @ApplicationScoped
    JobStore jobStore(ObjectStore objects) {
        return new JobStore(objects);
    }
}
