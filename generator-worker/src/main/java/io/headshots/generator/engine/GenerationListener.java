package io.headshots.generator.engine;

/** Told of an engine's progress; asked between steps whether to stop. Called on the generating thread. */
public interface GenerationListener {
    GenerationListener NONE = new GenerationListener() {
    };

    /** {@code done} of {@code total} steps are finished. */
    default void step(int done, int total) {
    }

    /** True to stop at the next step with {@link GenerationFailure#CANCELED}. */
    default boolean cancelled() {
        return false;
    }
}
