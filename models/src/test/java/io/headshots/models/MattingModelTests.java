package io.headshots.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.TensorInfo;
import io.headshots.models.reference.OnnxRunner;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reassembled ISNet models load in ONNX Runtime and matte a person-shaped figure, with the README's input scaling. */
class MattingModelTests {

    private static final ModelStore STORE = ModelStore.defaultStore();
    private static final int SIZE = 1024;

    /** The uint8 variant leaves a faint haze on the wall (measured 0.16), hence its looser bound. */
    @ParameterizedTest
    @CsvSource({"isnet-matting, 0.05", "isnet-matting-uint8, 0.3"})
    void mattesAFigureOnAPlainBackgroundAsForegroundAndTheWallAsBackground(String name, double maxWallAlpha) throws Exception {
        BufferedImage scene = figureOnPlainBackground();

        float[] alpha;
        try (OnnxRunner runner = new OnnxRunner(STORE.ensure(name))) {
            assertThat(((TensorInfo) runner.session().getInputInfo().get("input").getInfo()).getShape())
                    .containsExactly(1, 3, SIZE, SIZE);
            Map<String, OnnxRunner.Output> out = runner.run("input", input(scene), 1, 3, SIZE, SIZE);
            assertThat(out.get("output").shape()).containsExactly(1, 1, SIZE, SIZE);
            alpha = out.get("output").data();
        }

        double figure = 0;
        double background = 0;
        int figureCount = 0;
        int backgroundCount = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                float a = alpha[y * SIZE + x];
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (insideFigure(x, y)) {
                    figure += a;
                    figureCount++;
                } else if (farFromFigure(x, y)) {
                    background += a;
                    backgroundCount++;
                }
            }
        }
        figure /= figureCount;
        background /= backgroundCount;
        System.out.printf("MATTE %s: mean alpha on the figure %.3f, on the background %.3f%n", name, figure, background);
        assertThat(min).isGreaterThanOrEqualTo(0f);
        assertThat(max).isLessThanOrEqualTo(1f);
        assertThat(figure).isGreaterThan(0.8);
        assertThat(background).isLessThan(maxWallAlpha);
    }

    /** imgly's preprocessing: NCHW RGB, {@code (v - 128) / 256}. */
    private static float[] input(BufferedImage image) {
        int plane = SIZE * SIZE;
        float[] data = new float[3 * plane];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int rgb = image.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    data[c * plane + y * SIZE + x] = (((rgb >> (16 - 8 * c)) & 0xFF) - 128) / 256f;
                }
            }
        }
        return data;
    }

    // A head-and-shoulders figure: shoulders/torso, neck, face and hair, on a flat grey-blue wall.
    private static final RoundRectangle2D TORSO = new RoundRectangle2D.Double(232, 640, 560, 460, 260, 260);
    private static final RoundRectangle2D NECK = new RoundRectangle2D.Double(452, 520, 120, 160, 40, 40);
    private static final Ellipse2D FACE = new Ellipse2D.Double(382, 250, 260, 330);
    private static final Ellipse2D HAIR = new Ellipse2D.Double(362, 200, 300, 230);

    private static BufferedImage figureOnPlainBackground() {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(186, 196, 206));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(new Color(40, 52, 84));
        g.fill(TORSO);
        g.setColor(new Color(214, 170, 140));
        g.fill(NECK);
        g.setColor(new Color(74, 50, 36));
        g.fill(HAIR);
        g.setColor(new Color(224, 180, 150));
        g.fill(FACE);
        g.setColor(new Color(60, 40, 30));
        g.setStroke(new BasicStroke(6));
        g.fillOval(450, 380, 30, 18);
        g.fillOval(544, 380, 30, 18);
        g.drawArc(470, 470, 84, 40, 200, 140);
        g.setColor(new Color(220, 220, 225));
        g.fillRect(492, 660, 40, 200);
        g.dispose();
        return image;
    }

    private static boolean insideFigure(int x, int y) {
        // 12 px inside the outline, so a soft matte edge does not count against the model.
        return shrunk(TORSO, x, y) || shrunk(FACE, x, y) || shrunk(HAIR, x, y);
    }

    private static boolean shrunk(java.awt.geom.RectangularShape s, int x, int y) {
        return s.contains(x, y) && s.contains(x - 12, y) && s.contains(x + 12, y) && s.contains(x, y - 12)
                && s.contains(x, y + 12);
    }

    private static boolean farFromFigure(int x, int y) {
        return x < 150 || x > SIZE - 150 || y < 120;
    }
}
