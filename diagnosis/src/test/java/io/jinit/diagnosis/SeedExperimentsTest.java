package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claims of seed 002 ("Weight Initialization"), checked on the default diagnosis: 10 layers of
 * width 256, a batch of 1024 standard normals, seed 42. The figures are deterministic, so each
 * bound below is either a claim of the seed with the margin it states (a factor 2, orders of
 * magnitude) or a wide margin around a value the docs quote.
 */
class SeedExperimentsTest {
    private static Diagnosis defaults;

    @BeforeAll
    static void runDefaults() {
        defaults = Diagnoser.defaults();
    }

    private static RunReport run(String activation, String initializer) {
        return defaults.runs().stream()
                .filter(r -> r.activation().equals(activation) && r.initializer().equals(initializer))
                .findFirst().orElseThrow();
    }

    @Test
    void theDefaultIsSixInitializersUnderFourActivations() {
        assertThat(defaults.widths()).hasSize(11).containsOnly(256);
        assertThat(defaults.batch()).isEqualTo(1024);
        assertThat(defaults.seed()).isEqualTo(42);
        assertThat(defaults.runs()).hasSize(24);
        assertThat(defaults.runs().subList(0, 6)).extracting(RunReport::initializer)
                .containsExactly("zeros", "std=0.01", "std=2.0", "glorot_normal", "he_normal", "lecun_normal");
        assertThat(defaults.runs()).extracting(RunReport::activation).containsSubsequence("relu", "tanh", "sigmoid",
                "selu");
        for (RunReport run : defaults.runs()) {
            assertThat(run.layers()).hasSize(10);
            assertThat(run.inputStd()).isBetween(0.98, 1.02);
            assertThat(run.firstLayer().counts()).hasSize(60);
        }
    }

    /** "All zeros: all neurons learn the same thing (symmetry)"; "All activations are zero!" */
    @Test
    void zerosAreSymmetricAndGiveZeroActivations() {
        for (String activation : List.of("relu", "tanh", "sigmoid", "selu")) {
            RunReport run = run(activation, "zeros");
            assertThat(run.verdict()).isEqualTo(Verdict.SYMMETRIC);
            assertThat(run.reason()).startsWith("layer 1: all 256 units compute the same pre-activation");
            double value = activation.equals("sigmoid") ? 0.5 : 0.0;
            for (LayerReport layer : run.layers()) {
                assertThat(layer.symmetric()).isTrue();
                assertThat(layer.verdict()).isEqualTo(Verdict.SYMMETRIC);
                assertThat(layer.preActivationStd()).isZero();
                assertThat(layer.mean()).isEqualTo(value);
                assertThat(layer.std()).isZero();
            }
        }
    }

    /** "Activations shrink to ~0 after a few layers": std 0.01 under relu. */
    @Test
    void smallWeightsVanishByOrdersOfMagnitude() {
        RunReport run = run("relu", "std=0.01");
        List<LayerReport> layers = run.layers();

        for (int l = 1; l < layers.size(); l++) {
            assertThat(layers.get(l).std()).isLessThan(layers.get(l - 1).std() / 5);
        }
        assertThat(layers.get(9).std() / run.inputStd()).isLessThan(1e-6);
        assertThat(run.verdict()).isEqualTo(Verdict.VANISHING);
        assertThat(run.reason()).startsWith("layer 2 pre-activation std is 0.018");
        assertThat(layers.get(1).verdict()).isEqualTo(Verdict.VANISHING);
    }

    /** "Activations explode after a few layers": std 2.0 without activation (x = x @ W). */
    @Test
    void largeWeightsExplodeWithoutActivation() {
        RunReport run = Diagnoser.run(DiagnosisRequest.of(Diagnoser.DEFAULT_WIDTHS, List.of("linear"),
                List.of("std=2.0"))
                .withBatch(Diagnoser.DEFAULT_BATCH).withSeed(Diagnoser.DEFAULT_SEED)
                .withThreads(ForkJoinPool.commonPool(), 2)).runs().get(0);
        List<LayerReport> layers = run.layers();

        // Each layer multiplies the std by about 2 sqrt(256) = 32.
        double previous = run.inputStd();
        for (LayerReport layer : layers) {
            assertThat(layer.std() / previous).isBetween(24.0, 40.0);
            assertThat(layer.verdict()).isEqualTo(Verdict.EXPLODING);
            previous = layer.std();
        }
        assertThat(layers.get(9).std()).isGreaterThan(1e13);
        assertThat(run.verdict()).isEqualTo(Verdict.EXPLODING);
        assertThat(run.reason()).isEqualTo("layer 1 pre-activation std is 32 times the input's (> 10)");
    }

    /** "He maintains better variance with ReLU!"; LeCun for SELU: within a factor 2 over 10 layers. */
    @Test
    void heOnReluAndLecunOnSeluKeepTheScale() {
        for (RunReport run : List.of(run("relu", "he_normal"), run("selu", "lecun_normal"))) {
            for (LayerReport layer : run.layers()) {
                assertThat(layer.std() / run.inputStd()).as("%s %s", run, layer).isBetween(0.5, 2.0);
                assertThat(layer.preActivationStd() / run.inputStd()).isBetween(0.5, 2.0);
                assertThat(layer.verdict()).isEqualTo(Verdict.HEALTHY);
            }
            assertThat(run.verdict()).isEqualTo(Verdict.HEALTHY);
            assertThat(run.reason()).startsWith("every layer is within bounds");
        }
    }

    /** Xavier is "best for tanh"; with relu it halves the variance at every layer. */
    @Test
    void xavierIsHealthyOnTanhAndSlowlyVanishesOnRelu() {
        assertThat(run("tanh", "glorot_normal").verdict()).isEqualTo(Verdict.HEALTHY);

        RunReport relu = run("relu", "glorot_normal");
        // std ratio (1/sqrt 2)^(l - 1): 0.088 at layer 8, the first below 0.1.
        assertThat(relu.verdict()).isEqualTo(Verdict.VANISHING);
        assertThat(relu.layers()).extracting(LayerReport::verdict).containsExactly(Verdict.HEALTHY, Verdict.HEALTHY,
                Verdict.HEALTHY, Verdict.HEALTHY, Verdict.HEALTHY, Verdict.HEALTHY, Verdict.HEALTHY,
                Verdict.VANISHING, Verdict.VANISHING, Verdict.VANISHING);
        assertThat(relu.reason()).startsWith("layer 8 pre-activation std is 0.09");
    }

    /** Sigmoid's slope of at most 1/4 starves the first layers of gradient under every scale. */
    @Test
    void sigmoidGradientsVanishTowardsTheInput() {
        for (String init : List.of("glorot_normal", "he_normal", "lecun_normal")) {
            RunReport run = run("sigmoid", init);
            assertThat(run.verdict()).isEqualTo(Verdict.VANISHING);
            assertThat(run.reason()).startsWith("layer 1 weight gradient norm is");
            assertThat(run.layers().get(0).weightGradientRatio()).isLessThan(1e-4);
            assertThat(run.layers().get(9).weightGradientRatio()).isEqualTo(1.0);
        }
    }

    /** Large weights pin tanh at ±1; the derivative is near zero for nearly every example. */
    @Test
    void largeWeightsSaturateTanh() {
        RunReport run = run("tanh", "std=2.0");
        assertThat(run.verdict()).isEqualTo(Verdict.SATURATED);
        assertThat(run.layers()).allSatisfy(l -> assertThat(l.saturatedFraction()).isGreaterThan(0.9));
    }

    @Test
    void recommendationsFollowTheSeedsTable() {
        assertThat(run("relu", "zeros").recommendation()).startsWith("he_normal");
        assertThat(run("tanh", "zeros").recommendation()).startsWith("glorot_normal");
        assertThat(run("selu", "zeros").recommendation()).startsWith("lecun_normal");
    }

    /**
     * The table's glorot_normal is vanishing on sigmoid, as is every initializer tried: the advice
     * says so, names the nearest to healthy and what to try, which is healthy when tried.
     */
    @Test
    void sigmoidAdviceSaysNoneIsHealthyAndWhatIs() {
        assertThat(run("sigmoid", "zeros").recommendation()).startsWith("none of the initializers tried is healthy for "
                + "sigmoid; the best is he_normal, vanishing: layer 1 weight gradient norm is 4.99e-5 of layer 10's")
                .contains("try weights of std 4 / sqrt(fan_in) (std=0.25 here)");
        Diagnosis tried = Diagnoser.run(DiagnosisRequest.of(Diagnoser.DEFAULT_WIDTHS, List.of("sigmoid"),
                List.of("std=0.25"))
                .withBatch(Diagnoser.DEFAULT_BATCH).withSeed(Diagnoser.DEFAULT_SEED));
        assertThat(tried.runs().get(0).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void nothingIsNotFiniteInTheDefaultRun() {
        for (RunReport run : defaults.runs()) {
            for (LayerReport layer : run.layers()) {
                assertThat(Double.isFinite(layer.std()) && Double.isFinite(layer.weightGradientNorm())).isTrue();
            }
        }
    }
}
