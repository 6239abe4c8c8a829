package io.headshots.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka topics of the system. Every message is small JSON that carries S3 keys, never image bytes.
 * Task topics come in two lanes ({@link Lane}); they are consumed through share groups and keyed by
 * task id, so one job's tasks spread over every worker. {@link #EVENTS} is keyed by job id and read
 * by consumer groups (order per job matters there). Retention of every topic is capped at
 * {@link #MAX_RETENTION_MS}: the references inside are personal data too.
 */
public final class Topics {
    /** Generation tasks of the free lane. */
    public static final String GENERATE = "jobs.generate";
    /** Generation tasks of the premium lane. */
    public static final String GENERATE_PREMIUM = "jobs.generate.premium";
    /** Upscale tasks of the free lane. */
    public static final String UPSCALE = "jobs.upscale";
    /** Upscale tasks of the premium lane (premium uploads and every premium headshot's follow-on). */
    public static final String UPSCALE_PREMIUM = "jobs.upscale.premium";
    /**
     * Identity checks of premium headshots after their upscale ({@link VerifyTask}): upscaler to
     * generator. Premium only (only premium headshots are upscaled), so it has no free lane.
     */
    public static final String VERIFY_PREMIUM = "jobs.verify.premium";
    public static final String EVENTS = "jobs.events";

    /** 24 hours: no message may outlive the job it refers to. */
    public static final long MAX_RETENTION_MS = 86_400_000L;

    private Topics() {
    }

    /** The dead-letter topic of a work topic. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }

    /** The generation topic of a lane. */
    public static String generate(Lane lane) {
        return lane == Lane.PREMIUM ? GENERATE_PREMIUM : GENERATE;
    }

    /** The upscale topic of a lane. */
    public static String upscale(Lane lane) {
        return lane == Lane.PREMIUM ? UPSCALE_PREMIUM : UPSCALE;
    }

    /** The task topics, every lane of every kind. */
    public static List<String> tasks() {
        return List.of(GENERATE, GENERATE_PREMIUM, UPSCALE, UPSCALE_PREMIUM, VERIFY_PREMIUM);
    }

    /** Every topic the system creates, dead-letter topics included. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(tasks());
        all.add(EVENTS);
        tasks().forEach(topic -> all.add(deadLetter(topic)));
        return List.copyOf(all);
    }
}
