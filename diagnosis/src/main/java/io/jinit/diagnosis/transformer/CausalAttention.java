package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;

/**
 * Causal multi-head scaled dot-product attention (Vaswani et al. 2017) on the query, key and value
 * rows of a batch, forward and backward. For head h of sequence b, with s the divisor of the logits
 * ({@code sqrt(d_head)} in Vaswani et al.; proportional to {@code d_head} under muP):
 * <pre>
 *   S_tu = q_t · k_u / s            u &lt;= t (the causal mask: later tokens are not seen)
 *   P_t  = softmax(S_t)             exp(S_tu - max_u S_tu) / Σ_u exp(S_tu - max_u S_tu)
 *   o_t  = Σ_u P_tu v_u
 *   backward:  dP_tu = do_t · v_u,   dv_u += P_tu do_t,
 *              dS_tu = P_tu (dP_tu - Σ_u' P_tu' dP_tu'),
 *              dq_t = Σ_u dS_tu k_u / s,   dk_u += dS_tu q_t / s
 * </pre>
 * Every (sequence, head) pair is one task that runs serially in index order, in float (the
 * exponential in double through {@link StrictMath#exp}, rounded to float), and writes only its own
 * rows and columns: the results do not depend on the thread count.
 */
final class CausalAttention {
    private CausalAttention() {
    }

    /**
     * The statistics of the attention of one block.
     *
     * @param logitStd the population std of S over the unmasked entries of every head
     * @param meanEntropy the entropy of P_t in nats, averaged over tokens, sequences and heads
     * @param minHeadEntropy the smallest of the heads' average entropies
     */
    record Statistics(double logitStd, double meanEntropy, double minHeadEntropy) {
    }

    /**
     * The attention output of every token, and P kept for the backward pass.
     *
     * @param q rows of {@code heads · headWidth} values, token {@code b · sequence + t}
     * @param k as q
     * @param v as q
     * @param context as q, written
     * @param probabilities {@code batch · heads} arrays of {@code sequence} rows, row t of {@code t + 1} values, written
     * @param divisor s
     * @return the statistics of S and P
     */
    static Statistics forward(float[][] q, float[][] k, float[][] v, float[][] context, float[][][] probabilities,
                              int batch, int sequence, int heads, int headWidth, double divisor, Workers workers) {
        int pairs = batch * heads;
        double[] logitMean = new double[pairs];
        double[] logitSquares = new double[pairs];
        double[] entropy = new double[pairs];
        float scale = (float) divisor;
        workers.forRange(pairs, 1, (p0, p1) -> {
            for (int pair = p0; pair < p1; pair++) {
                int base = (pair / heads) * sequence;
                int offset = (pair % heads) * headWidth;
                float[][] p = probabilities[pair];
                double sum = 0;
                for (int t = 0; t < sequence; t++) {
                    float[] qt = q[base + t];
                    float[] pt = new float[t + 1];
                    for (int u = 0; u <= t; u++) {
                        float[] ku = k[base + u];
                        float dot = 0;
                        for (int i = offset; i < offset + headWidth; i++) {
                            dot += qt[i] * ku[i];
                        }
                        pt[u] = dot / scale;
                        sum += pt[u];
                    }
                    p[t] = pt;
                }
                double count = sequence * (sequence + 1) / 2.0;
                double mean = sum / count;
                double squares = 0;
                double h = 0;
                for (int t = 0; t < sequence; t++) {
                    float[] pt = p[t];
                    float max = Float.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        double c = pt[u] - mean;
                        squares += c * c;
                        max = Math.max(max, pt[u]);
                    }
                    float total = 0;
                    for (int u = 0; u <= t; u++) {
                        pt[u] = (float) StrictMath.exp(pt[u] - max);
                        total += pt[u];
                    }
                    float[] ot = context[base + t];
                    for (int i = offset; i < offset + headWidth; i++) {
                        ot[i] = 0;
                    }
                    for (int u = 0; u <= t; u++) {
                        pt[u] /= total;
                        if (pt[u] != 0) { // 0 ln 0 = 0; a NaN probability makes the entropy NaN
                            h -= pt[u] * StrictMath.log(pt[u]);
                        }
                        float[] vu = v[base + u];
                        float pu = pt[u];
                        for (int i = offset; i < offset + headWidth; i++) {
                            ot[i] += pu * vu[i];
                        }
                    }
                }
                logitMean[pair] = mean;
                logitSquares[pair] = squares;
                entropy[pair] = h;
            }
        });
        return statistics(logitMean, logitSquares, entropy, batch, sequence, heads);
    }

    /**
     * Combines the pairs' statistics in index order: the pooled variance of equal-sized groups is
     * {@code (Σ squares + count Σ (mean_g - mean)²) / total} (Chan et al. 1979).
     */
    private static Statistics statistics(double[] logitMean, double[] logitSquares, double[] entropy, int batch,
                                         int sequence, int heads) {
        int pairs = logitMean.length;
        double count = sequence * (sequence + 1) / 2.0;
        double mean = 0;
        for (double m : logitMean) {
            mean += m;
        }
        mean /= pairs;
        double squares = 0;
        for (int pair = 0; pair < pairs; pair++) {
            double c = logitMean[pair] - mean;
            squares += logitSquares[pair] + count * c * c;
        }
        double logitStd = Math.sqrt(squares / (count * pairs));
        double total = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int head = 0; head < heads; head++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                sum += entropy[b * heads + head];
            }
            double headMean = sum / ((double) batch * sequence);
            total += headMean;
            min = Double.isNaN(headMean) ? Double.NaN : Math.min(min, headMean);
        }
        return new Statistics(logitStd, total / heads, min);
    }

    /**
     * The gradients of q, k and v, written into zeroed arrays.
     *
     * @param dContext the gradient of the attention output
     * @param probabilities P of the forward pass
     * @param divisor s, as in the forward pass
     */
    static void backward(float[][] dContext, float[][] q, float[][] k, float[][] v, float[][][] probabilities,
                         float[][] dq, float[][] dk, float[][] dv, int batch, int sequence, int heads, int headWidth,
                         double divisor, Workers workers) {
        float scale = (float) divisor;
        workers.forRange(batch * heads, 1, (p0, p1) -> {
            float[] dp = new float[sequence];
            for (int pair = p0; pair < p1; pair++) {
                int base = (pair / heads) * sequence;
                int offset = (pair % heads) * headWidth;
                float[][] p = probabilities[pair];
                for (int t = 0; t < sequence; t++) {
                    float[] pt = p[t];
                    float[] dot = dContext[base + t];
                    float weighted = 0;
                    for (int u = 0; u <= t; u++) {
                        float[] vu = v[base + u];
                        float[] dvu = dv[base + u];
                        float d = 0;
                        for (int i = offset; i < offset + headWidth; i++) {
                            d += dot[i] * vu[i];
                            dvu[i] += pt[u] * dot[i];
                        }
                        dp[u] = d;
                        weighted += pt[u] * d;
                    }
                    float[] qt = q[base + t];
                    float[] dqt = dq[base + t];
                    for (int u = 0; u <= t; u++) {
                        float ds = pt[u] * (dp[u] - weighted) / scale;
                        float[] ku = k[base + u];
                        float[] dku = dk[base + u];
                        for (int i = offset; i < offset + headWidth; i++) {
                            dqt[i] += ds * ku[i];
                            dku[i] += ds * qt[i];
                        }
                    }
                }
            }
        });
    }
}
