package io.jinit.diagnosis.transformer;

import static io.jinit.testing.SampleMoments.maxAbs;
import static io.jinit.testing.SampleMoments.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializers;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schemes that change the stack as well as its values: DeepNorm, T-Fixup and muP.
 *
 * <p>Standard deviations are checked on matrices of at least 4096 values. The sample standard
 * deviation of n normal (or uniform) values has a relative standard error of at most
 * {@code 1/sqrt(2n)}, 1.1 % at n = 4096 (less for the uniform, whose kurtosis is lower); the
 * tolerance of 5 % is 4.5 standard errors, a false alarm rate below 1e-5 per check.
 */
class TransformerRecipeTest {
    private static final long SEED = 11;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(1);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** GPT-2's form at width 64, 4 heads of 16, vocabulary 128, T = 16, B = 2. */
    private static TransformerShape gpt2(int layers, int width) {
        return TransformerShape.gpt2(layers, width, 4, 128, 16, 2);
    }

    private static TransformerParameters fill(TransformerRecipe recipe, TransformerShape shape) {
        TransformerShape adapted = recipe.adapt(shape);
        return TransformerParameters.of(adapted, recipe.filler(adapted, SEED));
    }

    private static TransformerVerdict judge(TransformerRecipe recipe, TransformerShape shape) {
        TransformerShape full = recipe.adapt(shape);
        TransformerShape half = recipe.adapt(shape.withLayers(shape.layers() / 2));
        TransformerFigures fullFigures = Transformer.run(TransformerParameters.of(full, recipe.filler(full, SEED)),
                SEED, pool, 1).figures();
        TransformerFigures halfFigures = Transformer.run(TransformerParameters.of(half, recipe.filler(half, SEED)),
                SEED, pool, 1).figures();
        return TransformerVerdict.judge(full, fullFigures, halfFigures);
    }

    @Test
    void deepNormRunsPostNormWithAlphaAndScalesTheValuePathByBeta() {
        TransformerParameters p = fill(TransformerRecipe.deepNorm(0.02), gpt2(8, 64));
        TransformerShape s = p.shape();
        assertThat(s.placement()).isEqualTo(TransformerShape.Placement.POST_NORM);
        assertThat(s.residualScale()).isEqualTo(2.0); // (2 · 8)^(1/4)
        assertThat(s.attentionDivisor()).isEqualTo(4.0); // unchanged sqrt(16)
        double beta = Math.pow(64, -0.25); // (8 · 8)^(-1/4)
        // xavier_normal_: gain sqrt(2 / (fan_in + fan_out))
        assertThat(std(p.values("layers.3.attention.query.weight"))).isCloseTo(Math.sqrt(2.0 / 128), within(0.05 / 8));
        assertThat(std(p.values("layers.3.attention.key.weight"))).isCloseTo(Math.sqrt(2.0 / 128), within(0.05 / 8));
        assertThat(std(p.values("layers.3.attention.value.weight")))
                .isCloseTo(beta * Math.sqrt(2.0 / 128), within(0.05 * beta / 8));
        assertThat(std(p.values("layers.3.attention.output.weight")))
                .isCloseTo(beta * Math.sqrt(2.0 / 128), within(0.05 * beta / 8));
        double ffStd = beta * Math.sqrt(2.0 / (64 + 256));
        assertThat(std(p.values("layers.3.feed_forward.up.weight"))).isCloseTo(ffStd, within(0.05 * ffStd));
        assertThat(std(p.values("layers.3.feed_forward.down.weight"))).isCloseTo(ffStd, within(0.05 * ffStd));
        assertThat(std(p.values("embedding.token.weight"))).isCloseTo(0.02, within(0.001));
        assertThat(p.values("layers.3.attention.value.bias")).containsOnly(0f);
        assertThat(p.values("layers.3.feed_forward_norm.weight")).containsOnly(1f);
    }

    @Test
    void deepNormFollowsTheDepthOfTheStackItIsGiven() {
        TransformerRecipe recipe = TransformerRecipe.deepNorm(0.02);
        assertThat(recipe.adapt(gpt2(32, 64)).residualScale()).isCloseTo(Math.pow(64, 0.25), within(1e-12));
        TransformerShape four = recipe.adapt(gpt2(4, 64));
        assertThat(four.residualScale()).isCloseTo(Math.pow(8, 0.25), within(1e-12));
        double beta = Math.pow(32, -0.25);
        float[] value = TransformerParameters.of(four, recipe.filler(four, SEED)).values("layers.0.attention.value.weight");
        assertThat(std(value)).isCloseTo(beta * Math.sqrt(2.0 / 128), within(0.05 * beta / 8));
    }

    @Test
    void tFixupRemovesTheNormsAndScalesXavierByTheDecoderRule() {
        TransformerParameters p = fill(TransformerRecipe.tFixup(), gpt2(16, 64));
        assertThat(p.shape().placement()).isEqualTo(TransformerShape.Placement.NO_NORM);
        assertThat(p.names()).noneMatch(name -> name.contains("_norm."));
        double scale = Math.pow(9 * 16, -0.25);
        double square = Math.sqrt(6.0 / 128); // xavier_uniform_ bound of a 64 x 64 matrix
        double wide = Math.sqrt(6.0 / 320); // of 64 x 256
        // a uniform's maximum of 4096 draws lies within 1 - 1/2048 of its bound with probability 1 - e^-2
        assertThat(maxAbs(p.values("layers.5.attention.query.weight"))).isBetween(0.99 * square, square);
        assertThat(maxAbs(p.values("layers.5.attention.key.weight"))).isBetween(0.99 * square, square);
        assertThat(maxAbs(p.values("layers.5.attention.value.weight")))
                .isBetween(0.99 * scale * square, scale * square);
        assertThat(maxAbs(p.values("layers.5.attention.output.weight")))
                .isBetween(0.99 * scale * square, scale * square);
        assertThat(maxAbs(p.values("layers.5.feed_forward.up.weight"))).isBetween(0.99 * scale * wide, scale * wide);
        assertThat(maxAbs(p.values("layers.5.feed_forward.down.weight"))).isBetween(0.99 * scale * wide, scale * wide);
        double embedding = scale / 8; // N(0, 1/d) scaled, d = 64
        assertThat(std(p.values("embedding.token.weight"))).isCloseTo(embedding, within(0.05 * embedding));
        assertThat(std(p.values("embedding.position.weight"))).isCloseTo(embedding, within(0.1 * embedding));
    }

    /**
     * Huang et al. (2020, Sec. 3) remove LayerNorm and show that Xavier alone then lets the
     * stream blow up with depth, which their scaling prevents. Without norms each block multiplies
     * the stream by about {@code (1 + r_A²)(1 + r_F²)}, r² the variance a branch adds relative to
     * the stream: with Xavier branches that is a fixed factor above 1 per block, so the variance
     * grows geometrically (seen: 5524 times larger at 16 blocks than at 8, a factor of 2.9 per block,
     * and attention saturated from the logits' growth, entropy 0.002 of uniform in block 14); T-Fixup's
     * {@code (9N)^(-1/4)} on the value path makes r² of order {@code 1/sqrt(N)} per block and the
     * stream's variance independent of depth up to the embeddings' own {@code (9N)^(-1/2)} (seen:
     * 0.702 against (72/144)^(1/2) = 0.707, the ratio of the embeddings' variances at 16 and 8 blocks).
     */
    @Test
    void withoutNormsXavierBlowsUpWithDepthAndTFixupDoesNot() {
        TransformerShape stack = gpt2(16, 64);
        TransformerRecipe xavier = TransformerRecipe.values((s, seed) -> ParameterFiller.withInitializer(
                Initializers.get("xavier_uniform_", Map.of()), seed));
        TransformerVerdict plain = judge(new NoNorm(xavier), stack);
        TransformerVerdict fixup = judge(TransformerRecipe.tFixup(), stack);
        assertThat(plain.kind()).isIn(TransformerVerdict.Kind.RESIDUAL_GROWTH,
                TransformerVerdict.Kind.ATTENTION_SATURATED, TransformerVerdict.Kind.NOT_FINITE);
        assertThat(plain.streamGrowth()).isGreaterThan(100);
        assertThat(fixup.kind()).isEqualTo(TransformerVerdict.Kind.HEALTHY);
        assertThat(fixup.streamGrowth()).isCloseTo(Math.sqrt(72.0 / 144), within(0.1));
    }

    @Test
    void mupEqualsTheStandardRecipeAtTheBaseWidthButForTheZeroQuery() {
        TransformerShape base = gpt2(2, 64);
        TransformerParameters mup = fill(TransformerRecipe.mup(0.02, 64), base);
        TransformerParameters standard = TransformerParameters.of(base, ParameterFiller.normal(0.02, SEED));
        assertThat(mup.shape()).isEqualTo(base);
        for (String name : standard.names()) {
            if (name.endsWith(".attention.query.weight")) {
                assertThat(mup.values(name)).as(name).containsOnly(0f);
            } else {
                assertThat(mup.values(name)).as(name).containsExactly(standard.values(name));
            }
        }
    }

    @Test
    void mupShrinksHiddenWeightsAsOneOverFanInAndDividesLogitsByTheHeadWidth() {
        TransformerParameters p = fill(TransformerRecipe.mup(0.02, 64), gpt2(2, 256));
        // 4 heads: d_head 64 against 16 at the base, divisor 64 / sqrt(16) = 16 = 2 sqrt(64)
        assertThat(p.shape().attentionDivisor()).isEqualTo(16.0);
        assertThat(std(p.values("layers.1.attention.value.weight"))).isCloseTo(0.01, within(0.0005));
        assertThat(std(p.values("layers.1.feed_forward.down.weight"))).isCloseTo(0.01, within(0.0005));
        assertThat(std(p.values("embedding.token.weight"))).isCloseTo(0.02, within(0.001));
        TransformerFigures figures = Transformer.run(p, SEED, pool, 1).figures();
        // a zero query makes every logit 0 (no query bias is drawn) and attention exactly uniform
        assertThat(figures.blocks().get(0).attentionLogitStd()).isZero();
    }

    @Test
    void recipesRefuseBadArgumentsByName() {
        assertThatThrownBy(() -> TransformerRecipe.deepNorm(-0.02)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embeddingSigma must be finite and >= 0: -0.02");
        assertThatThrownBy(() -> TransformerRecipe.mup(Double.NaN, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sigma must be finite and >= 0: NaN");
        assertThatThrownBy(() -> TransformerRecipe.mup(0.02, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseWidth must be >= 1: 0");
        assertThatThrownBy(() -> TransformerRecipe.mup(0.02, 66).adapt(gpt2(2, 64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseWidth must be a multiple of the 4 heads: 66");
        assertThatThrownBy(() -> TransformerRecipe.values(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filler must not be null: null");
        assertThatThrownBy(() -> TransformerRecipe.tFixup().adapt(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must not be null: null");
        assertThatThrownBy(() -> gpt2(2, 64).withResidualScale(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("residualScale must be finite and > 0: 0.0");
        assertThatThrownBy(() -> gpt2(2, 64).withAttentionDivisor(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attentionDivisor must be finite and > 0: Infinity");
    }

    /** A recipe run on the stack without norms. */
    private record NoNorm(TransformerRecipe values) implements TransformerRecipe {
        @Override
        public TransformerShape adapt(TransformerShape shape) {
            return shape.withPlacement(TransformerShape.Placement.NO_NORM);
        }

        @Override
        public ParameterFiller filler(TransformerShape adapted, long seed) {
            return values.filler(adapted, seed);
        }
    }
}
