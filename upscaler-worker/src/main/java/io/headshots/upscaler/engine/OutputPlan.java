package io.headshots.upscaler.engine;

import java.awt.Rectangle;

/**
 * The geometry of one upscale: which part of the upright input is used, how large the
 * model's output is, and the final size after resampling.
 *
 * @param crop         region of the upright input the output shows
 * @param context      the crop grown by a margin (within the image) that the model also
 *                     sees, so a crop edge inside the picture gets real neighbours instead
 *                     of the model's zero padding; cut off again after the model
 * @param nativeWidth  crop width times the model's scale
 * @param nativeHeight crop height times the model's scale
 * @param width        final width
 * @param height       final height
 */
record OutputPlan(Rectangle crop, Rectangle context, int nativeWidth, int nativeHeight, int width, int height) {

    /**
     * Plans an upscale of a {@code width} x {@code height} upright input.
     * A scale gives {@code scale * width} x {@code scale * height}. A box is covered and
     * centre-cropped: the input is cut about its centre to the box's aspect ratio (rounded
     * to whole input pixels) and the result resized to exactly the box.
     */
    static OutputPlan of(int width, int height, UpscaleSpec spec, int modelScale, int margin) {
        Rectangle crop = new Rectangle(0, 0, width, height);
        int finalW;
        int finalH;
        if (spec.hasTargetBox()) {
            finalW = spec.targetWidth();
            finalH = spec.targetHeight();
            // Compare width/height with the box's ratio without dividing: w*H vs h*W.
            long inputWide = (long) width * finalH;
            long boxWide = (long) height * finalW;
            if (inputWide > boxWide) {
                int w = (int) Math.max(1, Math.round((double) height * finalW / finalH));
                crop = new Rectangle((width - w) / 2, 0, w, height);
            } else if (inputWide < boxWide) {
                int h = (int) Math.max(1, Math.round((double) width * finalH / finalW));
                crop = new Rectangle(0, (height - h) / 2, width, h);
            }
        } else {
            finalW = Math.multiplyExact(width, spec.scale());
            finalH = Math.multiplyExact(height, spec.scale());
        }
        Rectangle context = new Rectangle(crop.x - margin, crop.y - margin, crop.width + 2 * margin, crop.height + 2 * margin)
                .intersection(new Rectangle(0, 0, width, height));
        return new OutputPlan(crop, context, Math.multiplyExact(crop.width, modelScale), Math.multiplyExact(crop.height, modelScale),
                finalW, finalH);
    }

    /** Where the crop lies in the model's output of the context, at {@code scale}. */
    Rectangle cropWithinContext(int scale) {
        return new Rectangle((crop.x - context.x) * scale, (crop.y - context.y) * scale, crop.width * scale, crop.height * scale);
    }

    /** Whether the model's output must be resampled to reach the final size. */
    boolean needsResize() {
        return nativeWidth != width || nativeHeight != height;
    }

    /** The larger of the model's and the final pixel counts: what the output buffers hold. */
    long largestPixels() {
        long model = (long) context.width * context.height * modelScale() * modelScale();
        return Math.max(model, (long) width * height);
    }

    private int modelScale() {
        return nativeWidth / crop.width;
    }
}
