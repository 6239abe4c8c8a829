package io.headshots.upscaler.engine;

/**
 * What one upscale produced.
 *
 * @param width       width of the written image in pixels
 * @param height      height of the written image in pixels
 * @param contentType MIME type of the written bytes
 * @param tiles       how many tiles the model ran on
 */
public record UpscaleOutcome(int width, int height, String contentType, int tiles) {
}
