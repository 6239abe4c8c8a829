package io.headshots.generator.engine.capacity;

import java.util.List;

/**
 * Keeps the {@link CapacityTestEngine} out of production: it is built only when the active Quarkus
 * profiles are known and none of them is {@value #PRODUCTION_PROFILE} (the profile of the packaged
 * app unless {@code quarkus.profile} says otherwise; {@code bench/capacity-bench.sh} starts its
 * workers with {@code -Dquarkus.profile=bench}).
 */
public final class CapacityTestGuard {
    /** Quarkus' production profile: the default of a packaged app. */
    public static final String PRODUCTION_PROFILE = "prod";

    private CapacityTestGuard() {
    }

    /**
     * @param activeProfiles the active Quarkus profiles ({@code ConfigUtils.getProfiles()})
     * @throws IllegalStateException when they include the production profile or are unknown (empty)
     */
    public static void requireNonProduction(List<String> activeProfiles) {
        if (activeProfiles == null || activeProfiles.isEmpty() || activeProfiles.contains(PRODUCTION_PROFILE)) {
            throw new IllegalStateException("generator.engine=" + CapacityTestEngine.NAME
                    + " is refused in the production profile (active profiles: " + activeProfiles + "): it runs no"
                    + " model, makes no identity check and writes a synthetic pattern, for capacity benchmarks"
                    + " only. Start the worker with another profile (-Dquarkus.profile=bench, as"
                    + " bench/capacity-bench.sh does) to use it, or choose generator.engine=default.");
        }
    }
}
