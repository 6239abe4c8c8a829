package io.headshots.gateway.validation;

/**
 * The size limits an input image is held to, checked from its header before anything else.
 *
 * @param maxPixels most pixels (width x height) an image may declare
 * @param minSide   shortest accepted side
 */
public record ImageLimits(long maxPixels, int minSide) {
}
