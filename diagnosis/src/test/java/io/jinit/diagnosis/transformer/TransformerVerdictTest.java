package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.diagnosis.transformer.TransformerVerdict.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of {@link TransformerVerdict}, on figures made by hand. */
class TransformerVerdictTest {
    private static final TransformerShape SHAPE = TransformerShape.gpt2(4, 64, 2, 100, 16, 1);

    /** Blocks whose output std is {@code std}, entropy {@code entropy}, weight gradients {@code first} then 1. */
    private static TransformerFigures figures(int blocks, double lastStd, double entropy, double first, boolean finite) {
        List<BlockFigures> b = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            double grad = i == 0 ? first : 1;
            b.add(new BlockFigures(i, 1, i == blocks - 1 ? lastStd : 1, 0.5, 0.5, 0.1, entropy, entropy, 1, grad, 0,
                    0.1, finite));
        }
        return new TransformerFigures(0.02, b, 1, 0, 1, 1, finite);
    }

    private static final double UNIFORM = TransformerVerdict.uniformEntropy(16);

    @Test
    void eachRuleInItsOrder() {
        TransformerFigures half = figures(2, 1, UNIFORM, 1, true);
        assertThat(TransformerVerdict.judge(SHAPE, figures(4, 1, UNIFORM, 1, true), half).kind()).isEqualTo(Kind.HEALTHY);
        TransformerVerdict growth = TransformerVerdict.judge(SHAPE, figures(4, Math.sqrt(2), UNIFORM, 1, true), half);
        assertThat(growth.kind()).isEqualTo(Kind.RESIDUAL_GROWTH);
        assertThat(growth.streamGrowth()).isCloseTo(2.0, within(1e-12));
        assertThat(growth.reason()).isEqualTo("the stream's final variance with 4 blocks is 2.00 times that with 2 "
                + "(> 1.5): it grows linearly with depth");
        assertThat(TransformerVerdict.judge(SHAPE, figures(4, 1.2, UNIFORM, 1, true), half).kind())
                .as("1.44 is below 1.5").isEqualTo(Kind.HEALTHY);
        TransformerVerdict vanishing = TransformerVerdict.judge(SHAPE, figures(4, Math.sqrt(2), UNIFORM, 0.05, true),
                half);
        assertThat(vanishing.kind()).isEqualTo(Kind.GRADIENT_IMBALANCE);
        assertThat(vanishing.reason()).contains("0.0500 times block 3's", "vanish toward the input");
        assertThat(TransformerVerdict.judge(SHAPE, figures(4, 1, UNIFORM, 20, true), half).reason())
                .contains("grow toward the input");
        TransformerVerdict saturated = TransformerVerdict.judge(SHAPE, figures(4, 1, 0.4 * UNIFORM, 20, true), half);
        assertThat(saturated.kind()).isEqualTo(Kind.ATTENTION_SATURATED);
        assertThat(saturated.entropyRatio()).isCloseTo(0.4, within(1e-12));
        assertThat(TransformerVerdict.judge(SHAPE, figures(4, 1, 0.4 * UNIFORM, 20, false), half).kind())
                .isEqualTo(Kind.NOT_FINITE);
        assertThat(Kind.ATTENTION_SATURATED.label()).isEqualTo("attention saturated");
    }

    /** Uniform causal attention: token t spreads over t + 1 tokens, entropy ln(t + 1). */
    @Test
    void uniformEntropyIsTheMeanOfLnTPlusOne() {
        assertThat(TransformerVerdict.uniformEntropy(1)).isZero();
        assertThat(TransformerVerdict.uniformEntropy(3)).isEqualTo((Math.log(1) + Math.log(2) + Math.log(3)) / 3);
    }

    @Test
    void oneBlockHasNoGrowthAndMismatchedFiguresAreRefused() {
        TransformerShape one = SHAPE.withLayers(1);
        TransformerVerdict v = TransformerVerdict.judge(one, figures(1, 1, UNIFORM, 1, true), null);
        assertThat(v.streamGrowth()).isNaN();
        assertThat(v.kind()).isEqualTo(Kind.HEALTHY);
        assertThatThrownBy(() -> TransformerVerdict.judge(SHAPE, figures(3, 1, UNIFORM, 1, true), null))
                .hasMessage("figures must have 4 blocks: 3");
        assertThatThrownBy(() -> TransformerVerdict.judge(SHAPE, figures(4, 1, UNIFORM, 1, true), null))
                .hasMessage("halfDepth must have 2 blocks: null");
    }
}
