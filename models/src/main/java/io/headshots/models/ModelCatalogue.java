package io.headshots.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the model catalogue, which is data ({@code models/catalogue.json}) rather than code. */
public final class ModelCatalogue {

    static final String RESOURCE = "/models/catalogue.json";

    /**
     * Weight licences that allow commercial use; only these can be a task's default. A licence
     * that is not listed (e.g. a non-commercial one) keeps a model selectable by name only.
     */
    static final Set<String> COMMERCIAL_USE_LICENCES = Set.of(
            "Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "public-domain");

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
        // An absent scale reads as 0 and an absent defaultForTask as false; the checks below refuse an upscaler without a scale.
        List<ModelEntry> models = new ObjectMapper()
                .readValue(json, CatalogueFile.class)
                .models();
        Set<String> names = new HashSet<>();
        Set<ModelTask> tasksWithDefault = EnumSet.noneOf(ModelTask.class);
        for (ModelEntry m : models) {
            if (m.name() == null || m.task() == null || m.licence() == null || m.source() == null
                    || m.source().tarballSha256() == null) {
                throw new IllegalStateException("incomplete catalogue entry: " + m);
            }
            String missing = m.source().missingFields();
            if (missing != null) {
                throw new IllegalStateException(m.name() + ": source needs " + missing);
            }
            if ((m.task() == ModelTask.UPSCALE) != (m.scale() >= 1)) {
                throw new IllegalStateException(m.name() + ": an upscaler needs a scale >= 1, other models none");
            }
            if (!names.add(m.name())) {
                throw new IllegalStateException("catalogue lists " + m.name() + " twice");
            }
            if (m.defaultForTask()) {
                if (!COMMERCIAL_USE_LICENCES.contains(m.licence())) {
                    throw new IllegalStateException(m.name() + ": licence " + m.licence()
                            + " is not known to allow commercial use, so it cannot be a default");
                }
                if (!tasksWithDefault.add(m.task())) {
                    throw new IllegalStateException("catalogue has two defaults for " + m.task());
                }
            }
        }
        return List.copyOf(models);
    }
}
