package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.internal.Workers;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The analytic gradients of the encoder-decoder against central finite differences of the loss,
 * on the tiny encoder-decoders (2 + 2 blocks, width 8, 2 heads, 4 source and 5 target tokens,
 * B = 2), pre-norm and post-norm: every parameter, the encoder's included, which the loss reaches
 * only through the keys and values of the decoder's cross-attention.
 *
 * <p>Step and tolerance are those of {@link GradientCheckTest}, {@code h = 3e-3 max(1, |v|)} and
 * {@code 2e-3 + 1e-2 |g|}, and were measured again on this stack, checking every entry of every
 * parameter. The rounding error: the gradient of every key bias, of the self-attentions and of the
 * cross-attentions, is exactly 0 (adding {@code q·b} to every logit of a row leaves its softmax
 * unchanged), and its central difference is at most {@code 4.6e-4} pre-norm and {@code 6.2e-4}
 * post-norm, a third of the absolute term. The truncation error: the largest gradients converge as
 * h², e.g. the post-norm {@code encoder.layers.0.feed_forward.up.weight[81]}, analytic -8.28273, has
 * differences -8.2366, -8.2775, -8.28250 at h = 3e-2, 1e-2, 3e-3 (6e-5 relative at the step used,
 * against the one percent allowed), and -8.28249 at 1e-3 where rounding takes over. Over every entry
 * of every parameter the largest error was 0.35 of the tolerance pre-norm and 0.53 post-norm, both on
 * gradients near 0.04 whose difference carries the rounding error. A wrong term (a missing
 * cross-attention share of {@code dL/dM}, a dropped norm term, a transposed product) changes a
 * gradient by tens of percent and fails. The test checks three entries of every parameter.
 */
class EncoderDecoderGradientCheckTest {
    private static final long SEED = 3;
    private static final Workers ONE = new Workers(Runnable::run, 1);

    static Stream<EncoderDecoderShape> shapes() {
        return TinyStacks.encoderDecoders().stream();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void analyticGradientsEqualCentralDifferences(EncoderDecoderShape shape) {
        Map<String, float[][]> parameters = EncoderDecoder.parameters(shape, TinyStacks.generic(0.4, SEED));
        int[] source = EncoderDecoder.tokens(shape, SEED, true);
        int[] target = EncoderDecoder.tokens(shape, SEED, false);
        float[][] projection = EncoderDecoder.projection(shape, SEED);
        EncoderDecoderResult result = EncoderDecoder.pass(shape, parameters, source, target, projection, ONE);
        int checked = 0;
        for (Map.Entry<String, float[][]> e : parameters.entrySet()) {
            String name = e.getKey();
            float[][] rows = e.getValue();
            float[] gradient = result.gradient(name);
            int cols = rows[0].length;
            for (int index : checkedIndices(name, gradient.length, name.startsWith("encoder") ? source : target,
                    cols)) {
                float[] row = rows[index / cols];
                int j = index % cols;
                float v = row[j];
                float h = (float) (3e-3 * Math.max(1, Math.abs(v)));
                row[j] = v + h;
                double plus = EncoderDecoder.pass(shape, parameters, source, target, projection, ONE).loss();
                row[j] = v - h;
                double minus = EncoderDecoder.pass(shape, parameters, source, target, projection, ONE).loss();
                row[j] = v;
                double numeric = (plus - minus) / ((double) (v + h) - (double) (v - h));
                assertThat((double) gradient[index]).as("%s[%d] of %s", name, index, shape)
                        .isCloseTo(numeric, Offset.offset(2e-3 + 1e-2 * Math.abs(numeric)));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3 * parameters.size());
    }

    /** Three entries of a parameter; for a token embedding, entries of the rows of tokens in the batch. */
    private static int[] checkedIndices(String name, int length, int[] tokens, int cols) {
        if (name.endsWith("embedding.token.weight")) {
            return new int[] {tokens[0] * cols + 1, tokens[3] * cols + 5, tokens[tokens.length - 1] * cols + 7};
        }
        return new int[] {0, length / 2 + 1, length - 1};
    }
}
