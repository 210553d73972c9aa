package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Trend;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.coordinates.Parametrization;
import io.jinit.diagnosis.transformer.TransformerCoordinateCheck.Result;
import io.jinit.diagnosis.transformer.TransformerCoordinateCheck.Spec;
import io.jinit.shape.Shape;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * muP's coordinate check on a 2-block GPT-2-shaped stack (4 heads, T = 8, B = 4, vocabulary 64) at
 * widths 32, 64, 128 and 256, one step, sigma 0.02, seed 1. Every run is seeded, so these are fixed
 * measurements, not statistical tests: each band is the theory's exponent with the margin that the
 * small widths need, and the measured values are in the comments (seed 2 and a 3-block stack with
 * T = 16, B = 2 were measured as well while choosing the bands). Layers 1 and 2 are the blocks'
 * outputs, layer 3 the stack's output y after the final LayerNorm.
 */
class TransformerCoordinateCheckTest {
    private static final TransformerShape BASE = TransformerShape.gpt2(2, 32, 4, 64, 8, 4);
    private static final List<Integer> WIDTHS = List.of(32, 64, 128, 256);
    private static ExecutorService pool;
    /** Adam at learning rate 1e-3, which three tests read. */
    private static Result adam;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(2);
        adam = run(Optimizer.ADAM, 1e-3);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static Result run(Optimizer optimizer, double learningRate) {
        return TransformerCoordinateCheck.run(new Spec(BASE, WIDTHS, optimizer, learningRate, 0.02, 1, 1), pool, 2);
    }

    private static Slope slope(Result r, Parametrization p, int layer) {
        return r.slopes().stream().filter(s -> s.parametrization() == p && s.layer() == layer).findFirst().orElseThrow();
    }

    private static Curve curve(Result r, Parametrization p, int width) {
        return r.curves().stream().filter(c -> c.parametrization() == p && c.width() == width).findFirst()
                .orElseThrow();
    }

    /**
     * Adam moves every entry of a hidden matrix by about lr whatever the width, so {@code ΔW z} sums
     * n aligned terms. Under transformers' SP the weights are N(0, 0.02²) at every width, so the
     * input z of the down projection (and the stream) itself grows like sqrt(n) and a block's update
     * grows like n · sqrt(n): slope 3/2 (measured 1.48 and 1.44; 1.51, 1.55 with seed 2; 1.45 to
     * 1.57 on 3 blocks), the band [1.2, 1.8]. The final LayerNorm divides the stream's update by
     * the stream's size, which grows too, so y's update grows more slowly (0.455; 0.37 to 0.51 in
     * the other runs): it is only asserted to grow. muP's {@code lr / r} on the matrices with their
     * 1/fan_in variance cancels both growths (measured |slope| at most 0.051 in every run), the
     * band ±0.1, well inside {@link CoordinateCheck#STABLE_SLOPE}.
     */
    @Test
    void adamUpdatesGrowWithWidthUnderTheStandardParametrizationAndNotUnderMup() {
        Result r = adam;
        for (int layer = 1; layer <= 2; layer++) {
            assertThat(slope(r, Parametrization.STANDARD, layer).updateSlope()).as("SP block %d", layer)
                    .isBetween(1.2, 1.8);
        }
        assertThat(slope(r, Parametrization.STANDARD, 3).trend()).isEqualTo(Trend.GROWS);
        for (int layer = 1; layer <= 3; layer++) {
            Slope mup = slope(r, Parametrization.MUP, layer);
            assertThat(mup.updateSlope()).as("muP layer %d", layer).isBetween(-0.1, 0.1);
            assertThat(mup.trend()).isEqualTo(Trend.STABLE);
        }
        assertThat(r.slopes()).hasSize(2 * 3);
        assertThat(r.curves()).hasSize(2 * WIDTHS.size());
    }

    /**
     * At initialization muP's hidden weights of variance sigma² n0 / n keep every block's output of
     * one size (measured initial slopes -0.017, 0.002); SP's N(0, sigma²) makes the branches grow
     * like sqrt(n) over embeddings that do not grow, so the stream grows (0.68, 0.82: the embeddings
     * still count at the narrow end, the branches at the wide one, hence above 1/2).
     */
    @Test
    void theStandardStreamStartsLargerAsTheStackWidensAndMupsDoesNot() {
        Result r = adam;
        for (int layer = 1; layer <= 2; layer++) {
            assertThat(slope(r, Parametrization.STANDARD, layer).initialSlope()).isBetween(0.5, 1.0);
            assertThat(slope(r, Parametrization.MUP, layer).initialSlope()).isBetween(-0.1, 0.1);
        }
    }

    /**
     * Under SGD muP's rules (the {@code mup} package's MuSGD: vector-like lr times r, square
     * matrices lr) assume the gradient that muP's readout gives the last hidden state, n0 / n per
     * coordinate; the check's projection is scaled so (and by sqrt(n0 / n) under SP, whose readout
     * has variance 1/fan_in). muP's updates then stay of one size (measured slopes 0.006, 0.002,
     * -0.001; -0.088, -0.038, -0.023 with seed 2), the band ±0.15; SP's blocks grow like sqrt(n),
     * the 1/2 of Tensor Programs V's SGD table for hidden layers (measured 0.48, 0.50; 0.39, 0.46 with
     * seed 2), the band [0.25, 0.75]. Without the scaling muP's SGD updates grew like n (0.93, 0.91):
     * every gradient was n / n0 times the one its learning rates were derived for. At lr 1e-3 one
     * SGD step at the base width is already outside the small-step regime (SP's slopes fell to
     * -0.03 and -0.16), so the check is run at 1e-4.
     */
    @Test
    void sgdUpdatesGrowAsTheSquareRootOfWidthUnderTheStandardParametrizationAndNotUnderMup() {
        Result r = run(Optimizer.SGD, 1e-4);
        for (int layer = 1; layer <= 2; layer++) {
            assertThat(slope(r, Parametrization.STANDARD, layer).updateSlope()).as("SP block %d", layer)
                    .isBetween(0.25, 0.75);
        }
        for (int layer = 1; layer <= 3; layer++) {
            Slope mup = slope(r, Parametrization.MUP, layer);
            assertThat(mup.updateSlope()).as("muP layer %d", layer).isBetween(-0.15, 0.15);
            assertThat(mup.trend()).isEqualTo(Trend.STABLE);
        }
        assertThat(TransformerCoordinateCheck.readoutScale(Parametrization.STANDARD, 4)).isEqualTo(0.5);
        assertThat(TransformerCoordinateCheck.readoutScale(Parametrization.MUP, 4)).isEqualTo(0.25);
        assertThat(TransformerCoordinateCheck.readoutScale(Parametrization.MUP, 1)).isEqualTo(1.0);
    }

    /**
     * At the base width the two stacks differ only in muP's zero query: every other parameter is
     * the same draw (TransformerRecipeTest), and the logits' divisor is {@code sqrt(d_head)} to the
     * last bit. SP's logits at initialization are small (entries
     * of q and k near 0.1), so its attention is nearly the uniform attention of the zero query:
     * the sizes differ by 1e-4 of themselves at step 0 (bound 1e-3) and the updates by at most
     * 0.5 % (bound 3 %).
     */
    @Test
    void atTheBaseWidthTheParametrizationsDifferOnlyByTheZeroQuery() {
        TransformerShape adapted = TransformerRecipe.mup(0.02, 32).adapt(new Spec(BASE, WIDTHS, Optimizer.ADAM, 1e-3,
                0.02, 1, 1).stack(32));
        assertThat(adapted).isEqualTo(BASE);
        Result r = adam;
        Curve sp = curve(r, Parametrization.STANDARD, 32);
        Curve mup = curve(r, Parametrization.MUP, 32);
        for (int layer = 0; layer < 3; layer++) {
            double size = sp.activationSize()[0][layer];
            assertThat(mup.activationSize()[0][layer]).isCloseTo(size, within(1e-3 * size));
            double update = sp.updateSize()[1][layer];
            assertThat(mup.updateSize()[1][layer]).isCloseTo(update, within(0.03 * update));
        }
        for (Optimizer o : Optimizer.values()) {
            for (boolean matrixLike : new boolean[] {true, false}) {
                assertThat(TransformerCoordinateCheck.learningRate(Parametrization.MUP, o, matrixLike, 0.01, 1))
                        .isEqualTo(0.01);
            }
        }
    }

    /** MuAdam: matrices lr / r, vectors lr; MuSGD: square-ratio matrices lr, vectors lr · r; SP: lr. */
    @Test
    void theLearningRatesAreThoseOfTheMupPackage() {
        assertThat(TransformerCoordinateCheck.learningRate(Parametrization.MUP, Optimizer.ADAM, true, 0.01, 4))
                .isEqualTo(0.0025);
        assertThat(TransformerCoordinateCheck.learningRate(Parametrization.MUP, Optimizer.ADAM, false, 0.01, 4))
                .isEqualTo(0.01);
        assertThat(TransformerCoordinateCheck.learningRate(Parametrization.MUP, Optimizer.SGD, true, 0.01, 4))
                .isEqualTo(0.01);
        assertThat(TransformerCoordinateCheck.learningRate(Parametrization.MUP, Optimizer.SGD, false, 0.01, 4))
                .isEqualTo(0.04);
        for (Optimizer o : Optimizer.values()) {
            assertThat(TransformerCoordinateCheck.learningRate(Parametrization.STANDARD, o, true, 0.01, 4))
                    .isEqualTo(0.01);
            assertThat(TransformerCoordinateCheck.learningRate(Parametrization.STANDARD, o, false, 0.01, 4))
                    .isEqualTo(0.01);
        }
        assertThat(TransformerCoordinateCheck.isMatrixLike("layers.0.attention.query.weight", Shape.of(64, 64)))
                .isTrue();
        assertThat(TransformerCoordinateCheck.isMatrixLike("layers.0.feed_forward.down.weight", Shape.of(64, 256)))
                .isTrue();
        assertThat(TransformerCoordinateCheck.isMatrixLike("embedding.token.weight", Shape.of(64, 64))).isFalse();
        assertThat(TransformerCoordinateCheck.isMatrixLike("embedding.position.weight", Shape.of(8, 64))).isFalse();
        assertThat(TransformerCoordinateCheck.isMatrixLike("layers.0.attention.query.bias", Shape.of(64))).isFalse();
        assertThat(TransformerCoordinateCheck.isMatrixLike("final_norm.weight", Shape.of(64))).isFalse();
    }

    /**
     * The stacks of the sweep: the heads stay, the feed-forward width scales with the width, and
     * the logits are divided by sqrt(d_head) under SP.
     */
    @Test
    void everyWidthKeepsTheHeadsAndScalesTheFeedForwardWidth() {
        TransformerShape wide = new Spec(BASE, WIDTHS, Optimizer.ADAM, 1e-3, 0.02, 1, 1).stack(256);
        assertThat(wide).isEqualTo(TransformerShape.gpt2(2, 256, 4, 64, 8, 4));
        assertThat(wide.feedForwardWidth()).isEqualTo(1024);
        assertThat(wide.attentionDivisor()).isEqualTo(8.0);
    }

    /** Every step is measured, the update at step 0 is zero, and nothing depends on the thread count. */
    @Test
    void theFiguresDoNotDependOnTheThreadCount() {
        TransformerShape base = TransformerShape.llama(2, 8, 2, 12, 17, 6, 3);
        Spec spec = new Spec(base, List.of(8, 16, 24), Optimizer.ADAM, 0.01, 0.1, 3, 5);
        Result one = TransformerCoordinateCheck.run(spec, Runnable::run, 1);
        for (Curve c : one.curves()) {
            assertThat(c.activationSize()).hasDimensions(4, 3);
            assertThat(c.updateSize()[0]).containsOnly(0.0);
            for (double u : c.updateSize()[3]) {
                assertThat(u).isPositive();
            }
        }
        for (int threads : new int[] {2, 3}) {
            Result many = TransformerCoordinateCheck.run(spec, pool, threads);
            assertThat(many.slopes()).isEqualTo(one.slopes());
            for (int i = 0; i < one.curves().size(); i++) {
                assertThat(many.curves().get(i).activationSize()).isDeepEqualTo(one.curves().get(i).activationSize());
                assertThat(many.curves().get(i).updateSize()).isDeepEqualTo(one.curves().get(i).updateSize());
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new Spec(BASE, List.of(64, 128), Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("widths must start at the base width 32: [64, 128]");
        assertThatThrownBy(() -> new Spec(BASE, List.of(32, 128, 64), Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("widths must be increasing: [32, 128, 64]");
        assertThatThrownBy(() -> new Spec(BASE, List.of(32, 66), Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("widths must be multiples of the 4 heads: [32, 66]");
        assertThatThrownBy(() -> new Spec(BASE, List.of(32), Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("widths must list at least two widths: [32]");
        assertThatThrownBy(() -> new Spec(BASE, null, Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("widths must list at least two widths: null");
        TransformerShape oddFeedForward = new TransformerShape(1, 32, 4, 50, 64, 8, 4, TransformerShape.Norm.LAYER_NORM,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_TANH,
                TransformerShape.Position.LEARNED, true);
        assertThatThrownBy(() -> new Spec(oddFeedForward, List.of(32, 36), Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("widths must scale the feed-forward width 50 of width 32 to a whole number: [32, 36]");
        assertThatThrownBy(() -> new Spec(BASE, WIDTHS, Optimizer.ADAM, 0, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("learningRate must be finite and > 0: 0.0");
        assertThatThrownBy(() -> new Spec(BASE, WIDTHS, Optimizer.ADAM, Double.NaN, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("learningRate must be finite and > 0: NaN");
        assertThatThrownBy(() -> new Spec(BASE, WIDTHS, Optimizer.ADAM, 1e-3, -1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sigma must be finite and > 0: -1.0");
        assertThatThrownBy(() -> new Spec(BASE, WIDTHS, Optimizer.ADAM, 1e-3, 0.02, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("steps must be >= 1: 0");
        assertThatThrownBy(() -> new Spec(null, WIDTHS, Optimizer.ADAM, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("base must not be null: null");
        assertThatThrownBy(() -> new Spec(BASE, WIDTHS, null, 1e-3, 0.02, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("optimizer must not be null: null");
        Spec spec = new Spec(BASE, WIDTHS, Optimizer.ADAM, 1e-3, 0.02, 1, 1);
        assertThatThrownBy(() -> TransformerCoordinateCheck.run(null, pool, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("spec must not be null: null");
        assertThatThrownBy(() -> TransformerCoordinateCheck.run(spec, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("executor must not be null: null");
        assertThatThrownBy(() -> TransformerCoordinateCheck.run(spec, pool, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1: 0");
    }
}
