package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.distribution.Normal;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * A 2-2-1 network on a batch of two, worked out by hand. Every value is a small integer, so the
 * float32 passes are exact and every figure can be checked with {@code isEqualTo}.
 * <pre>
 *   X  = [[1, 2], [3, -1]]          W1 = [[1, -1], [2, -1]]  (relu)     W2 = [[1], [-2]]  (linear)
 *   A1 = X W1 = [[5, -3], [1, -2]]  H1 = [[5, 0], [1, 0]]    D1 = [[1, 0], [1, 0]]
 *   A2 = H1 W2 = [[5], [1]]         H2 = A2                  D2 = 1
 *   R  = [[1], [2]]
 *   dH2 = R, |dH2| = sqrt 5         dA2 = [[1], [2]]         dW2 = H1^T dA2 = [[7], [0]], |dW2| = 7
 *   dH1 = dA2 W2^T = [[1, -2], [2, -4]], |dH1| = 5
 *   dA1 = dH1 ∘ D1 = [[1, 0], [2, 0]]
 *   dW1 = X^T dA1 = [[7, 0], [0, 0]], |dW1| = 7
 * </pre>
 * Unit 2 of layer 1 is never positive: half the layer is dead.
 */
class HandComputedTest {
    private static final float[] X = {1, 2, 3, -1};
    private static final List<Activation> ACTIVATIONS = List.of(Activation.of("relu"), Activation.of("linear"));

    private static Network network() {
        return Network.ofWeights(List.of(2, 2, 1), ACTIVATIONS,
                List.of(new float[] {1, -1, 2, -1}, new float[] {1, -2}));
    }

    private static Propagation.Result pass(Network net, float[] x, float[] r) {
        int[] widths = net.widths().stream().mapToInt(Integer::intValue).toArray();
        return Propagation.run(net, Matmul.rows(x, 2, 2), Matmul.rows(r, 2, 1), new Workers(Runnable::run, 1),
                new RunArrays(widths, 2));
    }

    @Test
    void everyFigureOfBothLayers() {
        Propagation.Result result = pass(network(), X, new float[] {1, 2});
        List<Verdicts.Judged> judged = Verdicts.judge(result.inputStd(), result.layers(), ACTIVATIONS.get(0));
        LayerReport l1 = judged.get(0).report();
        LayerReport l2 = judged.get(1).report();

        // Input [1, 2, 3, -1]: mean 1.25, variance 8.75 / 4.
        assertThat(result.inputStd()).isEqualTo(Math.sqrt(8.75 / 4));
        // A1 = [5, -3, 1, -2]: mean 0.25, variance 38.75 / 4; H1 = [5, 0, 1, 0]: mean 1.5, variance 17 / 4.
        assertThat(l1).isEqualTo(new LayerReport(1, 2, 0.25, Math.sqrt(38.75 / 4), 1.5, Math.sqrt(17.0 / 4), 0.5, 0.0,
                false, 7.0, 5.0, 1.0, 5 / Math.sqrt(5), Verdict.DEAD));
        // A2 = H2 = [5, 1]: mean 3, variance 4.
        assertThat(l2).isEqualTo(new LayerReport(2, 1, 3.0, 2.0, 3.0, 2.0, 0.0, 0.0, false, 7.0, Math.sqrt(5),
                1.0, 1.0, Verdict.HEALTHY));
        assertThat(Verdicts.runVerdict(judged)).isEqualTo(Verdict.DEAD);
        assertThat(Verdicts.runReason(Verdict.DEAD, judged, result.inputStd()))
                .isEqualTo("layer 1: 50% of units are never positive over the batch (>= 50%)");
    }

    @Test
    void histogramsOfTheFirstMiddleAndLastLayers() {
        Propagation.Result result = pass(network(), X, new float[] {1, 2});

        // H1 = [5, 0, 1, 0] over [0, 5]: 0 in bin 0, 1 in bin 12, 5 (the upper edge) in bin 59.
        assertThat(result.first()).isEqualTo(new Histogram(0, 5, counts(0, 2, 12, 1, 59, 1)));
        assertThat(result.middle()).isEqualTo(result.first());
        // H2 = [5, 1] over [1, 5].
        assertThat(result.last()).isEqualTo(new Histogram(1, 5, counts(0, 1, 59, 1)));
    }

    /** The public entry point draws R from derive("projection") and gives the same figures. */
    @Test
    void diagnoseUsesTheProjectionOfItsSeed() {
        float[] r = new float[2];
        new Normal(0, 1).fill(RandomKey.of(9).derive("projection"), 0, r, 0, 2);
        Propagation.Result result = pass(network(), X, r);

        RunReport report = Diagnoser.diagnose(network(), "by hand", X, 2, 9, ForkJoinPool.commonPool(), 2);

        assertThat(report.initializer()).isEqualTo("by hand");
        assertThat(report.activation()).isEqualTo("relu,linear");
        assertThat(report.layers().get(0).weightGradientNorm()).isEqualTo(result.layers().get(0).weightGradientNorm());
        assertThat(report.layers().get(1).activationGradientNorm())
                .isEqualTo(Math.sqrt((double) r[0] * r[0] + (double) r[1] * r[1]));
        assertThat(report.verdict()).isEqualTo(Verdict.DEAD);
        assertThat(report.recommendation()).startsWith("relu: he_normal").contains("; linear: glorot_normal");
    }

    /** Identical columns give identical units: symmetric, whatever the scale of the values. */
    @Test
    void identicalColumnsAreSymmetricAtAnyScale() {
        for (float scale : new float[] {1e-20f, 1, 1e20f}) {
            Network net = Network.ofWeights(List.of(2, 3, 1), List.of(Activation.of("tanh"), Activation.of("linear")),
                    List.of(new float[] {scale, scale, scale, -scale, -scale, -scale}, new float[] {1, 2, 3}));
            Propagation.Result result = pass(net, X, new float[] {1, 2});

            assertThat(result.layers().get(0).symmetric()).as("scale %s", scale).isTrue();
            assertThat(result.layers().get(1).symmetric()).as("width 1 is never symmetric").isFalse();
        }
        // Units that differ by one part in 1e4 at the scale of 1e-20 are not symmetric.
        Network net = Network.ofWeights(List.of(2, 2, 1), ACTIVATIONS,
                List.of(new float[] {1e-20f, 1.0001e-20f, 1e-20f, 1e-20f}, new float[] {1, 1}));
        assertThat(pass(net, X, new float[] {1, 2}).layers().get(0).symmetric()).isFalse();
    }

    private static List<Long> counts(int... binAndCount) {
        List<Long> counts = new ArrayList<>(Collections.nCopies(60, 0L));
        for (int i = 0; i < binAndCount.length; i += 2) {
            counts.set(binAndCount[i], (long) binAndCount[i + 1]);
        }
        return counts;
    }
}
