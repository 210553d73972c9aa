package io.jinit.diagnosis.convolution;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.internal.Workers;
import io.jinit.shape.Shape;
import java.util.List;

/**
 * A 2-D convolution without bias ({@code torch.nn.Conv2d(in, out, k, stride, padding, bias=False)},
 * as in torchvision's ResNets): a cross-correlation with zero padding,
 * <pre>
 *   y[n, o, i, j] = sum_(c, u, v) w[o, c, u, v] · x[n, c, s·i - p + u, s·j - p + v]     (0 outside x)
 *   H_out = floor((H + 2p - k) / s) + 1
 * </pre>
 * with the weight in PyTorch's layout {@code (out, in, k, k)}. The sum is a product by im2col: each
 * output position of each image is a row of {@code K = in·k·k} input values (column
 * {@code c·k·k + u·k + v}), and the {@code (N·H_out·W_out, K)} patch matrix times the transposed
 * weight {@code (K, out)} is computed by {@link Matmul}, whose every element is one fixed sequence
 * of float operations. The backward pass,
 * <pre>
 *   dW = dY^T · patches               over all N·H_out·W_out positions, rows of dW split
 *   dpatches = dY · W,   dx = col2im(dpatches)
 * </pre>
 * recomputes the patches from the kept input rather than keeping them (they are k² times the
 * input), and col2im adds the contributions to each input plane by one thread in position order.
 */
final class Conv2d extends Layer {
    /** Patch rows per task, at least. */
    private static final int ROW_GRAIN = 64;

    final int in;
    final int out;
    final int kernel;
    final int stride;
    final int padding;
    final Parameter weight;
    private FeatureMaps input;

    /**
     * @throws IllegalArgumentException naming the argument if a size is not positive or the padding
     *     is negative
     */
    Conv2d(String name, int in, int out, int kernel, int stride, int padding, ParameterSource source) {
        super(name);
        Checks.positive("in", in);
        Checks.positive("out", out);
        Checks.positive("kernel", kernel);
        Checks.positive("stride", stride);
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0: " + padding);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = new Parameter(name + ".weight", Shape.of(out, in, kernel, kernel), source);
    }

    @Override
    List<Parameter> parameters() {
        return List.of(weight);
    }

    /** The output size along an axis of {@code size} values. */
    int outputSize(int size) {
        return FeatureMaps.windowOutputSize(name, size, kernel, stride, padding);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        if (x.channels != in) {
            throw new IllegalArgumentException(name + " takes " + in + " channels: " + x.channels);
        }
        input = x;
        int ho = outputSize(x.height);
        int wo = outputSize(x.width);
        int positions = ho * wo;
        int k = in * kernel * kernel;
        float[][] patches = patches(x, ho, wo, workers);
        float[][] transposed = Matmul.transpose(Matmul.rows(weight.values, out, k), k);
        float[][] rows = new float[patches.length][out];
        workers.forRange(rows.length, ROW_GRAIN,
                (r0, r1) -> Matmul.multiply(patches, transposed, rows, k, out, r0, r1));
        FeatureMaps y = FeatureMaps.zeros(x.batch, out, ho, wo);
        workers.forRange(y.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int first = (p / out) * positions;
                int o = p % out;
                float[] plane = y.planes[p];
                for (int i = 0; i < positions; i++) {
                    plane[i] = rows[first + i][o];
                }
            }
        });
        return y;
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        FeatureMaps x = input;
        int ho = dy.height;
        int wo = dy.width;
        int positions = ho * wo;
        int k = in * kernel * kernel;
        float[][] dRows = new float[x.batch * positions][out];
        workers.forRange(dRows.length, ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int n = r / positions;
                int i = r % positions;
                float[] row = dRows[r];
                for (int o = 0; o < out; o++) {
                    row[o] = dy.planes[n * out + o][i];
                }
            }
        });
        float[][] patches = patches(x, ho, wo, workers);
        float[][] dw = new float[out][k];
        workers.forRange(out, 1, (r0, r1) -> Matmul.multiplyTransposed(dRows, patches, dw, dRows.length, k, r0, r1));
        for (int o = 0; o < out; o++) {
            System.arraycopy(dw[o], 0, weight.gradient, o * k, k);
        }
        float[][] w = Matmul.rows(weight.values, out, k);
        float[][] dPatches = patches;
        workers.forRange(dPatches.length, ROW_GRAIN, (r0, r1) -> Matmul.multiply(dRows, w, dPatches, out, k, r0, r1));
        FeatureMaps dx = x.zerosLike();
        workers.forRange(dx.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int n = p / in;
                int c = p % in;
                float[] plane = dx.planes[p];
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        float[] row = dPatches[n * positions + i * wo + j];
                        for (int u = 0; u < kernel; u++) {
                            int r = i * stride - padding + u;
                            if (r < 0 || r >= x.height) {
                                continue;
                            }
                            for (int v = 0; v < kernel; v++) {
                                int s = j * stride - padding + v;
                                if (s >= 0 && s < x.width) {
                                    plane[r * x.width + s] += row[(c * kernel + u) * kernel + v];
                                }
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }

    /** The im2col rows: one per image and output position, zeros where the kernel overhangs. */
    private float[][] patches(FeatureMaps x, int ho, int wo, Workers workers) {
        int positions = ho * wo;
        float[][] patches = new float[x.batch * positions][in * kernel * kernel];
        workers.forRange(patches.length, ROW_GRAIN, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int n = row / positions;
                int i = (row % positions) / wo;
                int j = row % wo;
                float[] patch = patches[row];
                for (int c = 0; c < in; c++) {
                    float[] plane = x.planes[n * in + c];
                    for (int u = 0; u < kernel; u++) {
                        int r = i * stride - padding + u;
                        if (r < 0 || r >= x.height) {
                            continue;
                        }
                        for (int v = 0; v < kernel; v++) {
                            int s = j * stride - padding + v;
                            if (s >= 0 && s < x.width) {
                                patch[(c * kernel + u) * kernel + v] = plane[r * x.width + s];
                            }
                        }
                    }
                }
            }
        });
        return patches;
    }
}
