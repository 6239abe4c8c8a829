package io.headshots.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the model catalogue, which is data ({@code models/catalogue.json}) rather than code. */
public final class ModelCatalogue {

    static final String RESOURCE = "/models/catalogue.json";

    private record CatalogueFile(List<ModelEntry> models) {
    }

    private ModelCatalogue() {
    }

    /** The catalogue shipped in this jar. */
    public static List<ModelEntry> bundled() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static List<ModelEntry> read(InputStream json) throws IOException {
        List<ModelEntry> models = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .readValue(json, CatalogueFile.class)
                .models();
        Set<String> names = new HashSet<>();
        for (ModelEntry m : models) {
            if (m.name() == null || m.source() == null || m.source().tarballSha256() == null || m.scale() < 1) {
                throw new IllegalStateException("incomplete catalogue entry: " + m);
            }
            if (!names.add(m.name())) {
                throw new IllegalStateException("catalogue lists " + m.name() + " twice");
            }
        }
        return List.copyOf(models);
    }
}
