package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017) on the query, key and value rows
 * of a batch, forward and backward, causal or not. The queries come from one sequence of
 * {@code queries} rows per batch entry and the keys and values from one of {@code keys} rows: the
 * same sequence for self-attention, the encoder's output for the cross-attention of an
 * encoder-decoder. For head h of sequence b, with s the divisor of the logits ({@code sqrt(d_head)}
 * in Vaswani et al.; proportional to {@code d_head} under muP):
 * <pre>
 *   S_tu = q_t · k_u / s            every u, or u &lt;= t with the causal mask (later tokens are not seen)
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
final class Attention {
    private Attention() {
    }

    /**
     * Where the rows of one attention are and which keys each query sees.
     *
     * @param batch B, the number of sequences
     * @param queries the query rows per sequence: row {@code b · queries + t}
     * @param keys the key and value rows per sequence: row {@code b · keys + u}
     * @param heads h
     * @param headWidth the width of one head
     * @param divisor s
     * @param causal whether query t sees the keys {@code u <= t} only; needs {@code queries == keys}
     */
    record Layout(int batch, int queries, int keys, int heads, int headWidth, double divisor, boolean causal) {
        /**
         * Validates the layout.
         *
         * @throws IllegalArgumentException if the mask is causal and the sequences differ in length
         */
        Layout {
            if (causal && queries != keys) {
                throw new IllegalArgumentException("keys must equal queries " + queries + " under a causal mask: "
                        + keys);
            }
        }

        /** The self-attention of a sequence of {@code sequence} rows. */
        static Layout self(int batch, int sequence, int heads, int headWidth, double divisor, boolean causal) {
            return new Layout(batch, sequence, sequence, heads, headWidth, divisor, causal);
        }

        /** The last key query t sees. */
        int lastKey(int t) {
            return causal ? t : keys - 1;
        }

        /** The number of logits of one (sequence, head) pair. */
        double logits() {
            return causal ? queries * (queries + 1) / 2.0 : (double) queries * keys;
        }
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
     * The attention output of every query, and P kept for the backward pass.
     *
     * @param q rows of {@code heads · headWidth} values, query row {@code b · queries + t}
     * @param k rows as q, key row {@code b · keys + u}
     * @param v as k
     * @param context as q, written
     * @param probabilities {@code batch · heads} arrays of {@code queries} rows, row t of
     *     {@code lastKey(t) + 1} values, written
     * @return the statistics of S and P
     */
    static Statistics forward(float[][] q, float[][] k, float[][] v, float[][] context, float[][][] probabilities,
                              Layout layout, Workers workers) {
        int heads = layout.heads();
        int headWidth = layout.headWidth();
        int pairs = layout.batch() * heads;
        double[] logitMean = new double[pairs];
        double[] logitSquares = new double[pairs];
        double[] entropy = new double[pairs];
        float scale = (float) layout.divisor();
        workers.forRange(pairs, 1, (p0, p1) -> {
            for (int pair = p0; pair < p1; pair++) {
                int queryBase = (pair / heads) * layout.queries();
                int keyBase = (pair / heads) * layout.keys();
                int offset = (pair % heads) * headWidth;
                float[][] p = probabilities[pair];
                double sum = 0;
                for (int t = 0; t < layout.queries(); t++) {
                    float[] qt = q[queryBase + t];
                    int last = layout.lastKey(t);
                    float[] pt = new float[last + 1];
                    for (int u = 0; u <= last; u++) {
                        float[] ku = k[keyBase + u];
                        float dot = 0;
                        for (int i = offset; i < offset + headWidth; i++) {
                            dot += qt[i] * ku[i];
                        }
                        pt[u] = dot / scale;
                        sum += pt[u];
                    }
                    p[t] = pt;
                }
                double mean = sum / layout.logits();
                double squares = 0;
                double h = 0;
                for (int t = 0; t < layout.queries(); t++) {
                    float[] pt = p[t];
                    int last = layout.lastKey(t);
                    float max = Float.NEGATIVE_INFINITY;
                    for (int u = 0; u <= last; u++) {
                        double c = pt[u] - mean;
                        squares += c * c;
                        max = Math.max(max, pt[u]);
                    }
                    float total = 0;
                    for (int u = 0; u <= last; u++) {
                        pt[u] = (float) StrictMath.exp(pt[u] - max);
                        total += pt[u];
                    }
                    float[] ot = context[queryBase + t];
                    for (int i = offset; i < offset + headWidth; i++) {
                        ot[i] = 0;
                    }
                    for (int u = 0; u <= last; u++) {
                        pt[u] /= total;
                        if (pt[u] != 0) { // 0 ln 0 = 0; a NaN probability makes the entropy NaN
                            h -= pt[u] * StrictMath.log(pt[u]);
                        }
                        float[] vu = v[keyBase + u];
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
        return statistics(logitMean, logitSquares, entropy, layout);
    }

    /**
     * Combines the pairs' statistics in index order: the pooled variance of equal-sized groups is
     * {@code (Σ squares + count Σ (mean_g - mean)²) / total} (Chan et al. 1979).
     */
    private static Statistics statistics(double[] logitMean, double[] logitSquares, double[] entropy, Layout layout) {
        int pairs = logitMean.length;
        double count = layout.logits();
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
        int heads = layout.heads();
        for (int head = 0; head < heads; head++) {
            double sum = 0;
            for (int b = 0; b < layout.batch(); b++) {
                sum += entropy[b * heads + head];
            }
            double headMean = sum / ((double) layout.batch() * layout.queries());
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
     * @param layout as in the forward pass
     */
    static void backward(float[][] dContext, float[][] q, float[][] k, float[][] v, float[][][] probabilities,
                         float[][] dq, float[][] dk, float[][] dv, Layout layout, Workers workers) {
        int heads = layout.heads();
        int headWidth = layout.headWidth();
        float scale = (float) layout.divisor();
        workers.forRange(layout.batch() * heads, 1, (p0, p1) -> {
            float[] dp = new float[layout.keys()];
            for (int pair = p0; pair < p1; pair++) {
                int queryBase = (pair / heads) * layout.queries();
                int keyBase = (pair / heads) * layout.keys();
                int offset = (pair % heads) * headWidth;
                float[][] p = probabilities[pair];
                for (int t = 0; t < layout.queries(); t++) {
                    float[] pt = p[t];
                    float[] dot = dContext[queryBase + t];
                    int last = layout.lastKey(t);
                    float weighted = 0;
                    for (int u = 0; u <= last; u++) {
                        float[] vu = v[keyBase + u];
                        float[] dvu = dv[keyBase + u];
                        float d = 0;
                        for (int i = offset; i < offset + headWidth; i++) {
                            d += dot[i] * vu[i];
                            dvu[i] += pt[u] * dot[i];
                        }
                        dp[u] = d;
                        weighted += pt[u] * d;
                    }
                    float[] qt = q[queryBase + t];
                    float[] dqt = dq[queryBase + t];
                    for (int u = 0; u <= last; u++) {
                        float ds = pt[u] * (dp[u] - weighted) / scale;
                        float[] ku = k[keyBase + u];
                        float[] dku = dk[keyBase + u];
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
