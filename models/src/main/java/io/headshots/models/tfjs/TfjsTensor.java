package io.headshots.models.tfjs;

import java.util.Arrays;

/**
 * One decoded weight tensor, values as float32 in TensorFlow's layout (row-major over {@code shape};
 * convolution filters are {@code [kh, kw, in, out]}).
 */
public record TfjsTensor(String name, int[] shape, float[] values) {

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
