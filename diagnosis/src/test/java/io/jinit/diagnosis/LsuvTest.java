package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.distribution.Normal;
import io.jinit.random.RandomKey;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LsuvTest {
    private static final List<Integer> WIDTHS = List.of(64, 128, 96, 96, 96, 96, 96, 48);
    private static final int BATCH = 512;

    /** LSUV's promise: every layer's pre-activations have unit variance on the batch, within 0.1. */
    @ParameterizedTest
    @ValueSource(strings = {"relu", "tanh", "selu", "sigmoid", "gelu"})
    void everyLayerReachesUnitVariance(String activation) {
        RunReport run = Diagnoser.run(DiagnosisRequest.of(WIDTHS, List.of(activation), List.of("lsuv"))
                .withBatch(BATCH).withSeed(11).withThreads(Runnable::run, 1))
                .runs().get(0);

        assertThat(run.initializer()).isEqualTo("lsuv");
        for (LayerReport layer : run.layers()) {
            assertThat(layer.preActivationStd() * layer.preActivationStd()).as("layer %d", layer.layer())
                    .isCloseTo(1.0, within(Lsuv.DEFAULT_TOLERANCE));
        }
        assertThat(run.verdict()).isIn(Verdict.HEALTHY, Verdict.VANISHING);
    }

    /** The scale of the data does not matter: the first layer absorbs it. */
    @ParameterizedTest
    @ValueSource(floats = {1e-3f, 1, 50})
    void dataOfAnyScale(float scale) {
        float[] data = normals(BATCH * 64, scale);
        List<Activation> relu = Collections.nCopies(WIDTHS.size() - 1, Activation.of("relu"));
        Network net = Lsuv.initialize(WIDTHS, relu, data, BATCH, 3);

        RunReport run = Diagnoser.diagnose(net, "lsuv", data, BATCH, 3, Runnable::run, 1);
        for (LayerReport layer : run.layers()) {
            assertThat(layer.preActivationStd()).isCloseTo(1.0, within(0.05));
        }
    }

    /** Each weight is its orthonormal start times one factor: W^T W = c² I. */
    @ParameterizedTest
    @ValueSource(ints = {0, 10})
    void weightsAreScaledOrthonormalMatrices(int maxIterations) {
        float[] data = normals(BATCH * 64, 3);
        List<Activation> tanh = Collections.nCopies(WIDTHS.size() - 1, Activation.of("tanh"));
        Network net = Lsuv.initialize(WIDTHS, tanh, data, BATCH, 3, 0.1, maxIterations, Runnable::run, 1);

        for (int l = 1; l < WIDTHS.size(); l++) {
            int in = WIDTHS.get(l - 1);
            int out = WIDTHS.get(l);
            double[][] g = gram(net.weight(l), in, out);
            boolean tall = in >= out;
            double c2 = g[0][0];
            if (maxIterations == 0) {
                assertThat(c2).isCloseTo(1.0, within(1e-5));
            }
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g.length; j++) {
                    assertThat(g[i][j]).as("layer %d (%s)", l, tall ? "W^T W" : "W W^T")
                            .isCloseTo(i == j ? c2 : 0.0, within(1e-5 * c2));
                }
            }
        }
    }

    /** W^T W (out x out) for a tall W, W W^T (in x in) for a wide one. */
    private static double[][] gram(float[] w, int in, int out) {
        boolean tall = in >= out;
        int n = tall ? out : in;
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < (tall ? in : out); k++) {
                    s += tall ? (double) w[k * out + i] * w[k * out + j] : (double) w[i * out + k] * w[j * out + k];
                }
                g[i][j] = s;
            }
        }
        return g;
    }

    private static float[] normals(int n, float scale) {
        float[] x = new float[n];
        new Normal(0, scale).fill(RandomKey.of(77), 0, x, 0, n);
        return x;
    }
}
