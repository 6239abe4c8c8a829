package io.headshots.generator.engine;

import java.awt.image.BufferedImage;

import com.pngencoder.PngEncoder;

/** PNG encoding of a headshot; the same image always gives the same bytes. */
public final class HeadshotPng {
    public static final String CONTENT_TYPE = "image/png";

    private HeadshotPng() {
    }

    public static byte[] encode(BufferedImage image) {
        return new PngEncoder().withBufferedImage(image).withMultiThreadedCompressionEnabled(true).toBytes();
    }
}
