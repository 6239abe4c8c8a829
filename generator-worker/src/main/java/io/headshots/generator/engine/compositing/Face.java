package io.headshots.generator.engine.compositing;

/**
 * A detected face in image pixels: its box and BlazeFace's six keypoints (0 and 1 the eyes, 0 on the
 * image's left; 2 nose tip; 3 mouth; 4 and 5 the ear tragions).
 */
record Face(float score, float cx, float cy, float w, float h, float[] keypoints) {

    float x(int keypoint) {
        return keypoints[2 * keypoint];
    }

    float y(int keypoint) {
        return keypoints[2 * keypoint + 1];
    }

    float area() {
        return w * h;
    }

    float eyeDistance() {
        return (float) Math.hypot(x(1) - x(0), y(1) - y(0));
    }

    /** Angle of the line from the image-left eye to the other, radians, clockwise positive (y down). */
    double roll() {
        return Math.atan2(y(1) - y(0), x(1) - x(0));
    }

    float eyeMidX() {
        return (x(0) + x(1)) / 2;
    }

    float eyeMidY() {
        return (y(0) + y(1)) / 2;
    }

    float iou(Face o) {
        float ix = Math.max(0, Math.min(cx + w / 2, o.cx + o.w / 2) - Math.max(cx - w / 2, o.cx - o.w / 2));
        float iy = Math.max(0, Math.min(cy + h / 2, o.cy + o.h / 2) - Math.max(cy - h / 2, o.cy - o.h / 2));
        float inner = ix * iy;
        return inner / (area() + o.area() - inner);
    }

    /** This face under {@code t} (a similarity transform, so box sizes scale by its factor). */
    Face mapped(Similarity t) {
        float[] k = new float[12];
        for (int i = 0; i < 6; i++) {
            float[] p = t.apply(keypoints[2 * i], keypoints[2 * i + 1]);
            k[2 * i] = p[0];
            k[2 * i + 1] = p[1];
        }
        float[] c = t.apply(cx, cy);
        float s = (float) t.scale();
        return new Face(score, c[0], c[1], w * s, h * s, k);
    }
}
