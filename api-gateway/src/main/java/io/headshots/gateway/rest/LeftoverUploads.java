package io.headshots.gateway.rest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.headshots.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Empties the multipart uploads directory of files no request owns any more. Uploads are deleted
 * when their request ends ({@code quarkus.http.body.delete-uploaded-files-on-end}); a process killed
 * mid-request, or a request whose clean-up failed, leaves its files behind, selfies included. At
 * start-up every file older than this process goes (another gateway sharing the directory keeps its
 * requests' uploads); then, every {@code gateway.upload.leftover-sweep-interval}, every file
 * older than {@code gateway.upload.leftover-max-age}, far longer than any request can last, so a
 * long-running gateway never keeps an aborted upload for long, let alone past the 24 h promise.
 */
@ApplicationScoped
public class LeftoverUploads {
    private static final Logger LOG = Logger.getLogger(LeftoverUploads.class);

    private final Path directory;
    private final Duration interval;
    private final Duration maxAge;
    private ScheduledExecutorService timer;

    LeftoverUploads(@ConfigProperty(name = "quarkus.http.body.uploads-directory") Path directory,
            GatewayConfig config) {
        this.directory = directory;
        this.interval = config.upload().leftoverSweepInterval();
        this.maxAge = config.upload().leftoverMaxAge();
    }

    void onStart(@Observes StartupEvent event) {
        deleteOlderThan(FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime()));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "leftover-uploads");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> deleteOlderThan(FileTime.from(Instant.now().minus(maxAge))),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Deletes the regular files last modified before {@code cutoff}; returns how many. */
    int deleteOlderThan(FileTime cutoff) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> leftovers = files.filter(Files::isRegularFile).toList();
            for (Path file : leftovers) {
                try {
                    if (Files.getLastModifiedTime(file).compareTo(cutoff) < 0 && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // its request ended meanwhile
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not empty the uploads directory: %s", e.getClass().getSimpleName());
        }
        if (deleted > 0) {
            LOG.infof("deleted %d uploads that no request owns any more", deleted);
        }
        return deleted;
    }
}
