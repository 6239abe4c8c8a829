package io.headshots.contracts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.f4b6a3.uuid.factory.standard.TimeOrderedEpochFactory;

/**
 * Job ids are UUIDv7: time-ordered (their first 48 bits are the creation time in milliseconds)
 * and unguessable (74 random bits). The embedded time gives the storage hour prefix, so finding a
 * job's objects needs no index and retention can drop whole hours.
 */
public final class JobIds {
    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final TimeOrderedEpochFactory factory;

    public JobIds(Clock clock) {
        this.factory = TimeOrderedEpochFactory.builder()
                .withClock(clock)
                .withRandom(new SecureRandom())
                .build();
    }

    /** A new id whose timestamp is the clock's now. */
    public String next() {
        return factory.create().toString();
    }

    /** True for a canonical lower-case UUIDv7 string; anything else is not a job id of ours. */
    public static boolean isValid(String id) {
        return id != null && CANONICAL.matcher(id).matches();
    }

    /** The creation time embedded in a job id. */
    public static Instant createdAt(String jobId) {
        if (!isValid(jobId)) {
            throw new IllegalArgumentException("not a job id");
        }
        long millis = UUID.fromString(jobId).getMostSignificantBits() >>> 16;
        return Instant.ofEpochMilli(millis);
    }
}
