package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;

/**
 * LayerNorm and RMSNorm over the width of each token, forward and backward.
 * <pre>
 *   LayerNorm:  m = mean(x),  v = mean((x - m)²),  r = 1 / sqrt(v + 1e-5),  x̂ = (x - m) r,  y = x̂ ∘ w + b
 *   RMSNorm:    r = 1 / sqrt(mean(x²) + 1e-6),  x̂ = x r,  y = x̂ ∘ w
 *   backward:   g = dy ∘ w,  dx = r (g - mean(g) - x̂ mean(g ∘ x̂))   (RMSNorm: without the mean(g) term)
 *               dw = Σ_rows dy ∘ x̂,  db = Σ_rows dy
 * </pre>
 * The statistics of a row (m, v, r, and the two means of the backward pass) are summed in double,
 * in index order, by the one thread that owns the row: at width 768 a float sum loses about
 * {@code 768 · 2^-24} of its value to rounding, which the double sum does not, and the cost is
 * that of one pass over the row against the width-fold cost of the products around it. x̂ and y are
 * rounded to float, as the activations they are. dw and db are summed in double over the rows in
 * index order on one thread, so they do not depend on the thread count.
 */
final class Norm {
    private Norm() {
    }

    /**
     * Normalizes every row of x into y, keeping x̂ and r for the backward pass.
     *
     * @param bias null for RMSNorm
     * @param normalized x̂, written
     * @param y written
     * @param rstd r per row, written
     */
    static void forward(TransformerShape.Norm kind, float[][] x, float[] weight, float[] bias, float[][] normalized,
                        float[][] y, double[] rstd, Workers workers) {
        int n = weight.length;
        double eps = kind.epsilon();
        boolean layerNorm = kind == TransformerShape.Norm.LAYER_NORM;
        workers.forRange(x.length, Linear.ROW_GRAIN, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                float[] xr = x[row];
                double mean = 0;
                if (layerNorm) {
                    for (int j = 0; j < n; j++) {
                        mean += xr[j];
                    }
                    mean /= n;
                }
                double squares = 0;
                for (int j = 0; j < n; j++) {
                    double c = xr[j] - mean;
                    squares += c * c;
                }
                double r = 1.0 / Math.sqrt(squares / n + eps);
                rstd[row] = r;
                float[] xh = normalized[row];
                float[] yr = y[row];
                for (int j = 0; j < n; j++) {
                    xh[j] = (float) ((xr[j] - mean) * r);
                    yr[j] = layerNorm ? xh[j] * weight[j] + bias[j] : xh[j] * weight[j];
                }
            }
        });
    }

    /**
     * The gradient of the norm's input, a new array, and those of its weight and bias.
     *
     * @param dy the gradient of the output
     * @param normalized x̂ of the forward pass
     * @param rstd r of the forward pass
     * @param weightGradient one row of the width, written
     * @param biasGradient one row of the width, written; null for RMSNorm
     * @return the gradient of x
     */
    static float[][] backward(TransformerShape.Norm kind, float[][] dy, float[][] normalized, double[] rstd,
                              float[] weight, float[] weightGradient, float[] biasGradient, Workers workers) {
        int n = weight.length;
        boolean layerNorm = kind == TransformerShape.Norm.LAYER_NORM;
        float[][] dx = new float[dy.length][n];
        workers.forRange(dy.length, Linear.ROW_GRAIN, (r0, r1) -> {
            double[] g = new double[n];
            for (int row = r0; row < r1; row++) {
                float[] dyr = dy[row];
                float[] xh = normalized[row];
                double sum = 0;
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    g[j] = (double) dyr[j] * weight[j];
                    sum += g[j];
                    dot += g[j] * xh[j];
                }
                double mean = layerNorm ? sum / n : 0.0;
                double meanDot = dot / n;
                double r = rstd[row];
                float[] dxr = dx[row];
                for (int j = 0; j < n; j++) {
                    dxr[j] = (float) (r * (g[j] - mean - xh[j] * meanDot));
                }
            }
        });
        double[] dw = new double[n];
        double[] db = new double[n];
        for (int row = 0; row < dy.length; row++) {
            float[] dyr = dy[row];
            float[] xh = normalized[row];
            for (int j = 0; j < n; j++) {
                dw[j] += (double) dyr[j] * xh[j];
                db[j] += dyr[j];
            }
        }
        for (int j = 0; j < n; j++) {
            weightGradient[j] = (float) dw[j];
            if (biasGradient != null) {
                biasGradient[j] = (float) db[j];
            }
        }
        return dx;
    }
}
