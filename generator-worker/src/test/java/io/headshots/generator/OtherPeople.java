package io.headshots.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.headshots.models.ModelSource;
import io.headshots.models.ModelStore;
import io.headshots.models.source.NpmPackageFetcher;
import io.headshots.models.source.TarballEntries;

/**
 * Photos of people other than the test portrait's: the demo photos of {@code @vladmandic/face-api@1.7.15},
 * read from the same pinned, sha256-verified tarball the face descriptor is converted from (the models
 * module's tests use them too). Nothing of them is committed here.
 */
public final class OtherPeople {
    /** The catalogue model whose package carries the photos. */
    private static final String CARRIER = "dlib-resnet-face-descriptor";

    private OtherPeople() {
    }

    /** {@code package/demo/NAME} of the tarball (e.g. {@code sample2.jpg}), as stored. */
    public static byte[] demoPhoto(String name) {
        try {
            ModelStore store = ModelStore.defaultStore();
            ModelSource source = store.entry(CARRIER).orElseThrow().source();
            Path tarball = new NpmPackageFetcher(store.root().resolve("packages"))
                    .fetch(source.npmSpec(), source.tarballSha256());
            Path file = Files.createTempFile("demo-", ".jpg");
            try {
                TarballEntries.extract(tarball, Map.of("package/demo/" + name, file));
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
