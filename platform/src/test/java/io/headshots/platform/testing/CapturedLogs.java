package io.headshots.platform.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record of INFO and above that the process emits while installed, as the console would
 * print it: the formatted message and any stack trace, and the record's MDC fields (what JSON logs
 * print as {@code mdc}). Installed on the root logger, so it sees Quarkus, SmallRye, Kafka and our
 * own categories alike.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Line> records = new CopyOnWriteArrayList<>();

    /** One record: its text as {@link #lines()} has it, and its MDC fields. */
    public record Line(String text, Map<String, String> fields) {
    }

    private CapturedLogs() {
        setLevel(Level.INFO);
    }

    public static CapturedLogs install() {
        CapturedLogs logs = new CapturedLogs();
        Logger.getLogger("").addHandler(logs);
        return logs;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.INFO.intValue()) {
            return;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        StringBuilder line = new StringBuilder(record.getLevel() + " [" + record.getLoggerName() + "] " + message);
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
        records.add(new Line(line.toString(),
                record instanceof ExtLogRecord ext ? Map.copyOf(ext.getMdcCopy()) : Map.of()));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The records with their MDC fields. */
    public List<Line> records() {
        return List.copyOf(records);
    }

    public String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
