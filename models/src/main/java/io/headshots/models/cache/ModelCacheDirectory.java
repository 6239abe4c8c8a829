package io.headshots.models.cache;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where converted models and downloaded packages live: outside the repository, shared by every
 * checkout, CLI run and test JVM on the machine.
 */
public final class ModelCacheDirectory {

    public static final String ENV_VAR = "HEADSHOT_MODELS_DIR";
    public static final String SYSTEM_PROPERTY = "headshot.models.dir";

    private ModelCacheDirectory() {
    }

    /** {@code $HEADSHOT_MODELS_DIR}, else {@code -Dheadshot.models.dir}, else {@code ~/.cache/headshot-pipeline/models}. */
    public static Path resolve() {
        return resolve(System.getenv(), System.getProperty(SYSTEM_PROPERTY), System.getProperty("user.home"));
    }

    static Path resolve(Map<String, String> env, String property, String userHome) {
        String fromEnv = env.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        return Path.of(userHome, ".cache", "headshot-pipeline", "models");
    }
}
