package io.headshots.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON encoding of every message and stored record, one configuration for all services. */
public final class Messages {
    /**
     * The injectable value (null) of an optional field added after records were first written:
     * annotate it {@code @JacksonInject(value = ABSENT, useInput = OptBoolean.TRUE)} and an old record
     * without it still reads, while every other missing field is still an error.
     */
    public static final String ABSENT = "absent-optional-field";
    /**
     * The same as {@link #ABSENT} for a record's second optional field: Jackson refuses two fields of
     * one class injected under one id.
     */
    public static final String ABSENT_2 = "absent-optional-field-2";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Newer producers may add fields; the version field guards real incompatibility.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .injectableValues(new InjectableValues.Std().addValue(ABSENT, null).addValue(ABSENT_2, null))
            .build();

    private Messages() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toJson(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes and validates a task message. Anything that cannot be acted on, whatever the number of
     * retries, is a {@link PoisonMessageException} whose message is a reason safe to log (it never
     * echoes the payload).
     */
    /**
     * The Kafka key of a task record: its job and task id, unique per task, so that one job's tasks
     * spread over the partitions (the queues do not need order; {@code jobs.events} keeps job id keys).
     */
    public static String taskKey(TaskMessage task) {
        return task.jobId() + "/" + task.taskId();
    }

    public static <T extends TaskMessage> T decodeTask(byte[] payload, Class<T> type) {
        if (payload == null || payload.length == 0) {
            throw new PoisonMessageException("empty message");
        }
        T task;
        try {
            task = MAPPER.readValue(payload, type);
        } catch (MismatchedInputException e) {
            throw new PoisonMessageException(fieldReason(e, type), e);
        } catch (IOException e) {
            throw new PoisonMessageException("not a valid " + type.getSimpleName() + " JSON document", e);
        }
        task.validate();
        return task;
    }

    /** Names the field at fault (a field of our schema, checked so no payload text reaches a log). */
    private static String fieldReason(MismatchedInputException e, Class<?> type) {
        var path = e.getPath();
        String field = path.isEmpty() ? null : path.get(path.size() - 1).getFieldName();
        if (field == null || !field.matches("[A-Za-z][A-Za-z0-9]{0,39}")) {
            return "not a valid " + type.getSimpleName() + " JSON document";
        }
        boolean missing = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Missing ");
        return missing ? field + " missing" : field + " has the wrong type";
    }

    static void require(boolean condition, String reason) {
        if (!condition) {
            throw new PoisonMessageException(reason);
        }
    }
}
