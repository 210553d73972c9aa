package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;

/**
 * A batch of images {@code (N, C, H, W)} in float32, held as {@code N·C} planes of {@code H·W}
 * values: plane {@code n·C + c} is channel c of image n, row-major, as PyTorch's contiguous NCHW
 * tensor. Planes are the unit of work of the layers: each is written by one thread.
 */
final class FeatureMaps {
    /** Planes per task, at least. */
    static final int PLANE_GRAIN = 4;

    final int batch;
    final int channels;
    final int height;
    final int width;
    final float[][] planes;

    FeatureMaps(int batch, int channels, int height, int width, float[][] planes) {
        this.batch = batch;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.planes = planes;
    }

    /**
     * The output size along an axis of a window that slides over {@code size} values padded by
     * {@code padding} zeros at each end: {@code (size + 2 padding - kernel) / stride + 1}, as
     * torch's Conv2d and MaxPool2d compute it (floor division).
     *
     * @param layer the layer's name, for the error
     * @param size the input's size along the axis
     * @param kernel the window's size
     * @param stride the step between windows
     * @param padding the zeros at each end
     * @return the number of window positions
     * @throws IllegalArgumentException if the padded input is smaller than the kernel
     */
    static int windowOutputSize(String layer, int size, int kernel, int stride, int padding) {
        int span = size + 2 * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException(layer + ": input size " + size + " is smaller than the kernel "
                    + kernel + " less twice the padding " + padding);
        }
        return span / stride + 1;
    }

    /** Zeros of the given size. */
    static FeatureMaps zeros(int batch, int channels, int height, int width) {
        return new FeatureMaps(batch, channels, height, width, new float[batch * channels][height * width]);
    }

    /** Maps of this size from a row-major NCHW array (copied). */
    static FeatureMaps of(int batch, int channels, int height, int width, float[] nchw) {
        int area = height * width;
        float[][] planes = new float[batch * channels][];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = java.util.Arrays.copyOfRange(nchw, i * area, i * area + area);
        }
        return new FeatureMaps(batch, channels, height, width, planes);
    }

    /** Zeros of this size. */
    FeatureMaps zerosLike() {
        return zeros(batch, channels, height, width);
    }

    /** Values per plane, {@code H·W}. */
    int area() {
        return height * width;
    }

    /** All values, {@code N·C·H·W}. */
    long size() {
        return (long) planes.length * area();
    }

    /** The values as one row-major NCHW array (a copy). */
    float[] toArray() {
        int area = area();
        float[] flat = new float[planes.length * area];
        for (int i = 0; i < planes.length; i++) {
            System.arraycopy(planes[i], 0, flat, i * area, area);
        }
        return flat;
    }

    /** {@code a + b}, element by element, in new maps. */
    static FeatureMaps sum(FeatureMaps a, FeatureMaps b, Workers workers) {
        FeatureMaps s = a.zerosLike();
        int area = a.area();
        workers.forRange(a.planes.length, PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float[] x = a.planes[p];
                float[] y = b.planes[p];
                float[] z = s.planes[p];
                for (int i = 0; i < area; i++) {
                    z[i] = x[i] + y[i];
                }
            }
        });
        return s;
    }
}
