package io.jinit.formats;

import io.jinit.shape.Shape;

/** A tensor source of given float64 values; float32 fills round them with a cast. */
record ArraySource(String name, Shape shape, DType dtype, double[] values) implements TensorSource {

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (float) values[(int) from + i];
        }
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        System.arraycopy(values, (int) from, out, offset, length);
    }
}
