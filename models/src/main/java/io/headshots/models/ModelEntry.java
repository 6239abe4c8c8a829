package io.headshots.models;

/**
 * One model of the catalogue.
 *
 * @param name the name callers pass to {@link ModelStore#ensure(String)}
 * @param scale upscale factor: output is scale x input in each dimension
 * @param architecture network family: {@code rrdbnet} (ESRGAN) or {@code srvgg} (compact VGG-style)
 * @param licence licence of the weights
 * @param description what the model is good for
 * @param source the pinned package the weights come from
 */
public record ModelEntry(String name, int scale, String architecture, String licence, String description,
                         ModelSource source) {
}
