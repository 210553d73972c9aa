package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;

/**
 * Max pooling ({@code torch.nn.MaxPool2d(kernel, stride, padding)}; ResNet's stem uses 3, 2, 1):
 * each output is the largest input of its window, padding never chosen,
 * <pre>
 *   y[n, c, i, j] = max_(u, v &lt; k) x[n, c, s·i - p + u, s·j - p + v]     (in-bounds only)
 *   H_out = floor((H + 2p - k) / s) + 1
 * </pre>
 * The backward pass adds each output's gradient to the input it chose, output by output.
 *
 * <p>The choice is that of torch's CPU kernel ({@code cpu_max_pool} in
 * {@code aten/src/ATen/native/cpu/MaxPoolKernel.cpp}): the window is scanned row by row from its
 * first in-bounds element, starting from {@code maxval = -∞} and the first in-bounds index, and an
 * element is taken when {@code val > maxval || isnan(val)}. So among equal maxima the first in scan
 * order wins, a NaN wins over numbers (the last NaN of the window), and a window of {@code -∞}
 * chooses its first element.
 */
final class MaxPool2d extends Layer {
    final int kernel;
    final int stride;
    final int padding;
    private int[][] chosen;
    private FeatureMaps input;

    /**
     * @throws IllegalArgumentException naming the argument if the kernel or stride is not positive or
     *     the padding is negative or more than half the kernel (torch's limit)
     */
    MaxPool2d(String name, int kernel, int stride, int padding) {
        super(name);
        this.kernel = Checks.positive("kernel", kernel);
        this.stride = Checks.positive("stride", stride);
        if (padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("padding must be in [0, kernel / 2 = " + kernel / 2 + "]: " + padding);
        }
        this.padding = padding;
    }

    private int outputSize(int size) {
        return FeatureMaps.windowOutputSize(name, size, kernel, stride, padding);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        input = x;
        int ho = outputSize(x.height);
        int wo = outputSize(x.width);
        FeatureMaps y = FeatureMaps.zeros(x.batch, x.channels, ho, wo);
        chosen = new int[y.planes.length][ho * wo];
        workers.forRange(y.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float[] from = x.planes[p];
                float[] to = y.planes[p];
                int[] index = chosen[p];
                for (int i = 0; i < ho; i++) {
                    int r0 = Math.max(0, i * stride - padding);
                    int r1 = Math.min(x.height, i * stride - padding + kernel);
                    for (int j = 0; j < wo; j++) {
                        int s0 = Math.max(0, j * stride - padding);
                        int s1 = Math.min(x.width, j * stride - padding + kernel);
                        int best = r0 * x.width + s0;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int r = r0; r < r1; r++) {
                            for (int s = s0; s < s1; s++) {
                                float v = from[r * x.width + s];
                                if (v > max || Float.isNaN(v)) {
                                    max = v;
                                    best = r * x.width + s;
                                }
                            }
                        }
                        to[i * wo + j] = max;
                        index[i * wo + j] = best;
                    }
                }
            }
        });
        return y;
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        FeatureMaps dx = input.zerosLike();
        workers.forRange(dx.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float[] g = dy.planes[p];
                float[] to = dx.planes[p];
                int[] index = chosen[p];
                for (int i = 0; i < g.length; i++) {
                    to[index[i]] += g[i];
                }
            }
        });
        return dx;
    }
}
