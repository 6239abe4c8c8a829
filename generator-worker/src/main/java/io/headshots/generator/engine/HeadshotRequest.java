package io.headshots.generator.engine;

import io.headshots.contracts.Styles;

/**
 * One headshot to make.
 *
 * @param variant which output of the style this is; the seed of its variation, so the same request
 *                gives the same image and another variant a different one
 * @param size    side of the square output in pixels
 */
public record HeadshotRequest(Styles.Style style, int variant, int size) {
    public HeadshotRequest {
        if (style == null || variant < 0 || size < 64 || size > 4096) {
            throw new IllegalArgumentException("style required, variant >= 0, size in 64..4096");
        }
    }
}
