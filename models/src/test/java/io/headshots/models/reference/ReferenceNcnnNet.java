package io.headshots.models.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * An independent ncnn interpreter for the fidelity tests: its own .param/.bin reader and a plain
 * direct-convolution forward pass. It deliberately shares no code with the main converter, so
 * agreement between the two is evidence, not a tautology.
 */
public final class ReferenceNcnnNet {

    /** A (c, h, w) tensor, channel-major like ncnn's Mat. */
    public record Tensor(int c, int h, int w, float[] data) {
        public Tensor(int c, int h, int w) {
            this(c, h, w, new float[c * h * w]);
        }

        float at(int ch, int y, int x) {
            return data[(ch * h + y) * w + x];
        }
    }

    private record Layer(String type, String name, List<String> in, List<String> out, Map<Integer, String> p,
                         List<float[]> weights) {
        int i(int id, int def) {
            String v = p.get(id);
            return v == null ? def : (int) Float.parseFloat(v);
        }

        float f(int id, float def) {
            String v = p.get(id);
            return v == null ? def : Float.parseFloat(v);
        }

        float[] array(int id) {
            String v = p.get(id);
            if (v == null) {
                return new float[0];
            }
            String[] parts = v.split(",");
            float[] out = new float[Integer.parseInt(parts[0])];
            for (int k = 0; k < out.length; k++) {
                out[k] = Float.parseFloat(parts[k + 1]);
            }
            return out;
        }
    }

    private final List<Layer> layers;

    private ReferenceNcnnNet(List<Layer> layers) {
        this.layers = layers;
    }

    public static ReferenceNcnnNet load(Path param, Path bin) throws IOException {
        List<String> lines = Files.readAllLines(param);
        ByteBuffer weights = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN);
        List<Layer> layers = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] t = line.trim().split(" +");
            if (t.length < 4) {
                continue;
            }
            int nIn = Integer.parseInt(t[2]);
            int nOut = Integer.parseInt(t[3]);
            List<String> in = List.of(t).subList(4, 4 + nIn);
            List<String> out = List.of(t).subList(4 + nIn, 4 + nIn + nOut);
            Map<Integer, String> p = new HashMap<>();
            for (int k = 4 + nIn + nOut; k < t.length; k++) {
                String[] kv = t[k].split("=", 2);
                int id = Integer.parseInt(kv[0]);
                p.put(id <= -23300 ? -id - 23300 : id, kv[1]);
            }
            Layer shell = new Layer(t[0], t[1], in, out, p, new ArrayList<>());
            if (t[0].equals("Convolution")) {
                shell.weights().add(readTagged(weights, shell.i(6, 0)));
                if (shell.i(5, 0) == 1) {
                    shell.weights().add(readFloats(weights, shell.i(0, 0)));
                }
            } else if (t[0].equals("PReLU")) {
                shell.weights().add(readFloats(weights, shell.i(0, 0)));
            }
            layers.add(shell);
        }
        if (weights.hasRemaining()) {
            throw new IllegalStateException("reference reader left " + weights.remaining() + " bytes");
        }
        return new ReferenceNcnnNet(layers);
    }

    private static float[] readTagged(ByteBuffer b, int n) {
        int tag = b.getInt();
        if (tag == 0) {
            return readFloats(b, n);
        }
        if (tag != 0x01306B47) {
            throw new IllegalStateException("reference reader knows fp16 and fp32 only, tag " + Integer.toHexString(tag));
        }
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = half(b.getShort() & 0xFFFF);
        }
        if (n % 2 == 1) {
            b.getShort();
        }
        return out;
    }

    /** binary16 by its textbook definition, not by bit shuffling as the main code does. */
    static float half(int bits) {
        int sign = (bits >> 15) == 1 ? -1 : 1;
        int exp = (bits >> 10) & 31;
        int frac = bits & 1023;
        if (exp == 31) {
            return frac == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
        }
        double value = exp == 0 ? frac * Math.pow(2, -24) : (1 + frac / 1024.0) * Math.pow(2, exp - 15);
        return (float) (sign * value);
    }

    private static float[] readFloats(ByteBuffer b, int n) {
        float[] out = new float[n];
        for (int k = 0; k < n; k++) {
            out[k] = b.getFloat();
        }
        return out;
    }

    /** Runs the network on one RGB image in [0,1]; returns the blob no layer consumes. */
    public Tensor forward(Tensor image) {
        Map<String, Tensor> blobs = new HashMap<>();
        Map<String, Integer> readers = new HashMap<>();
        layers.forEach(l -> l.in().forEach(b -> readers.merge(b, 1, Integer::sum)));
        String last = null;
        for (Layer l : layers) {
            List<Tensor> in = l.in().stream().map(blobs::get).toList();
            Tensor out = switch (l.type()) {
                case "Input" -> image;
                case "Split" -> in.get(0);
                case "Convolution" -> convolution(l, in.get(0));
                case "PReLU" -> prelu(l, in.get(0));
                case "Concat" -> concat(in);
                case "Eltwise" -> eltwise(l, in);
                case "BinaryOp" -> binary(l, in);
                case "Interp" -> interp(l, in.get(0));
                case "PixelShuffle" -> pixelShuffle(l.i(0, 1), in.get(0));
                default -> throw new IllegalStateException("reference does not run " + l.type());
            };
            for (String name : l.out()) {
                blobs.put(name, out);
                if (!readers.containsKey(name)) {
                    last = name;
                }
            }
            // Free blobs nobody will read again: x4plus would otherwise keep hundreds alive.
            for (String name : l.in()) {
                if (readers.merge(name, -1, Integer::sum) == 0) {
                    blobs.remove(name);
                }
            }
        }
        return blobs.get(last);
    }

    private static Tensor convolution(Layer l, Tensor x) {
        int oc = l.i(0, 0);
        int kw = l.i(1, 0);
        int kh = l.i(11, kw);
        int dw = l.i(2, 1);
        int dh = l.i(12, dw);
        int sw = l.i(3, 1);
        int sh = l.i(13, sw);
        int pl = l.i(4, 0);
        int pt = l.i(14, pl);
        int pr = l.i(15, pl);
        int pb = l.i(16, pt);
        int ic = l.i(6, 0) / (oc * kw * kh);
        if (ic != x.c()) {
            throw new IllegalStateException(l.name() + ": " + ic + " input channels expected, got " + x.c());
        }
        int oh = (x.h() + pt + pb - dh * (kh - 1) - 1) / sh + 1;
        int ow = (x.w() + pl + pr - dw * (kw - 1) - 1) / sw + 1;
        float[] w = l.weights().get(0);
        float[] bias = l.weights().size() > 1 ? l.weights().get(1) : null;
        Tensor y = new Tensor(oc, oh, ow);
        int act = l.i(9, 0);
        float[] actParams = l.array(10);
        IntStream.range(0, oc).parallel().forEach(o -> {
            float[] acc = new float[oh * ow];
            java.util.Arrays.fill(acc, bias == null ? 0f : bias[o]);
            for (int i = 0; i < ic; i++) {
                int plane = i * x.h() * x.w();
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        float weight = w[((o * ic + i) * kh + ky) * kw + kx];
                        // Output columns whose input column lies inside the image.
                        int xMin = Math.max(0, ceilDiv(pl - kx * dw, sw));
                        int xMax = Math.min(ow - 1, Math.floorDiv(x.w() - 1 + pl - kx * dw, sw));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * sh - pt + ky * dh;
                            if (iy < 0 || iy >= x.h()) {
                                continue;
                            }
                            int row = plane + iy * x.w();
                            int outRow = oy * ow;
                            for (int ox = xMin; ox <= xMax; ox++) {
                                acc[outRow + ox] += weight * x.data()[row + ox * sw - pl + kx * dw];
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < acc.length; k++) {
                float v = acc[k];
                if (act == 1) {
                    v = Math.max(v, 0f);
                } else if (act == 2) {
                    v = v >= 0 ? v : v * actParams[0];
                } else if (act != 0) {
                    throw new IllegalStateException("reference activation " + act);
                }
                y.data()[o * oh * ow + k] = v;
            }
        });
        return y;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    private static Tensor prelu(Layer l, Tensor x) {
        float[] slope = l.weights().get(0);
        Tensor y = new Tensor(x.c(), x.h(), x.w());
        int plane = x.h() * x.w();
        for (int k = 0; k < x.data().length; k++) {
            float s = slope.length == 1 ? slope[0] : slope[k / plane];
            float v = x.data()[k];
            y.data()[k] = v >= 0 ? v : v * s;
        }
        return y;
    }

    private static Tensor concat(List<Tensor> in) {
        int c = in.stream().mapToInt(Tensor::c).sum();
        Tensor y = new Tensor(c, in.get(0).h(), in.get(0).w());
        int offset = 0;
        for (Tensor t : in) {
            System.arraycopy(t.data(), 0, y.data(), offset, t.data().length);
            offset += t.data().length;
        }
        return y;
    }

    private static Tensor eltwise(Layer l, List<Tensor> in) {
        int op = l.i(0, 1);
        float[] coeffs = l.array(1);
        Tensor y = new Tensor(in.get(0).c(), in.get(0).h(), in.get(0).w());
        for (int k = 0; k < y.data().length; k++) {
            float v = op == 0 ? 1f : op == 1 ? 0f : Float.NEGATIVE_INFINITY;
            for (int j = 0; j < in.size(); j++) {
                float a = in.get(j).data()[k];
                v = switch (op) {
                    case 0 -> v * a;
                    case 1 -> v + (coeffs.length > 0 ? coeffs[j] : 1f) * a;
                    default -> Math.max(v, a);
                };
            }
            y.data()[k] = v;
        }
        return y;
    }

    private static Tensor binary(Layer l, List<Tensor> in) {
        int op = l.i(0, 0);
        Tensor a = in.get(0);
        Tensor y = new Tensor(a.c(), a.h(), a.w());
        for (int k = 0; k < y.data().length; k++) {
            float b = l.i(1, 0) == 1 ? l.f(2, 0f) : in.get(1).data()[k];
            float v = a.data()[k];
            y.data()[k] = switch (op) {
                case 0 -> v + b;
                case 1 -> v - b;
                case 2 -> v * b;
                case 3 -> v / b;
                default -> throw new IllegalStateException("reference BinaryOp " + op);
            };
        }
        return y;
    }

    private static Tensor interp(Layer l, Tensor x) {
        int type = l.i(0, 0);
        int oh = (int) (x.h() * l.f(1, 1f));
        int ow = (int) (x.w() * l.f(2, 1f));
        Tensor y = new Tensor(x.c(), oh, ow);
        for (int ch = 0; ch < x.c(); ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float v;
                    if (type == 1) {
                        // Nearest: the source pixel whose cell contains the output pixel's top-left corner.
                        v = x.at(ch, Math.min(oy * x.h() / oh, x.h() - 1), Math.min(ox * x.w() / ow, x.w() - 1));
                    } else if (type == 3) {
                        v = bicubic(x, ch, (oy + 0.5) * x.h() / oh - 0.5, (ox + 0.5) * x.w() / ow - 0.5);
                    } else {
                        throw new IllegalStateException("reference Interp type " + type);
                    }
                    y.data()[(ch * oh + oy) * ow + ox] = v;
                }
            }
        }
        return y;
    }

    /** Keys cubic convolution, a = -0.75, with samples beyond the edge taken from the edge pixel. */
    private static float bicubic(Tensor x, int ch, double sy, double sx) {
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        double sum = 0;
        for (int m = -1; m <= 2; m++) {
            double wy = keys(sy - (y0 + m));
            int yy = Math.max(0, Math.min(x.h() - 1, y0 + m));
            for (int n = -1; n <= 2; n++) {
                double wx = keys(sx - (x0 + n));
                int xx = Math.max(0, Math.min(x.w() - 1, x0 + n));
                sum += wy * wx * x.at(ch, yy, xx);
            }
        }
        return (float) sum;
    }

    private static double keys(double t) {
        double a = -0.75;
        double d = Math.abs(t);
        if (d <= 1) {
            return (a + 2) * d * d * d - (a + 3) * d * d + 1;
        }
        if (d < 2) {
            return a * d * d * d - 5 * a * d * d + 8 * a * d - 4 * a;
        }
        return 0;
    }

    private static Tensor pixelShuffle(int r, Tensor x) {
        int c = x.c() / (r * r);
        Tensor y = new Tensor(c, x.h() * r, x.w() * r);
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    for (int yy = 0; yy < x.h(); yy++) {
                        for (int xx = 0; xx < x.w(); xx++) {
                            y.data()[(ch * y.h() + yy * r + i) * y.w() + xx * r + j] = x.at(ch * r * r + i * r + j, yy, xx);
                        }
                    }
                }
            }
        }
        return y;
    }
}
