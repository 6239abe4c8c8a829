package io.headshots.generator.engine.compositing;

import io.headshots.contracts.Styles;

/**
 * Puts the matted person on the backdrop under the style's light.
 *
 * <ul>
 *   <li>Edge colour: where the matte is partial (hair, edges) the photo's pixels still carry the old
 *       background; there the person's colour is estimated from nearby solid foreground only, so no
 *       halo of the old wall survives.</li>
 *   <li>Light: without depth, the blurred matte stands in for shape. Its gradient gives an outward
 *       normal near the silhouette; a ramp across the person towards the key light brightens the key
 *       side and lowers the far side to the fill level; a thin rim light on the far edge separates
 *       the person from the backdrop; a little of the backdrop wraps onto the edges, and the person
 *       casts a soft shadow on it away from the key.</li>
 * </ul>
 */
final class PortraitCompositor {
    private PortraitCompositor() {
    }

    /**
     * @param keyAngle degrees clockwise from straight up
     * @param faceX    centre of the face in the frame, pixels
     * @param faceY    centre of the face in the frame, pixels
     * @param zoom     frame pixels per photo pixel: how soft the photo's edges are in the frame
     */
    static RgbImage compose(RgbImage photo, float[] alpha, RgbImage backdrop, Styles.Light light, double keyAngle,
            float faceX, float faceY, double zoom) {
        int w = photo.width;
        int h = photo.height;
        int n = w * h;
        float lx = (float) Math.sin(Math.toRadians(keyAngle));
        float ly = (float) -Math.cos(Math.toRadians(keyAngle));
        // the rim comes from behind, on the side away from the key, from the same height
        float rimNorm = (float) Math.hypot(lx, ly);
        float rx = -lx / rimNorm;
        float ry = ly / rimNorm;

        RgbImage person = decontaminate(photo, alpha, (int) Math.max(3, Math.round(1.5 * zoom)));
        float wide = 0.025f * w;
        float thin = 0.008f * w;
        float[] shape = Filters.gaussian(alpha, w, h, wide);
        float[] edge = Filters.gaussian(alpha, w, h, thin);
        float[] shadow = Filters.gaussian(alpha, w, h, 0.035f * w);
        RgbImage backdropSoft = blurred(backdrop, Math.max(2f, 0.01f * w));

        float key = (float) light.keyStrength();
        float fill = (float) light.fillRatio();
        float[] keyColour = Colours.parse(light.keyColour());
        float[] rimColour = Colours.parse(light.rimColour());
        float rimStrength = (float) light.rimStrength();
        float reach = 0.45f * w;
        int shadowDx = Math.round(-lx * 0.03f * w);
        int shadowDy = Math.round(-ly * 0.02f * w);

        RgbImage out = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float a = alpha[i];
                // backdrop, with the person's soft shadow cast away from the key
                int sx = Math.max(0, Math.min(w - 1, x - shadowDx));
                int sy = Math.max(0, Math.min(h - 1, y - shadowDy));
                float darken = 1 - 0.35f * key * shadow[sy * w + sx];
                float br = backdrop.r[i] * darken;
                float bg = backdrop.g[i] * darken;
                float bb = backdrop.b[i] * darken;
                if (a <= 0) {
                    out.r[i] = br;
                    out.g[i] = bg;
                    out.b[i] = bb;
                    continue;
                }
                float t = Math.max(-1, Math.min(1, ((x - faceX) * lx + (y - faceY) * ly) / reach));
                float shade = t >= 0 ? 1 + 0.6f * key * t : 1 + key * (1 - fill) * t;
                float[] wideGrad = gradient(shape, w, h, x, y);
                float wideMag = (float) Math.hypot(wideGrad[0], wideGrad[1]);
                if (wideMag > 1e-6f) {
                    float edgeWeight = Math.min(1, wideMag * wide * 2.5f);
                    float nx = -wideGrad[0] / wideMag;
                    float ny = -wideGrad[1] / wideMag;
                    shade += 0.4f * key * edgeWeight * (nx * lx + ny * ly);
                }
                float tint = 0.5f;
                float pr = person.r[i] * shade * (1 + (keyColour[0] - 1) * tint);
                float pg = person.g[i] * shade * (1 + (keyColour[1] - 1) * tint);
                float pb = person.b[i] * shade * (1 + (keyColour[2] - 1) * tint);

                float[] thinGrad = gradient(edge, w, h, x, y);
                float thinMag = (float) Math.hypot(thinGrad[0], thinGrad[1]);
                float e = edge[i];
                if (thinMag > 1e-6f) {
                    float rimEdge = Math.min(1, thinMag * thin * 2.5f);
                    float facing = Math.max(0, (-thinGrad[0] * rx - thinGrad[1] * ry) / thinMag);
                    float rim = rimStrength * rimEdge * facing * facing;
                    pr = 1 - (1 - pr) * (1 - rim * rimColour[0]);
                    pg = 1 - (1 - pg) * (1 - rim * rimColour[1]);
                    pb = 1 - (1 - pb) * (1 - rim * rimColour[2]);
                }
                // light wrap: a touch of the backdrop on the outermost edge of the person
                float wrap = 0.3f * (1 - e) * Math.min(1, 2 * (1 - a) + 0.3f);
                pr += (backdropSoft.r[i] - pr) * wrap;
                pg += (backdropSoft.g[i] - pg) * wrap;
                pb += (backdropSoft.b[i] - pb) * wrap;

                out.r[i] = a * pr + (1 - a) * br;
                out.g[i] = a * pg + (1 - a) * bg;
                out.b[i] = a * pb + (1 - a) * bb;
            }
        }
        return out;
    }

    private static float[] gradient(float[] p, int w, int h, int x, int y) {
        int xl = Math.max(0, x - 1);
        int xr = Math.min(w - 1, x + 1);
        int yu = Math.max(0, y - 1);
        int yd = Math.min(h - 1, y + 1);
        return new float[]{(p[y * w + xr] - p[y * w + xl]) / (xr - xl), (p[yd * w + x] - p[yu * w + x]) / (yd - yu)};
    }

    /**
     * The person's own colour near the edge. Pixels at the silhouette (and just inside it, as far as
     * the photo's own blur reaches) still mix in the old background; there the colour is taken from
     * the nearby interior only (pixels whose whole neighbourhood is solid), so the old wall leaves no
     * light or dark fringe on the new backdrop.
     *
     * @param radius how far inside the edge the photo may still be mixed, pixels of the frame
     */
    static RgbImage decontaminate(RgbImage photo, float[] alpha, int radius) {
        int w = photo.width;
        int h = photo.height;
        int n = w * h;
        float[] inner = Filters.box(alpha, w, h, radius);
        float[] weight = new float[n];
        float[] pr = new float[n];
        float[] pg = new float[n];
        float[] pb = new float[n];
        for (int i = 0; i < n; i++) {
            float wgt = Colours.smoothstep(0.9f, 1f, inner[i]);
            weight[i] = wgt;
            pr[i] = photo.r[i] * wgt;
            pg[i] = photo.g[i] * wgt;
            pb[i] = photo.b[i] * wgt;
        }
        int[] reaches = {2 * radius, 6 * radius};
        float[][] sums = new float[8][];
        for (int k = 0; k < 2; k++) {
            sums[4 * k] = Filters.box(pr, w, h, reaches[k]);
            sums[4 * k + 1] = Filters.box(pg, w, h, reaches[k]);
            sums[4 * k + 2] = Filters.box(pb, w, h, reaches[k]);
            sums[4 * k + 3] = Filters.box(weight, w, h, reaches[k]);
        }
        RgbImage out = new RgbImage(w, h);
        for (int i = 0; i < n; i++) {
            float keep = weight[i];
            int k = sums[3][i] > 1e-3f ? 0 : 1;
            float sw = sums[4 * k + 3][i];
            if (keep >= 1 || alpha[i] <= 0 || sw < 1e-4f) {
                out.r[i] = photo.r[i];
                out.g[i] = photo.g[i];
                out.b[i] = photo.b[i];
                continue;
            }
            float inv = 1 / sw;
            float er = sums[4 * k][i] * inv;
            float eg = sums[4 * k + 1][i] * inv;
            float eb = sums[4 * k + 2][i] * inv;
            // keep the photo's own detail (hair texture) on top of the interior colour
            float detail = photo.luma(i) - (0.299f * er + 0.587f * eg + 0.114f * eb);
            float texture = 0.7f * Math.max(-0.15f, Math.min(0.04f, detail));
            out.r[i] = er + texture + (photo.r[i] - er - texture) * keep;
            out.g[i] = eg + texture + (photo.g[i] - eg - texture) * keep;
            out.b[i] = eb + texture + (photo.b[i] - eb - texture) * keep;
        }
        return out;
    }

    private static RgbImage blurred(RgbImage image, float sigma) {
        RgbImage out = new RgbImage(image.width, image.height);
        System.arraycopy(Filters.gaussian(image.r, image.width, image.height, sigma), 0, out.r, 0, out.r.length);
        System.arraycopy(Filters.gaussian(image.g, image.width, image.height, sigma), 0, out.g, 0, out.g.length);
        System.arraycopy(Filters.gaussian(image.b, image.width, image.height, sigma), 0, out.b, 0, out.b.length);
        return out;
    }
}
