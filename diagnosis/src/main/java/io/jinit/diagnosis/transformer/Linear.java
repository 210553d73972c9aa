package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.internal.Workers;

/**
 * The linear map {@code y = x W^T + b} of {@code torch.nn.Linear} on rows of tokens, and its
 * gradients. Products go through {@link Matmul}, split by rows of the result, so every element is
 * the same float sequence on any thread count; bias gradients are column sums in double, row by
 * row in index order on one thread.
 */
final class Linear {
    /** Rows per task, at least. */
    static final int ROW_GRAIN = 16;

    private Linear() {
    }

    /**
     * {@code y = x W^T + b}, overwriting y.
     *
     * @param x rows of {@code in} values
     * @param w {@code out} rows of {@code in} values
     * @param bias {@code out} values, or null
     * @param y rows of {@code out} values
     */
    static void forward(float[][] x, float[][] w, float[] bias, float[][] y, Workers workers) {
        int out = w.length;
        int in = w[0].length;
        float[][] transposed = Matmul.transpose(w, in);
        workers.forRange(x.length, ROW_GRAIN, (r0, r1) -> {
            Matmul.multiply(x, transposed, y, in, out, r0, r1);
            if (bias != null) {
                for (int r = r0; r < r1; r++) {
                    float[] row = y[r];
                    for (int j = 0; j < out; j++) {
                        row[j] += bias[j];
                    }
                }
            }
        });
    }

    /**
     * {@code dx = dy W}, a new array.
     *
     * @param dy rows of {@code out} values
     * @param w {@code out} rows of {@code in} values
     * @return rows of {@code in} values
     */
    static float[][] inputGradient(float[][] dy, float[][] w, Workers workers) {
        int out = w.length;
        int in = w[0].length;
        float[][] dx = new float[dy.length][in];
        workers.forRange(dy.length, ROW_GRAIN, (r0, r1) -> Matmul.multiply(dy, w, dx, out, in, r0, r1));
        return dx;
    }

    /**
     * {@code dW = dy^T x}, a new array.
     *
     * @param dy rows of {@code out} values
     * @param x rows of {@code in} values
     * @return {@code out} rows of {@code in} values
     */
    static float[][] weightGradient(float[][] dy, float[][] x, Workers workers) {
        int out = dy[0].length;
        int in = x[0].length;
        float[][] dw = new float[out][in];
        workers.forRange(out, 1, (r0, r1) -> Matmul.multiplyTransposed(dy, x, dw, dy.length, in, r0, r1));
        return dw;
    }

    /**
     * The column sums of dy, summed in double in row order: the gradient of a bias.
     *
     * @param dy rows of {@code out} values
     * @return one row of {@code out} values
     */
    static float[][] biasGradient(float[][] dy) {
        int out = dy[0].length;
        double[] sums = new double[out];
        for (float[] row : dy) {
            for (int j = 0; j < out; j++) {
                sums[j] += row[j];
            }
        }
        float[][] db = new float[1][out];
        for (int j = 0; j < out; j++) {
            db[0][j] = (float) sums[j];
        }
        return db;
    }

    /** {@code a += b}, element by element in float (a scale of 1 multiplies exactly). */
    static void addInto(float[][] a, float[][] b, Workers workers) {
        addScaledInto(a, 1f, b, workers);
    }

    /** {@code a += scale · b}, row by row; each element is one float multiply and one add. */
    static void addScaledInto(float[][] a, float scale, float[][] b, Workers workers) {
        int width = a[0].length;
        workers.forRange(a.length, ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float[] ar = a[r];
                float[] br = b[r];
                for (int j = 0; j < width; j++) {
                    ar[j] += scale * br[j];
                }
            }
        });
    }
}
