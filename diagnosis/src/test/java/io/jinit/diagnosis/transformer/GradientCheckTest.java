package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic gradients against central finite differences of the loss, on the tiny stack in
 * every combination of norm, placement and feed-forward network, without norms, with DeepNorm's skip
 * scale and another divisor of the logits, and with rotary positions.
 *
 * <p>The engine is float32; the loss is summed in double from the float activations, and the
 * check runs on that engine (there is no double-precision copy). With a step h the central
 * difference {@code (L(v + h) - L(v - h)) / 2h} has a truncation error of {@code h² L''' / 6} and a
 * rounding error of about {@code ε_L / h}, ε_L being the float rounding carried into the loss.
 * Both were measured on these stacks: with learned positions the gradient of a key bias is exactly
 * 0 (adding q·b to every logit of a row leaves its softmax unchanged), and its central difference at {@code h = 3e-3}
 * is at most {@code 6.4e-4}: that is the rounding error. The truncation error is largest in
 * post-norm block 0, whose attention sees the unnormalized embeddings (logit std 2.6): the
 * difference of {@code query.weight[18]} there is 0.364, 0.494, 0.509, 0.510 at h = 3e-2, 1e-2,
 * 3e-3, 1e-3 against the analytic 0.510, converging as h². The step is therefore
 * {@code 3e-3 max(1, |v|)}, and the tolerance {@code 2e-3 + 1e-2 |g|}: three times the rounding
 * error, plus one percent for the curvature (the largest error seen on the 12 stacks with learned
 * positions, over seven
 * entries of every parameter, was 0.36 of this tolerance; 0.23 on the two rotary stacks). A wrong term of a gradient (a missing
 * bias, a dropped norm term, a transposed product) changes it by tens of percent and fails.
 */
class GradientCheckTest {
    private static final long SEED = 3;

    static Stream<TransformerShape> shapes() {
        return TinyStacks.all().stream();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void analyticGradientsEqualCentralDifferences(TransformerShape shape) {
        TransformerParameters parameters = TinyStacks.generic(shape, SEED);
        int[] tokens = Transformer.tokens(shape, SEED);
        float[] projection = Transformer.projection(shape, SEED);
        TransformerResult result = Transformer.run(parameters, tokens, projection, Runnable::run, 1);
        int checked = 0;
        for (String name : checkedNames(parameters)) {
            float[][] rows = parameters.rows(name);
            float[] gradient = result.gradient(name);
            int cols = rows[0].length;
            for (int index : checkedIndices(name, gradient.length, tokens, cols)) {
                float[] row = rows[index / cols];
                int j = index % cols;
                float v = row[j];
                float h = (float) (3e-3 * Math.max(1, Math.abs(v)));
                row[j] = v + h;
                double plus = Transformer.run(parameters, tokens, projection, Runnable::run, 1).figures().loss();
                row[j] = v - h;
                double minus = Transformer.run(parameters, tokens, projection, Runnable::run, 1).figures().loss();
                row[j] = v;
                double step = ((double) (v + h) - (double) (v - h));
                double numeric = (plus - minus) / step;
                double analytic = gradient[index];
                assertThat(analytic).as("%s[%d] of %s", name, index, shape)
                        .isCloseTo(numeric, Offset.offset(2e-3 + 1e-2 * Math.abs(numeric)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    /** Every parameter of block 0, the last block's feed-forward network, the embeddings and the final norm. */
    private static List<String> checkedNames(TransformerParameters parameters) {
        List<String> names = new ArrayList<>();
        for (String name : parameters.names()) {
            if (!name.startsWith("layers.1.attention")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Three entries of a parameter; for the token embedding, entries of the rows of tokens in the batch. */
    private static int[] checkedIndices(String name, int length, int[] tokens, int cols) {
        if (name.equals("embedding.token.weight")) {
            return new int[] {tokens[0] * cols + 1, tokens[3] * cols + 5, tokens[7] * cols + 7};
        }
        return new int[] {0, length / 2 + 1, length - 1};
    }
}
