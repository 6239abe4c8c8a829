package io.headshots.models;

/**
 * One model of the catalogue.
 *
 * @param name the name callers pass to {@link ModelStore#ensure(String)}
 * @param task what the model does, which fixes the shape of its I/O contract
 * @param scale {@link ModelTask#UPSCALE}: output is scale x input in each dimension; 0 for other tasks
 * @param architecture network family, e.g. {@code rrdbnet}, {@code srvgg}, {@code blazeface}, {@code isnet}
 * @param licence licence of the weights (SPDX id, or {@code public-domain})
 * @param defaultForTask whether this is the model to use for its task when none is named; only
 *     models whose weights' licence allows commercial use can be the default, at most one per task
 * @param description what the model is good for
 * @param source the pinned package the weights come from
 */
public record ModelEntry(String name, ModelTask task, int scale, String architecture, String licence,
                         boolean defaultForTask, String description, ModelSource source) {
}
