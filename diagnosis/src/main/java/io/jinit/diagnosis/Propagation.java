package io.jinit.diagnosis;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.internal.Workers;
import java.util.ArrayList;
import java.util.List;

/**
 * One forward and one backward pass of a batch through a network, and the figures of each layer.
 * Matrix products are float32 ({@link Matmul}); statistics are double, summed in a fixed order,
 * so that the figures do not depend on the thread count.
 *
 * <pre>
 *   forward:   A_l = H_(l-1) W_l,  H_l = f(A_l),  D_l = f'(A_l)
 *   backward:  dH_L = R                              (loss = sum(H_L ∘ R))
 *              dA_l = dH_l ∘ D_l
 *              dW_l = H_(l-1)^T dA_l
 *              dH_(l-1) = dA_l W_l^T                   l = L .. 2
 * </pre>
 * Each D_l is written over A_l once its statistics are taken, each dA_l over D_l, and each
 * dH_(l-1) over H_(l-1) once dW_l is computed, so a run holds two batch-sized arrays per layer
 * ({@link RunArrays}).
 */
final class Propagation {
    /** Bins of each histogram. */
    static final int HISTOGRAM_BINS = 60;
    /** Rows per task, at least. */
    private static final int ROW_GRAIN = 16;

    private Propagation() {
    }

    /**
     * The figures of one layer before any verdict.
     *
     * @param forwardFinite whether A_l and H_l hold finite values only
     */
    record LayerFigures(int layer, int width, double preMean, double preStd, double mean, double std,
                        double deadFraction, double saturatedFraction, boolean symmetric, boolean forwardFinite,
                        double weightGradientNorm, double activationGradientNorm) {
    }

    /** The figures of a run. */
    record Result(double inputStd, List<LayerFigures> layers, Histogram first, Histogram middle, Histogram last) {
    }

    /**
     * Pushes a batch through the network and back.
     *
     * @param net the network
     * @param input batch rows of n_0 values; not modified
     * @param projection batch rows of n_L values, R; not modified
     * @param workers the threads of this run
     * @param arrays the arrays to write, made for the network's widths and this batch
     */
    static Result run(Network net, float[][] input, float[][] projection, Workers workers, RunArrays arrays) {
        int batch = input.length;
        int depth = net.depth();
        int middleLayer = (depth + 1) / 2;
        float[][][] h = new float[depth + 1][][];
        float[][][] d = new float[depth + 1][][];
        h[0] = input;
        double[] pre = new double[depth + 1];
        double[] post = new double[depth + 1];
        double[] preStd = new double[depth + 1];
        double[] postStd = new double[depth + 1];
        double[] dead = new double[depth + 1];
        double[] saturated = new double[depth + 1];
        boolean[] symmetric = new boolean[depth + 1];
        boolean[] finite = new boolean[depth + 1];
        Histogram[] histograms = new Histogram[depth + 1];
        for (int l = 1; l <= depth; l++) {
            int out = net.width(l);
            Activation f = net.activation(l);
            float[][] a = arrays.preActivations(l);
            multiply(h[l - 1], net.weightRows(l), a, net.width(l - 1), out, workers);
            double[] ms = meanStd(a, out);
            pre[l] = ms[0];
            preStd[l] = ms[1];
            boolean aFinite = Double.isFinite(ms[1]);
            dead[l] = f.canDie() ? deadFraction(a, out) : 0.0;
            symmetric[l] = out > 1 && symmetric(a, out);
            float[][] hl = arrays.activations(l);
            activate(f, a, hl, out, workers);
            h[l] = hl;
            d[l] = a;
            ms = meanStd(hl, out);
            post[l] = ms[0];
            postStd[l] = ms[1];
            finite[l] = aFinite && Double.isFinite(ms[1]);
            saturated[l] = f.saturates() ? saturatedFraction(a, out, f.maxDerivative()) : 0.0;
            if (l == 1 || l == middleLayer || l == depth) {
                histograms[l] = histogram(hl, out);
            }
        }
        double[] dwNorm = new double[depth + 1];
        double[] dhNorm = new double[depth + 1];
        float[][] dh = projection;
        for (int l = depth; l >= 1; l--) {
            int in = net.width(l - 1);
            int out = net.width(l);
            dhNorm[l] = norm(dh, out);
            float[][] da = d[l];
            float[][] g = dh;
            workers.forRange(batch, ROW_GRAIN, (r0, r1) -> {
                for (int b = r0; b < r1; b++) {
                    float[] dab = da[b];
                    float[] gb = g[b];
                    for (int u = 0; u < out; u++) {
                        dab[u] = gb[u] * dab[u];
                    }
                }
            });
            float[][] hPrev = h[l - 1];
            float[][] dw = arrays.weightGradient(in, out);
            workers.forRange(in, ROW_GRAIN, (r0, r1) -> Matmul.multiplyTransposed(hPrev, da, dw, batch, out, r0, r1));
            dwNorm[l] = norm(dw, in, out);
            if (l > 1) {
                float[][] wt = arrays.transposedWeight(in, out);
                Matmul.transpose(net.weightRows(l), in, out, wt);
                workers.forRange(batch, ROW_GRAIN, (r0, r1) -> Matmul.multiply(da, wt, hPrev, out, in, r0, r1));
                dh = hPrev;
            }
        }
        List<LayerFigures> layers = new ArrayList<>();
        for (int l = 1; l <= depth; l++) {
            layers.add(new LayerFigures(l, net.width(l), pre[l], preStd[l], post[l], postStd[l], dead[l], saturated[l],
                    symmetric[l], finite[l], dwNorm[l], dhNorm[l]));
        }
        return new Result(meanStd(input, net.width(0))[1], layers, histograms[1], histograms[middleLayer],
                histograms[depth]);
    }

    /** A = H W, batch rows of out values, rows split among the workers. */
    static float[][] preActivation(float[][] hPrev, float[][] w, int in, int out, Workers workers) {
        float[][] a = new float[hPrev.length][out];
        multiply(hPrev, w, a, in, out, workers);
        return a;
    }

    /** A = H W written into {@code a}, rows split among the workers. */
    private static void multiply(float[][] hPrev, float[][] w, float[][] a, int in, int out, Workers workers) {
        workers.forRange(hPrev.length, ROW_GRAIN, (r0, r1) -> Matmul.multiply(hPrev, w, a, in, out, r0, r1));
    }

    /** H = f(A), returned, and f'(A) written over A. */
    static float[][] activate(Activation f, float[][] a, int width, Workers workers) {
        float[][] h = new float[a.length][width];
        activate(f, a, h, width, workers);
        return h;
    }

    /** H = f(A) written into {@code h}, and f'(A) written over A. */
    private static void activate(Activation f, float[][] a, float[][] h, int width, Workers workers) {
        workers.forRange(a.length, ROW_GRAIN, (r0, r1) -> {
            for (int b = r0; b < r1; b++) {
                f.applyWithDerivative(a[b], h[b], a[b], 0, width);
            }
        });
    }

    /**
     * Mean and population standard deviation over all values, two-pass in double; {@code (NaN, +∞)}
     * when a value is not finite.
     */
    static double[] meanStd(float[][] x, int width) {
        double sum = 0;
        for (float[] row : x) {
            for (int u = 0; u < width; u++) {
                sum += row[u];
            }
        }
        if (!Double.isFinite(sum)) {
            return new double[] {Double.NaN, Double.POSITIVE_INFINITY};
        }
        double count = (double) x.length * width;
        double mean = sum / count;
        double squares = 0;
        for (float[] row : x) {
            for (int u = 0; u < width; u++) {
                double c = row[u] - mean;
                squares += c * c;
            }
        }
        return new double[] {mean, Math.sqrt(squares / count)};
    }

    /** Fraction of units never positive over the batch. */
    static double deadFraction(float[][] a, int width) {
        boolean[] alive = new boolean[width];
        for (float[] row : a) {
            for (int u = 0; u < width; u++) {
                alive[u] |= row[u] > 0;
            }
        }
        int dead = 0;
        for (boolean x : alive) {
            dead += x ? 0 : 1;
        }
        return (double) dead / width;
    }

    /**
     * Whether every unit equals unit 0 on every example, to a relative tolerance:
     * {@code |a_u - a_0| <= 1e-6 max(|a_u|, |a_0|)}.
     */
    static boolean symmetric(float[][] a, int width) {
        for (float[] row : a) {
            double a0 = row[0];
            for (int u = 1; u < width; u++) {
                double au = row[u];
                if (!(Math.abs(au - a0) <= Diagnoser.SYMMETRY_TOLERANCE * Math.max(Math.abs(au), Math.abs(a0)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Fraction of units whose derivative is below {@code 0.05 · max f'} on at least 90% of the
     * batch.
     */
    static double saturatedFraction(float[][] derivative, int width, double maxDerivative) {
        double flat = Diagnoser.SATURATION_DERIVATIVE * maxDerivative;
        int[] count = new int[width];
        for (float[] row : derivative) {
            for (int u = 0; u < width; u++) {
                count[u] += Math.abs(row[u]) < flat ? 1 : 0;
            }
        }
        int saturated = 0;
        for (int c : count) {
            saturated += c >= Diagnoser.SATURATION_BATCH_FRACTION * derivative.length ? 1 : 0;
        }
        return (double) saturated / width;
    }

    /** The Frobenius norm, summed in double; +∞ or NaN when a value is not finite. */
    static double norm(float[][] x, int width) {
        return norm(x, x.length, width);
    }

    /** The Frobenius norm of the first {@code rows} rows. */
    static double norm(float[][] x, int rows, int width) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            float[] row = x[r];
            for (int u = 0; u < width; u++) {
                sum += (double) row[u] * row[u];
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Counts of the finite values in {@value #HISTOGRAM_BINS} equal bins over their
     * {@code [min, max]}; a range of one value v is widened to {@code [v - 0.5, v + 0.5]}, and a
     * histogram with no finite value spans {@code [-0.5, 0.5]} with zero counts.
     */
    static Histogram histogram(float[][] x, int width) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] row : x) {
            for (int u = 0; u < width; u++) {
                if (Float.isFinite(row[u])) {
                    min = Math.min(min, row[u]);
                    max = Math.max(max, row[u]);
                }
            }
        }
        if (min > max) {
            min = 0;
            max = 0;
        }
        if (min == max) {
            min -= 0.5;
            max += 0.5;
        }
        long[] counts = new long[HISTOGRAM_BINS];
        double scale = HISTOGRAM_BINS / (max - min);
        for (float[] row : x) {
            for (int u = 0; u < width; u++) {
                float v = row[u];
                if (Float.isFinite(v)) {
                    counts[Math.min(HISTOGRAM_BINS - 1, (int) ((v - min) * scale))]++;
                }
            }
        }
        List<Long> list = new ArrayList<>(HISTOGRAM_BINS);
        for (long c : counts) {
            list.add(c);
        }
        return new Histogram(min, max, list);
    }
}
