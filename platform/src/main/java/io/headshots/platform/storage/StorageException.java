package io.headshots.platform.storage;

/**
 * A failed storage call. {@link #isTransient()} separates an outage or overload, worth a retry, from
 * a request S3 refused for good.
 */
public class StorageException extends RuntimeException {
    private final boolean transientFailure;

    public StorageException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
