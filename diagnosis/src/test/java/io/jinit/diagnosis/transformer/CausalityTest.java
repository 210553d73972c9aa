package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The causal mask: the output at position t depends on tokens 0 .. t of its own sequence only.
 * Every operation but attention is row by row, and attention reads rows u &lt;= t of its sequence,
 * with each element's float sequence fixed ({@code Matmul}), so the unaffected outputs are
 * bit-identical, not merely close.
 */
class CausalityTest {
    private static final long SEED = 5;
    private static final int CHANGED = 3;

    static Stream<TransformerShape> shapes() {
        return TinyStacks.all().stream();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void changingTokenTChangesNoOutputBeforeT(TransformerShape shape) {
        TransformerParameters parameters = TinyStacks.generic(shape, SEED);
        int[] tokens = Transformer.tokens(shape, SEED);
        float[] projection = Transformer.projection(shape, SEED);
        float[] before = Transformer.run(parameters, tokens, projection, Runnable::run, 1).output();
        int[] changed = tokens.clone();
        changed[CHANGED] = (tokens[CHANGED] + 1) % shape.vocabulary();
        float[] after = Transformer.run(parameters, changed, projection, Runnable::run, 1).output();

        int d = shape.width();
        int sequence = shape.sequence();
        assertThat(Arrays.copyOfRange(after, 0, CHANGED * d)).as("positions before %d", CHANGED)
                .isEqualTo(Arrays.copyOfRange(before, 0, CHANGED * d));
        assertThat(Arrays.copyOfRange(after, CHANGED * d, (CHANGED + 1) * d)).as("position %d", CHANGED)
                .isNotEqualTo(Arrays.copyOfRange(before, CHANGED * d, (CHANGED + 1) * d));
        assertThat(Arrays.copyOfRange(after, (sequence - 1) * d, sequence * d)).as("the last position")
                .isNotEqualTo(Arrays.copyOfRange(before, (sequence - 1) * d, sequence * d));
        assertThat(Arrays.copyOfRange(after, sequence * d, after.length)).as("the other sequence")
                .isEqualTo(Arrays.copyOfRange(before, sequence * d, before.length));
    }
}
