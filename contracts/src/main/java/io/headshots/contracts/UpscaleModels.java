package io.headshots.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * The upscale models the API offers, read from {@code upscale-models.json} (data, not code). How
 * each model is obtained and converted is the models module's catalogue.
 */
public final class UpscaleModels {
    private static final List<Model> MODELS = load();

    private UpscaleModels() {
    }

    /** One offered model. {@code scale} is the network's native factor. */
    public record Model(String name, int scale, boolean isDefault, String description) {
    }

    public static List<Model> all() {
        return MODELS;
    }

    public static Optional<Model> byName(String name) {
        return MODELS.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public static Model defaultModel() {
        return MODELS.stream().filter(Model::isDefault).findFirst().orElseThrow();
    }

    private static List<Model> load() {
        try (InputStream in = UpscaleModels.class.getResourceAsStream("upscale-models.json")) {
            return List.copyOf(Messages.mapper().readValue(in, new TypeReference<List<Model>>() {
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
