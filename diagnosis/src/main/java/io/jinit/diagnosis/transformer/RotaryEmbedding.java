package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;

/**
 * Rotary position embedding (Su et al. 2021, RoFormer) as Llama applies it to queries and keys
 * (transformers' {@code apply_rotary_pos_emb} with {@code rotate_half}): in each head of width n,
 * the pair {@code (i, i + n/2)}, {@code i < n/2}, of the token at position t is turned by the angle
 * {@code t θ_i}, {@code θ_i = 10000^(-2i/n)}:
 * <pre>
 *   x'_i       = x_i cos(t θ_i) - x_(i+n/2) sin(t θ_i)
 *   x'_(i+n/2) = x_(i+n/2) cos(t θ_i) + x_i sin(t θ_i)
 * </pre>
 * so that {@code q'_t · k'_u} depends on the positions through {@code t - u} only. The rotation is
 * orthogonal: its backward pass turns the gradient by {@code -t θ_i}. The cosines and sines are
 * computed in double with {@link StrictMath} and rounded to float; the products are float. Each
 * row is turned by one thread, so the result does not depend on the thread count.
 */
final class RotaryEmbedding {
    /** Llama's {@code rope_theta}. */
    static final double BASE = 10000;

    private RotaryEmbedding() {
    }

    /**
     * Turns every head of every row forwards (direction 1) or backwards (direction -1), in place.
     *
     * @param rows {@code batch · sequence} rows of {@code heads · headWidth} values, token {@code b · sequence + t}
     * @param direction 1 for the forward pass, -1 for the gradient
     */
    static void rotate(float[][] rows, int sequence, int heads, int headWidth, int direction, Workers workers) {
        int half = headWidth / 2;
        float[][] cos = new float[sequence][half];
        float[][] sin = new float[sequence][half];
        for (int t = 0; t < sequence; t++) {
            for (int i = 0; i < half; i++) {
                double angle = t * StrictMath.pow(BASE, -2.0 * i / headWidth);
                cos[t][i] = (float) StrictMath.cos(angle);
                sin[t][i] = direction * (float) StrictMath.sin(angle);
            }
        }
        workers.forRange(rows.length, Linear.ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float[] row = rows[r];
                float[] c = cos[r % sequence];
                float[] s = sin[r % sequence];
                for (int h = 0; h < heads; h++) {
                    int o = h * headWidth;
                    for (int i = 0; i < half; i++) {
                        float a = row[o + i];
                        float b = row[o + i + half];
                        row[o + i] = a * c[i] - b * s[i];
                        row[o + i + half] = b * c[i] + a * s[i];
                    }
                }
            }
        });
    }
}
