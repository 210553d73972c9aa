package io.jinit.diagnosis;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.init.Orthogonal;
import io.jinit.internal.Workers;
import io.jinit.shape.FanConvention;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Layer-sequential unit-variance (LSUV) initialization, a data-dependent initializer: each weight
 * starts orthonormal and is rescaled, layer by layer from the input, until the variance of the
 * layer's pre-activations over a batch is 1:
 * <pre>
 *   W_l = Orthogonal(gain 1, Keras layout) under RandomKey.of(seed).derive("layers." + l + ".weight")
 *   repeat at most maxIterations times:
 *       A_l = H_(l-1) W_l,  v = Var(A_l)           (over batch and units, population variance)
 *       if |v - 1| &lt; tolerance: stop
 *       W_l = W_l / sqrt(v)
 *   H_l = f_l(A_l)
 * </pre>
 * Since A_l is linear in W_l, one rescaling reaches the target up to float32 rounding; the loop
 * is the paper's, where each iteration may see a new mini-batch. A layer whose pre-activations
 * have zero or non-finite variance is left as it is. The paper normalizes the output of each
 * convolution or inner-product layer before its nonlinearity, as here.
 *
 * <p>References:
 * <ol>
 * <li>Mishkin, D. and Matas, J. (2016) <a href="https://arxiv.org/abs/1511.06422">All you need is a
 * good init</a>. ICLR.</li>
 * <li>Saxe, A. M., McClelland, J. L. and Ganguli, S. (2014)
 * <a href="https://arxiv.org/abs/1312.6120">Exact solutions to the nonlinear dynamics of learning
 * in deep linear neural networks</a>. ICLR.</li>
 * </ol>
 *
 * @since 0.1
 */
public final class Lsuv {
    /** The paper's tolerance on |Var - 1|. */
    public static final double DEFAULT_TOLERANCE = 0.1;
    /** The paper's bound on the rescalings per layer. */
    public static final int DEFAULT_MAX_ITERATIONS = 10;

    private Lsuv() {
    }

    /**
     * The LSUV weights of a network for a batch, with the paper's tolerance and iteration bound.
     *
     * @param widths {@code n_0, ..., n_L}
     * @param activations one per layer
     * @param input the batch, {@code batch x n_0} row-major
     * @param batch the batch size
     * @param seed the seed of the orthogonal starting weights
     * @return the network
     * @throws IllegalArgumentException if an argument is malformed
     */
    public static Network initialize(List<Integer> widths, List<Activation> activations, float[] input, int batch,
                                     long seed) {
        return initialize(widths, activations, input, batch, seed, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS,
                Runnable::run, 1);
    }

    /**
     * The LSUV weights of a network for a batch.
     *
     * @param widths {@code n_0, ..., n_L}
     * @param activations one per layer
     * @param input the batch, {@code batch x n_0} row-major
     * @param batch the batch size, &gt;= 1
     * @param seed the seed of the orthogonal starting weights
     * @param tolerance the accepted |Var - 1|, &gt; 0
     * @param maxIterations the most rescalings per layer, &gt;= 0
     * @param executor runs the matrix products
     * @param threads how many tasks the executor runs at once, &gt;= 1
     * @return the network
     * @throws IllegalArgumentException if an argument is malformed
     */
    public static Network initialize(List<Integer> widths, List<Activation> activations, float[] input, int batch,
                                     long seed, double tolerance, int maxIterations, Executor executor, int threads) {
        int[] w = Network.checkWidths(widths);
        List<Activation> acts = Network.checkActivations(activations, w.length - 1);
        checkParameters(tolerance, maxIterations);
        Diagnoser.checkBatch(batch, w);
        if (input == null || input.length != (long) batch * w[0]) {
            throw new IllegalArgumentException("input must have batch x " + w[0] + " = " + (long) batch * w[0]
                    + " values: " + (input == null ? null : input.length));
        }
        Diagnoser.checkThreads(executor, threads);
        return initialize(w, acts, Matmul.rows(input, batch, w[0]), seed, tolerance, maxIterations,
                new Workers(executor, threads));
    }

    /** The tolerance finite and positive, maxIterations not negative. */
    static void checkParameters(double tolerance, int maxIterations) {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number > 0: " + tolerance);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0: " + maxIterations);
        }
    }

    static Network initialize(int[] w, List<Activation> acts, float[][] input, long seed, double tolerance,
                              int maxIterations, Workers workers) {
        Orthogonal start = new Orthogonal(1.0, FanConvention.KERAS, seed);
        float[][][] weights = new float[w.length - 1][][];
        float[][] h = input;
        for (int l = 1; l < w.length; l++) {
            int in = w[l - 1];
            int out = w[l];
            float[][] wl = Network.fill(start, in, out, Network.weightKey(seed, l), l);
            float[][] a;
            for (int iteration = 0; ; iteration++) {
                a = Propagation.preActivation(h, wl, in, out, workers);
                double std = Propagation.meanStd(a, out)[1];
                double variance = std * std;
                if (Math.abs(variance - 1) < tolerance || iteration == maxIterations
                        || !(variance > 0) || !Double.isFinite(variance)) {
                    break;
                }
                for (float[] row : wl) {
                    for (int j = 0; j < out; j++) {
                        row[j] = (float) (row[j] / std);
                    }
                }
            }
            weights[l - 1] = wl;
            h = Propagation.activate(acts.get(l - 1), a, out, workers);
        }
        return Network.wrap(w, acts, weights);
    }
}
