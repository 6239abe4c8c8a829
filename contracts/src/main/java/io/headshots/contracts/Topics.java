package io.headshots.contracts;

import java.util.List;

/**
 * Kafka topics of the system. Every message is small JSON keyed by job id and carries S3 keys,
 * never image bytes. Retention of every topic is capped at {@link #MAX_RETENTION_MS}: the
 * references inside are personal data too.
 */
public final class Topics {
    public static final String GENERATE = "jobs.generate";
    public static final String UPSCALE = "jobs.upscale";
    public static final String EVENTS = "jobs.events";

    /** 24 hours: no message may outlive the job it refers to. */
    public static final long MAX_RETENTION_MS = 86_400_000L;

    private Topics() {
    }

    /** The dead-letter topic of a work topic. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the system creates, dead-letter topics included. */
    public static List<String> all() {
        return List.of(GENERATE, UPSCALE, EVENTS, deadLetter(GENERATE), deadLetter(UPSCALE));
    }
}
