package io.headshots.gateway.rest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Empties the multipart uploads directory at start-up. Uploads are deleted when their request ends
 * ({@code quarkus.http.body.delete-uploaded-files-on-end}); a process that was killed mid-request
 * leaves its files behind, selfies included, and this is where they go. Only files older than this
 * process are deleted, so another gateway sharing the directory keeps its requests' uploads.
 */
@ApplicationScoped
public class LeftoverUploads {
    private static final Logger LOG = Logger.getLogger(LeftoverUploads.class);

    private final Path directory;

    LeftoverUploads(@ConfigProperty(name = "quarkus.http.body.uploads-directory") Path directory) {
        this.directory = directory;
    }

    void deleteAtStartup(@Observes StartupEvent event) {
        FileTime processStart = FileTime.fromMillis(ManagementFactory.getRuntimeMXBean().getStartTime());
        if (!Files.isDirectory(directory)) {
            return;
        }
        int deleted = 0;
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> leftovers = files.filter(Files::isRegularFile).toList();
            for (Path file : leftovers) {
                try {
                    if (Files.getLastModifiedTime(file).compareTo(processStart) < 0 && Files.deleteIfExists(file)) {
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
            LOG.infof("deleted %d uploads left by an earlier run", deleted);
        }
    }
}
