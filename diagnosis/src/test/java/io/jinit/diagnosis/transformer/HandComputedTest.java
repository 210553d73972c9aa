package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.internal.Workers;
import org.junit.jupiter.api.Test;

/**
 * One attention head and the two norms on three tokens, worked out by hand. Values are float32
 * results of a few operations, so they are checked to {@code 1e-6} relative to their size.
 */
class HandComputedTest {
    private static final Workers ONE = new Workers(Runnable::run, 1);

    /**
     * One head of width 4 (so sqrt(d_head) = 2 exactly), one sequence of three tokens:
     * <pre>
     *   q = [1,0,0,0], [2,0,0,0], [0,2,0,0]     k = [0,0,0,0], [2,0,0,0], [0,0,0,0]
     *   S_00 = 0;  S_10 = 0, S_11 = 2·2/2 = 2;  S_20 = S_21 = S_22 = 0
     *   P_0 = [1];  P_1 = [1, e²] / (1 + e²);  P_2 = [1, 1, 1] / 3
     *   v = [1,2,0,0], [3,-1,0,0], [0,0,6,0]
     *   o_0 = v_0;  o_1 = (v_0 + e² v_1) / (1 + e²);  o_2 = (v_0 + v_1 + v_2) / 3 = [4/3, 1/3, 2, 0]
     *   logits {0, 0, 2, 0, 0, 0}: mean 1/3, variance (5/9 + 25/9) / 6 = 5/9, std sqrt(5) / 3
     *   entropies 0, ln(1 + e²) - 2 e² / (1 + e²), ln 3; their mean is the head's and the minimum
     * </pre>
     */
    @Test
    void oneHeadOnThreeTokens() {
        float[][] q = {{1, 0, 0, 0}, {2, 0, 0, 0}, {0, 2, 0, 0}};
        float[][] k = {{0, 0, 0, 0}, {2, 0, 0, 0}, {0, 0, 0, 0}};
        float[][] v = {{1, 2, 0, 0}, {3, -1, 0, 0}, {0, 0, 6, 0}};
        float[][] context = new float[3][4];
        float[][][] probabilities = new float[1][3][];
        Attention.Statistics s = Attention.forward(q, k, v, context, probabilities,
                Attention.Layout.self(1, 3, 1, 4, 2.0, true), ONE);

        double e2 = Math.exp(2);
        double p10 = 1 / (1 + e2);
        double p11 = e2 / (1 + e2);
        assertThat(probabilities[0][0]).containsExactly(1f);
        assertThat(probabilities[0][1][0]).isCloseTo((float) p10, within(1e-7f));
        assertThat(probabilities[0][1][1]).isCloseTo((float) p11, within(1e-6f));
        assertThat(probabilities[0][2]).containsExactly(1 / 3f, 1 / 3f, 1 / 3f);
        assertThat(context[0]).containsExactly(1, 2, 0, 0);
        assertThat(context[1][0]).isCloseTo((float) (p10 + 3 * p11), within(1e-6f));
        assertThat(context[1][1]).isCloseTo((float) (2 * p10 - p11), within(1e-6f));
        assertThat(context[2][0]).isCloseTo(4 / 3f, within(1e-6f));
        assertThat(context[2][1]).isCloseTo(1 / 3f, within(1e-6f));
        assertThat(context[2][2]).isCloseTo(2f, within(1e-6f));
        assertThat(s.logitStd()).isCloseTo(Math.sqrt(5) / 3, within(1e-12));
        double h1 = Math.log(1 + e2) - 2 * e2 / (1 + e2);
        double mean = (h1 + Math.log(3)) / 3;
        assertThat(s.meanEntropy()).isCloseTo(mean, within(1e-6));
        assertThat(s.minHeadEntropy()).isEqualTo(s.meanEntropy());
    }

    /**
     * LayerNorm on three tokens of width 4, weight [1, 2, 0.5, -1], bias [0, 1, 0, 0.5]:
     * <pre>
     *   [1, 2, 3, 6]:   mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5,  x̂ = (x - 3) / sqrt(3.5 + 1e-5)
     *   [2, 2, 2, 2]:   variance 0, x̂ = 0, y = bias
     *   [-1, 0, 0, 1]:  mean 0, variance 0.5,  x̂ = x / sqrt(0.5 + 1e-5)
     * </pre>
     */
    @Test
    void layerNormOnThreeTokens() {
        float[][] x = {{1, 2, 3, 6}, {2, 2, 2, 2}, {-1, 0, 0, 1}};
        float[] w = {1, 2, 0.5f, -1};
        float[] b = {0, 1, 0, 0.5f};
        float[][] y = norm(TransformerShape.Norm.LAYER_NORM, x, w, b);
        double r0 = 1 / Math.sqrt(3.5 + 1e-5);
        double r2 = 1 / Math.sqrt(0.5 + 1e-5);
        assertRow(y[0], new double[] {-2 * r0, 2 * -r0 + 1, 0, -3 * r0 + 0.5});
        assertRow(y[1], new double[] {0, 1, 0, 0.5});
        assertRow(y[2], new double[] {-r2, 1, 0, -r2 + 0.5});
    }

    /**
     * RMSNorm (no mean subtracted, no bias), weight [1, 2, 0.5, -1]:
     * <pre>
     *   [1, 2, 3, 6]:   mean square 50 / 4 = 12.5,  x̂ = x / sqrt(12.5 + 1e-6)
     *   [2, 2, 2, 2]:   mean square 4,  x̂ = x / sqrt(4 + 1e-6), nearly 1
     *   [-1, 0, 0, 1]:  mean square 0.5
     * </pre>
     */
    @Test
    void rmsNormOnThreeTokens() {
        float[][] x = {{1, 2, 3, 6}, {2, 2, 2, 2}, {-1, 0, 0, 1}};
        float[] w = {1, 2, 0.5f, -1};
        float[][] y = norm(TransformerShape.Norm.RMS_NORM, x, w, null);
        double r0 = 1 / Math.sqrt(12.5 + 1e-6);
        double r1 = 1 / Math.sqrt(4 + 1e-6);
        double r2 = 1 / Math.sqrt(0.5 + 1e-6);
        assertRow(y[0], new double[] {r0, 4 * r0, 1.5 * r0, -6 * r0});
        assertRow(y[1], new double[] {2 * r1, 4 * r1, r1, -2 * r1});
        assertRow(y[2], new double[] {-r2, 0, 0, -r2});
    }

    /**
     * The rotary embedding of one head of width 4: the pairs (0, 2) and (1, 3) turn by t θ_0 = t and
     * t θ_1 = t · 10000^(-1/2) = 0.01 t at position t, so [1, 0, 0, 0] at position 1 becomes
     * [cos 1, 0, sin 1, 0], [0, 1, 0, 0] at position 2 becomes [0, cos 0.02, 0, sin 0.02], position
     * 0 is not turned, and the backward turn undoes the forward one.
     */
    @Test
    void rotaryEmbeddingOfOneHead() {
        float[][] rows = {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}};
        float[][] turned = {rows[0].clone(), rows[1].clone(), rows[2].clone()};
        RotaryEmbedding.rotate(turned, 3, 1, 4, 1, ONE);
        assertThat(turned[0]).containsExactly(1, 0, 0, 0);
        assertRow(turned[1], new double[] {Math.cos(1), 0, Math.sin(1), 0});
        assertThat(turned[2][1]).isCloseTo((float) Math.cos(0.02), within(1e-6f));
        assertThat(turned[2][3]).isCloseTo((float) Math.sin(0.02), within(1e-6f));
        RotaryEmbedding.rotate(turned, 3, 1, 4, -1, ONE);
        for (int r = 0; r < 3; r++) {
            assertRow(turned[r], new double[] {rows[r][0], rows[r][1], rows[r][2], rows[r][3]});
        }
    }

    /**
     * With the same query and key at every position, the rotated logits depend on t - u only: the
     * rotary embedding's purpose (Su et al. 2021).
     */
    @Test
    void rotaryLogitsDependOnTheDistanceOnly() {
        int sequence = 6;
        float[] vector = {0.3f, -1.2f, 0.7f, 0.5f, 2.0f, -0.4f, 0.1f, 0.9f};
        float[][] q = new float[sequence][];
        float[][] k = new float[sequence][];
        for (int t = 0; t < sequence; t++) {
            q[t] = vector.clone();
            k[t] = new float[] {vector[3], vector[0], -vector[5], vector[1], vector[7], vector[2], vector[4], -vector[6]};
        }
        RotaryEmbedding.rotate(q, sequence, 1, 8, 1, ONE);
        RotaryEmbedding.rotate(k, sequence, 1, 8, 1, ONE);
        for (int distance = 0; distance < sequence; distance++) {
            double first = dot(q[distance], k[0]);
            for (int u = 1; u + distance < sequence; u++) {
                assertThat(dot(q[u + distance], k[u])).as("t - u = %d, u = %d", distance, u)
                        .isCloseTo(first, within(1e-5));
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static float[][] norm(TransformerShape.Norm kind, float[][] x, float[] w, float[] b) {
        float[][] normalized = new float[3][4];
        float[][] y = new float[3][4];
        Norm.forward(kind, x, w, b, normalized, y, new double[3], ONE);
        return y;
    }

    private static void assertRow(float[] actual, double[] expected) {
        for (int j = 0; j < expected.length; j++) {
            assertThat((double) actual[j]).as("element %d", j)
                    .isCloseTo(expected[j], within(1e-6 * Math.max(1, Math.abs(expected[j]))));
        }
    }
}
