package io.jinit.diagnosis.coordinates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Result;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Spec;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Trend;
import io.jinit.diagnosis.coordinates.Parametrization.Role;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinate check against the scaling laws of Yang et al. 2021 ("Tensor Programs V", Table 3
 * and Section 6). Every run is seeded, so these are fixed measurements, not statistical tests: the
 * bands are the theory's exponent with a margin that the finite widths 64 to 512 need (measured
 * values are in the comments).
 */
class CoordinateCheckTest {
    private static final List<Integer> WIDTHS = List.of(64, 128, 256, 512);
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static Result run(Optimizer optimizer, double learningRate) {
        return CoordinateCheck.run(new Spec(WIDTHS, 32, 10, 3, Activation.of("relu"), optimizer, learningRate, 1, 64, 42),
                pool, 3);
    }

    private static Slope slope(Result r, Parametrization p, int layer) {
        return r.slopes().stream().filter(s -> s.parametrization() == p && s.layer() == layer).findFirst().orElseThrow();
    }

    /**
     * Adam's first step moves each weight by about lr in the direction of its gradient's sign, so
     * under SP a hidden layer's change sums n aligned terms and grows like n (slope 1; measured
     * 0.85), and the output more (1.56: its own update and the hidden layers' changes); the input
     * layer's rule is the same in both parametrizations and its fan_in is fixed (slope 0). Under
     * muP every layer's change keeps its size (measured |slope| &lt;= 0.11).
     */
    @Test
    void adamStepsGrowWithWidthUnderTheStandardParametrizationAndNotUnderMup() {
        Result r = run(Optimizer.ADAM, 0.01);
        assertThat(slope(r, Parametrization.STANDARD, 1).trend()).isEqualTo(Trend.STABLE);
        assertThat(slope(r, Parametrization.STANDARD, 2).updateSlope()).isBetween(0.7, 1.3);
        assertThat(slope(r, Parametrization.STANDARD, 4).updateSlope()).isGreaterThan(1.0);
        for (int layer = 1; layer <= 4; layer++) {
            assertThat(slope(r, Parametrization.MUP, layer).updateSlope()).as("muP layer %d", layer)
                    .isBetween(-0.15, 0.15);
            assertThat(slope(r, Parametrization.MUP, layer).trend()).isEqualTo(Trend.STABLE);
        }
    }

    /**
     * Under SP with SGD the gradient reaching the hidden layers has coordinates of order
     * 1/sqrt(n) (through output weights of variance 1/n): the input layer's change shrinks like
     * 1/sqrt(n) (slope -1/2; measured -0.45), a hidden layer's grows like n / sqrt(n) (1/2; 0.41),
     * the output's like n (1; 1.00). muP's rules (input lr * n/n0, output lr * n0/n, output
     * variance n0/n^2) keep each within the stable band (measured -0.22 to 0.02).
     */
    @Test
    void sgdFollowsTheSquareRootAndLinearLawsOfTheStandardParametrization() {
        Result r = run(Optimizer.SGD, 0.1);
        assertThat(slope(r, Parametrization.STANDARD, 1).updateSlope()).isBetween(-0.75, -0.25);
        assertThat(slope(r, Parametrization.STANDARD, 1).trend()).isEqualTo(Trend.SHRINKS);
        assertThat(slope(r, Parametrization.STANDARD, 2).updateSlope()).isBetween(0.25, 0.75);
        assertThat(slope(r, Parametrization.STANDARD, 4).updateSlope()).isBetween(0.75, 1.25);
        assertThat(slope(r, Parametrization.STANDARD, 4).trend()).isEqualTo(Trend.GROWS);
        for (int layer = 1; layer <= 4; layer++) {
            assertThat(slope(r, Parametrization.MUP, layer).trend()).as("muP layer %d", layer).isEqualTo(Trend.STABLE);
        }
    }

    /**
     * At initialization the hidden activations keep their size under both (slope 0), and muP's
     * output, of variance n0/n^2 per weight, shrinks like 1/sqrt(n) (slope -1/2; measured -0.447).
     */
    @Test
    void mupsOutputStartsSmallerAsTheNetworkWidens() {
        Result r = run(Optimizer.ADAM, 0.01);
        for (int layer = 1; layer <= 3; layer++) {
            assertThat(slope(r, Parametrization.MUP, layer).initialSlope()).isBetween(-0.15, 0.15);
            assertThat(slope(r, Parametrization.STANDARD, layer).initialSlope()).isBetween(-0.15, 0.15);
        }
        assertThat(slope(r, Parametrization.MUP, 4).initialSlope()).isBetween(-0.6, -0.4);
        assertThat(slope(r, Parametrization.STANDARD, 4).initialSlope()).isBetween(-0.15, 0.15);
    }

    /** At the base width both parametrizations are one network: the same sizes bit for bit. */
    @Test
    void bothParametrizationsAreTheSameNetworkAtTheBaseWidth() {
        Result r = run(Optimizer.SGD, 0.1);
        Curve sp = r.curves().stream().filter(c -> c.parametrization() == Parametrization.STANDARD && c.width() == 64)
                .findFirst().orElseThrow();
        Curve mup = r.curves().stream().filter(c -> c.parametrization() == Parametrization.MUP && c.width() == 64)
                .findFirst().orElseThrow();
        assertThat(mup.activationSize()).isDeepEqualTo(sp.activationSize());
        assertThat(mup.updateSize()).isDeepEqualTo(sp.updateSize());
        assertThat(r.curves()).hasSize(2 * WIDTHS.size());
    }

    @Test
    void theFiguresDoNotDependOnTheThreadCount() {
        Spec spec = new Spec(List.of(8, 24, 40), 5, 3, 3, Activation.of("tanh"), Optimizer.ADAM, 0.05, 3, 13, 7);
        Result one = CoordinateCheck.run(spec, Runnable::run, 1);
        for (int threads : new int[] {2, 3, 7}) {
            Result many = CoordinateCheck.run(spec, pool, threads);
            assertThat(many.slopes()).isEqualTo(one.slopes());
            for (int i = 0; i < one.curves().size(); i++) {
                assertThat(many.curves().get(i).activationSize()).isDeepEqualTo(one.curves().get(i).activationSize());
                assertThat(many.curves().get(i).updateSize()).isDeepEqualTo(one.curves().get(i).updateSize());
            }
        }
    }

    /** Every step is measured, and the size of the change at step 0 is zero. */
    @Test
    void eachStepIsMeasured() {
        Spec spec = new Spec(List.of(8, 16), 4, 2, 2, Activation.of("relu"), Optimizer.SGD, 0.1, 4, 6, 1);
        for (Curve c : CoordinateCheck.run(spec, Runnable::run, 1).curves()) {
            assertThat(c.activationSize()).hasDimensions(5, 3);
            assertThat(c.updateSize()[0]).containsOnly(0.0);
            for (double u : c.updateSize()[4]) {
                assertThat(u).isPositive();
            }
        }
    }

    @Test
    void theRulesAreThoseOfTable3() {
        int n0 = 64;
        int n = 256;
        assertThat(Parametrization.STANDARD.initialStd(Role.OUTPUT, n, n0)).isEqualTo(1 / 16.0);
        assertThat(Parametrization.MUP.initialStd(Role.OUTPUT, n, n0)).isEqualTo(8.0 / 256);
        assertThat(Parametrization.MUP.initialStd(Role.HIDDEN, n, n0)).isEqualTo(1 / 16.0);
        assertThat(Parametrization.MUP.initialStd(Role.INPUT, 32, n0)).isCloseTo(1 / Math.sqrt(32), within(1e-15));
        for (Role role : Role.values()) {
            for (Optimizer o : Optimizer.values()) {
                assertThat(Parametrization.STANDARD.learningRate(role, 0.1, n, n0, o)).isEqualTo(0.1);
                assertThat(Parametrization.MUP.learningRate(role, 0.1, n0, n0, o)).isEqualTo(0.1);
            }
        }
        assertThat(Parametrization.MUP.learningRate(Role.INPUT, 0.1, n, n0, Optimizer.SGD)).isEqualTo(0.4);
        assertThat(Parametrization.MUP.learningRate(Role.HIDDEN, 0.1, n, n0, Optimizer.SGD)).isEqualTo(0.1);
        assertThat(Parametrization.MUP.learningRate(Role.OUTPUT, 0.1, n, n0, Optimizer.SGD)).isEqualTo(0.025);
        assertThat(Parametrization.MUP.learningRate(Role.INPUT, 0.1, n, n0, Optimizer.ADAM)).isEqualTo(0.1);
        assertThat(Parametrization.MUP.learningRate(Role.HIDDEN, 0.1, n, n0, Optimizer.ADAM)).isEqualTo(0.025);
        assertThat(Parametrization.MUP.learningRate(Role.OUTPUT, 0.1, n, n0, Optimizer.ADAM)).isEqualTo(0.025);
    }

    @Test
    void theSlopeIsThatOfTheLeastSquaresLine() {
        assertThat(CoordinateCheck.leastSquaresSlope(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7})).isEqualTo(2.0);
        assertThat(CoordinateCheck.leastSquaresSlope(new double[] {0, 1}, new double[] {1, Double.NEGATIVE_INFINITY}))
                .isNaN();
    }

    @Test
    void badSpecsAreNamed() {
        Activation relu = Activation.of("relu");
        assertThatThrownBy(() -> new Spec(List.of(64), 32, 10, 3, relu, Optimizer.SGD, 0.1, 1, 64, 1))
                .hasMessage("widths must list at least two widths: [64]");
        assertThatThrownBy(() -> new Spec(List.of(64, 64), 32, 10, 3, relu, Optimizer.SGD, 0.1, 1, 64, 1))
                .hasMessage("widths must be >= 1 and increasing: [64, 64]");
        assertThatThrownBy(() -> new Spec(List.of(0, 64), 32, 10, 3, relu, Optimizer.SGD, 0.1, 1, 64, 1))
                .hasMessage("widths must be >= 1 and increasing: [0, 64]");
        assertThatThrownBy(() -> new Spec(List.of(8, 64), 32, 10, 0, relu, Optimizer.SGD, 0.1, 1, 64, 1))
                .hasMessage("hiddenLayers must be >= 1: 0");
        assertThatThrownBy(() -> new Spec(List.of(8, 64), 32, 10, 3, relu, Optimizer.SGD, 0.1, 0, 64, 1))
                .hasMessage("steps must be >= 1: 0");
        assertThatThrownBy(() -> new Spec(List.of(8, 64), 32, 10, 3, relu, Optimizer.SGD, Double.NaN, 1, 64, 1))
                .hasMessage("learningRate must be a finite number > 0: NaN");
        assertThatThrownBy(() -> new Spec(List.of(8, 64), 32, 10, 3, relu, Optimizer.SGD, 0, 1, 64, 1))
                .hasMessage("learningRate must be a finite number > 0: 0.0");
        assertThatThrownBy(() -> new Spec(List.of(8, 50_000), 32, 10, 3, relu, Optimizer.SGD, 0.1, 1, 64, 1))
                .hasMessage("width 50000 with batch 64 makes a layer larger than a Java array");
        Spec huge = new Spec(List.of(8, 40_000), 32, 10, 3, relu, Optimizer.ADAM, 0.1, 1, 64, 1);
        assertThatThrownBy(() -> CoordinateCheck.run(huge, Runnable::run, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 40000 needs about").hasMessageContaining("more than 60% of the heap");
    }
}
