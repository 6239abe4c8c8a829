package io.headshots.models.reference;

import io.headshots.models.ModelStore;
import io.headshots.models.reference.BlazeFaceDecoder.Face;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Faces of a photo, found by BlazeFace (full-range, 256) and cut out as squares for the descriptor. */
public final class FaceCrops {

    private FaceCrops() {
    }

    /** Faces of {@code photo} scoring at least {@code threshold}, left to right, in photo pixels (square side = the longer edge). */
    public static List<Face> detect(ModelStore store, BufferedImage photo, float threshold) throws Exception {
        int side = Math.max(photo.getWidth(), photo.getHeight());
        BufferedImage input = DemoPhotos.squareCrop(photo, 0, 0, side, 256);
        try (OnnxRunner detector = new OnnxRunner(store.ensure("blazeface-back-256"))) {
            List<Face> faces = new ArrayList<>(BlazeFaceDecoder.decode(
                    detector.run(BlazeFaceDecoder.INPUT, BlazeFaceDecoder.input(input), 1, 256, 256, 3), 256, threshold));
            faces.sort(Comparator.comparingDouble(Face::cx));
            return faces;
        }
    }

    /** A {@code size} x {@code size} crop centred on the face, {@code margin} times the box's side. */
    public static BufferedImage crop(BufferedImage photo, Face face, double margin, int size) {
        int side = Math.max(photo.getWidth(), photo.getHeight());
        int cropSide = (int) Math.round(face.w() * side * margin);
        int x = (int) Math.round(face.cx() * side - cropSide / 2.0);
        int y = (int) Math.round(face.cy() * side - cropSide / 2.0);
        return DemoPhotos.squareCrop(photo, x, y, cropSide, size);
    }
}
