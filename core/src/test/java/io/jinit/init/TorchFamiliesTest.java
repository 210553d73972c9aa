package io.jinit.init;

import static io.jinit.init.VarianceScalingTest.assertMoments;
import static io.jinit.init.VarianceScalingTest.collect;
import static io.jinit.init.VarianceScalingTest.max;
import static io.jinit.init.VarianceScalingTest.maxAbs;
import static io.jinit.init.VarianceScalingTest.min;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch's families (Kaiming, Xavier, {@code calculate_gain}, {@code sparse_}) against PyTorch's
 * formulas, and Keras's RandomNormal, RandomUniform and TruncatedNormal with their defaults.
 *
 * <p>Sample moments use {@link VarianceScalingTest#assertMoments}: z = 5, |s/σ - 1| &lt;=
 * 5/sqrt(2n) for any distribution of kurtosis &lt;= 3, false-alarm rate 5.7e-7 for each of mean
 * and standard deviation (1.5e-4 over the 132 cases here). Keys are fixed; every other
 * statistical assertion states its own rate.
 */
class TorchFamiliesTest {
    private static final long SEED = 7;
    /** The Box-Muller cut: no normal element lies beyond 6.7637σ. */
    private static final double NORMAL_MAX_Z = 6.77;
    /**
     * The share of the uniform bound that the largest |x| must reach: all n &gt;= 100,000 elements
     * stay below it with probability 0.99<sup>n</sup> &lt; e<sup>-1000</sup>.
     */
    private static final double REACH = 0.99;
    /**
     * The standard deviation of N(0, 1) cut at ±2, sqrt(1 - 4φ(2) / (2Φ(2) - 1)), written out
     * rather than read from the code under test.
     */
    private static final double TRUNCATED_STD_2SIGMA = 0.87962566103423978;
    /** The level of each Kolmogorov-Smirnov test: false-alarm rate 1e-4, 5e-4 for the five here. */
    private static final double KS_ALPHA = 1e-4;

    /**
     * A torch weight shape (out, in, k...) with fans worked out by hand.
     *
     * @param shape the shape
     * @param fanIn in · rf
     * @param fanOut out · rf
     */
    record TorchShape(Shape shape, double fanIn, double fanOut) {
        double fan(FanMode mode) {
            return mode == FanMode.FAN_IN ? fanIn : fanOut;
        }

        @Override
        public String toString() {
            return shape.toString();
        }
    }

    /** A linear layer (out 400, in 300) and a conv layer (32, 16, 3, 3): rf = 9. */
    private static final List<TorchShape> SHAPES = List.of(
            new TorchShape(Shape.of(400, 300), 300, 400),
            new TorchShape(Shape.of(32, 16, 3, 3), 16 * 9, 32 * 9));

    private static final List<String> NONLINEARITIES = List.of("relu", "leaky_relu", "tanh", "selu", "linear");

    /** PyTorch's calculate_gain, written out. */
    private static double torchGain(String nonlinearity, double a) {
        switch (nonlinearity) {
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                return Math.sqrt(2.0 / (1 + a * a));
            case "tanh":
                return 5.0 / 3;
            case "selu":
                return 3.0 / 4;
            default:
                return 1.0;
        }
    }

    static Stream<Arguments> kaimingGrid() {
        List<Arguments> out = new ArrayList<>();
        for (boolean normal : new boolean[] {false, true}) {
            for (double a : new double[] {0, Math.sqrt(5), 0.2}) {
                for (String nonlinearity : NONLINEARITIES) {
                    for (FanMode mode : List.of(FanMode.FAN_IN, FanMode.FAN_OUT)) {
                        for (TorchShape s : SHAPES) {
                            out.add(Arguments.of(normal ? "normal" : "uniform", a, nonlinearity, mode, s));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> xavierGrid() {
        List<Arguments> out = new ArrayList<>();
        for (boolean normal : new boolean[] {false, true}) {
            for (double gain : new double[] {1, 2}) {
                for (TorchShape s : SHAPES) {
                    out.add(Arguments.of(normal ? "normal" : "uniform", gain, s));
                }
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ Kaiming

    /**
     * std = gain / sqrt(fan), bound = sqrt(3)·std, in PyTorch's floating-point order (so the
     * distribution equals the expected one exactly), then the sample: moments, bounds, reach.
     */
    @ParameterizedTest(name = "{0} a={1} {2} {3} {4}")
    @MethodSource("kaimingGrid")
    void kaimingFollowsPyTorchFormulas(String kind, double a, String nonlinearity, FanMode mode, TorchShape s) {
        boolean normal = kind.equals("normal");
        GainScaling k = GainScaling.kaiming(a, mode, nonlinearity(nonlinearity), kind(normal), FanConvention.TORCH, SEED);
        double std = torchGain(nonlinearity, a) / Math.sqrt(s.fan(mode));
        double bound = Math.sqrt(3.0) * std;
        assertThat(k.distribution(s.shape())).isEqualTo(normal ? new Normal(0.0, std) : new Uniform(-bound, bound));
        double[] x = collect(k, s.shape(), "kaiming/" + kind + "/" + a + "/" + nonlinearity + "/" + mode + "/" + s);
        assertSampleOf(x, normal, std, bound);
    }

    /**
     * PyTorch's nn.Linear and nn.Conv default, kaiming_uniform_(a = sqrt(5)): gain sqrt(1/3), so
     * bound = 1/sqrt(fan_in) (to rounding).
     */
    @Test
    void linearDefaultBoundIsOneOverSqrtFanIn() {
        for (TorchShape s : SHAPES) {
            GainScaling k = GainScaling.kaiming(Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU,
                    DistributionKind.UNIFORM, FanConvention.TORCH, SEED);
            Uniform u = (Uniform) k.distribution(s.shape());
            assertThat(u.high()).isCloseTo(1 / Math.sqrt(s.fanIn()), within(4 * Math.ulp(u.high())));
            assertThat(u.low()).isEqualTo(-u.high());
        }
    }

    // ------------------------------------------------------------------ Xavier

    /** std = gain·sqrt(2 / (fan_in + fan_out)), bound = sqrt(3)·std, in PyTorch's order. */
    @ParameterizedTest(name = "{0} gain={1} {2}")
    @MethodSource("xavierGrid")
    void xavierFollowsPyTorchFormulas(String kind, double gain, TorchShape s) {
        boolean normal = kind.equals("normal");
        GainScaling xavier = GainScaling.xavier(gain, kind(normal), FanConvention.TORCH, SEED);
        double std = gain * Math.sqrt(2.0 / (s.fanIn() + s.fanOut()));
        double bound = Math.sqrt(3.0) * std;
        assertThat(xavier.distribution(s.shape())).isEqualTo(normal ? new Normal(0.0, std) : new Uniform(-bound, bound));
        double[] x = collect(xavier, s.shape(), "xavier/" + kind + "/" + gain + "/" + s);
        assertSampleOf(x, normal, std, bound);
    }

    /** One case of each family and distribution against its exact reference. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kaiming uniform", "kaiming normal", "xavier uniform", "xavier normal"})
    void kolmogorovSmirnovAgainstTheExactReference(String which) {
        boolean normal = which.endsWith("normal");
        TorchShape s = SHAPES.get(1);
        Initializer init;
        double std;
        if (which.startsWith("kaiming")) {
            init = GainScaling.kaiming(0, FanMode.FAN_IN, Nonlinearity.RELU, kind(normal), FanConvention.TORCH, SEED);
            std = Math.sqrt(2) / Math.sqrt(s.fanIn());
        } else {
            init = GainScaling.xavier(1, kind(normal), FanConvention.TORCH, SEED);
            std = Math.sqrt(2.0 / (s.fanIn() + s.fanOut()));
        }
        ContinuousDistribution reference = normal ? NormalDistribution.of(0, std)
                : UniformContinuousDistribution.of(-Math.sqrt(3) * std, Math.sqrt(3) * std);
        double[] x = collect(init, s.shape(), "ks/" + which);
        double p = KolmogorovSmirnovTest.withDefaults().test(x, reference::cumulativeProbability).getPValue();
        assertThat(p).isGreaterThanOrEqualTo(KS_ALPHA);
    }

    // ------------------------------------------------------------------ calculate_gain

    @Test
    void gainTableIsPyTorchs() {
        for (String linear : List.of("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                "conv_transpose3d", "sigmoid")) {
            assertThat(Gain.of(linear, null)).as(linear).isEqualTo(1.0);
        }
        assertThat(Gain.of("tanh", null)).isEqualTo(5.0 / 3);
        assertThat(Gain.of("relu", null)).isEqualTo(Math.sqrt(2.0));
        assertThat(Gain.of("leaky_relu", null)).isEqualTo(Math.sqrt(2.0 / (1 + 1e-4)));
        assertThat(Gain.of("leaky_relu", 0.01)).isEqualTo(Gain.of("leaky_relu", null));
        // Beside the formula: the value torch.nn.init.calculate_gain('leaky_relu', 10) returns.
        assertThat(Gain.of("leaky_relu", 10.0)).isEqualTo(Math.sqrt(2.0 / 101)).isEqualTo(0.14071950894605836);
        assertThat(Gain.of("selu", null)).isEqualTo(0.75);
        assertThat(Gain.of("relu", 10.0)).as("the slope matters only to leaky_relu").isEqualTo(Math.sqrt(2.0));
        assertThat(Gain.NONLINEARITIES).hasSize(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "ReLU", "", "gelu"})
    void unknownNonlinearityIsRejectedByName(String name) {
        assertThatThrownBy(() -> Gain.of(name, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonlinearity")
                .hasMessageEndingWith(": " + name);
        assertThatThrownBy(() -> Initializers.get("kaiming_uniform_", Map.of("nonlinearity", name)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": " + name);
    }

    // ------------------------------------------------------------------ sparse_

    static Stream<Arguments> sparseCases() {
        // rows, cols, sparsity, ceil(sparsity · rows) worked out by hand (0.3 · 7 = 2.0999999999999996).
        return Stream.of(
                Arguments.of(10, 5, 0.1, 1),
                Arguments.of(10, 5, 0.5, 5),
                Arguments.of(7, 3, 0.3, 3),
                Arguments.of(100, 20, 0.9, 90));
    }

    @ParameterizedTest(name = "({0}, {1}) sparsity {2}")
    @MethodSource("sparseCases")
    void sparseHasExactlyCeilSparsityTimesRowsZerosPerColumn(int rows, int cols, double sparsity, int zeros) {
        Sparse sparse = new Sparse(sparsity, 0.01, SEED);
        Shape shape = Shape.of(rows, cols);
        assertThat(sparse.zerosPerColumn(rows)).isEqualTo(zeros);
        for (int k = 0; k < 5; k++) {
            RandomKey key = RandomKey.of(SEED).derive("sparse/" + k);
            double[] d = sparse.sampleDouble(shape, key);
            float[] f = sparse.sample(shape, key);
            for (int c = 0; c < cols; c++) {
                int zd = 0;
                int zf = 0;
                for (int r = 0; r < rows; r++) {
                    zd += d[r * cols + c] == 0 ? 1 : 0;
                    zf += f[r * cols + c] == 0 ? 1 : 0;
                }
                assertThat(zd).as("float64 zeros in column %d under %s", c, key).isEqualTo(zeros);
                assertThat(zf).as("float32 zeros in column %d under %s", c, key).isEqualTo(zeros);
            }
        }
    }

    /**
     * The non-zero elements follow N(0, std): 30,000 of them against the exact reference, one KS
     * test at 1e-4 (false-alarm rate 1e-4).
     */
    @Test
    void sparseNonZerosAreNormal() {
        double std = 0.02;
        Sparse sparse = new Sparse(0.25, std, SEED);
        double[] x = sparse.sampleDouble(Shape.of(400, 100), RandomKey.of(SEED).derive("sparse-ks"));
        double[] nonZero = Arrays.stream(x).filter(v -> v != 0).toArray();
        assertThat(nonZero).hasSize(300 * 100);
        double p = KolmogorovSmirnovTest.withDefaults()
                .test(nonZero, NormalDistribution.of(0, std)::cumulativeProbability).getPValue();
        assertThat(p).isGreaterThanOrEqualTo(KS_ALPHA);
    }

    /**
     * Two uniformly drawn 50-row masks of 100 rows coincide with probability 1/C(100, 50) = 9.9e-30:
     * all 20 columns differ from each other, and every column differs between two seeds.
     */
    @Test
    void sparseZeroPositionsDifferBetweenColumnsAndSeeds() {
        Shape shape = Shape.of(100, 20);
        List<String> a = masks(new Sparse(0.5, 1.0, 1).sampleDouble(shape), 100, 20);
        List<String> b = masks(new Sparse(0.5, 1.0, 2).sampleDouble(shape), 100, 20);
        assertThat(new HashSet<>(a)).hasSize(20);
        for (int c = 0; c < 20; c++) {
            assertThat(a.get(c)).as("column %d under two seeds", c).isNotEqualTo(b.get(c));
        }
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        assertThat(all).hasSize(40);
    }

    /**
     * Each column of (10, 5) at sparsity 0.1 zeroes one row, which must be uniform over the 10
     * rows: 10,000 columns (2,000 keys) in a chi-square test with 9 degrees of freedom at the 0.1%
     * level (critical value 27.877), false-alarm rate 1e-3.
     */
    @Test
    void sparseZeroRowIsUniform() {
        Sparse sparse = new Sparse(0.1, 1.0, SEED);
        Shape shape = Shape.of(10, 5);
        long[] counts = new long[10];
        for (int k = 0; k < 2000; k++) {
            double[] x = sparse.sampleDouble(shape, RandomKey.of(SEED).derive("rows/" + k));
            for (int i = 0; i < x.length; i++) {
                if (x[i] == 0) {
                    counts[i / 5]++;
                }
            }
        }
        assertThat(Arrays.stream(counts).sum()).isEqualTo(10_000);
        assertThat(ChiSquareTest.withDefaults().statistic(counts)).as("counts %s", Arrays.toString(counts))
                .isLessThan(27.877164871256575);
    }

    @Test
    void sparseRangeFillsEqualTheWholeFill() {
        Sparse sparse = new Sparse(0.5, 1.0, SEED);
        Shape shape = Shape.of(100, 20);
        RandomKey key = RandomKey.of(SEED).derive("sparse-ranges");
        double[] whole = sparse.sampleDouble(shape, key);
        float[] wholeF = sparse.sample(shape, key);
        int[][] ranges = {{0, 1}, {19, 2}, {5, 13}, {37, 1000}, {1999, 1}, {1020, 10}, {0, 2000}, {40, 0}};
        for (int[] r : ranges) {
            double[] d = new double[r[1] + 3];
            float[] f = new float[r[1] + 3];
            sparse.fill(shape, key, r[0], d, 3, r[1]);
            sparse.fill(shape, key, r[0], f, 3, r[1]);
            assertThat(Arrays.copyOfRange(d, 3, 3 + r[1])).as("float64 range at %d", r[0])
                    .containsExactly(Arrays.copyOfRange(whole, r[0], r[0] + r[1]));
            assertThat(Arrays.copyOfRange(f, 3, 3 + r[1])).as("float32 range at %d", r[0])
                    .containsExactly(Arrays.copyOfRange(wholeF, r[0], r[0] + r[1]));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, Double.NaN})
    void badSparsityIsRejectedNamingSparsityAndValue(double sparsity) {
        assertThatThrownBy(() -> new Sparse(sparsity, 0.01, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity")
                .hasMessageContaining(String.valueOf(sparsity));
    }

    // ------------------------------------------------------------------ Keras's element-wise families

    /** Keras's defaults: RandomNormal N(0, 0.05²), RandomUniform U[-0.05, 0.05), TruncatedNormal ±0.1. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RandomNormal", "RandomUniform", "TruncatedNormal"})
    void kerasDefaultsGiveTheirMoments(String family) {
        Shape shape = Shape.of(400, 300);
        Initializer init;
        switch (family) {
            case "RandomNormal":
                init = KerasCatalogue.randomNormal();
                break;
            case "RandomUniform":
                init = KerasCatalogue.randomUniform();
                break;
            default:
                init = KerasCatalogue.truncatedNormal();
        }
        // The catalogue draws a seed; the fill uses this fixed key instead.
        double[] x = init.sampleDouble(shape, RandomKey.of(SEED).derive("keras/" + family));
        double d = KerasCatalogue.DEFAULT_STDDEV;
        switch (family) {
            case "RandomNormal":
                assertMoments(x, 0, d);
                assertThat(maxAbs(x)).isLessThanOrEqualTo(NORMAL_MAX_Z * d);
                break;
            case "RandomUniform":
                assertMoments(x, 0, 2 * KerasCatalogue.DEFAULT_UNIFORM_BOUND / Math.sqrt(12));
                assertThat(min(x)).isGreaterThanOrEqualTo(-0.05);
                assertThat(max(x)).isLessThan(0.05);
                assertThat(maxAbs(x)).isGreaterThan(REACH * 0.05);
                break;
            default:
                assertMoments(x, 0, d * TRUNCATED_STD_2SIGMA);
                assertThat(maxAbs(x)).isLessThanOrEqualTo(2 * d).isGreaterThan(REACH * 2 * d);
        }
    }

    /**
     * Keras's documented example: TruncatedNormal(mean=1.0, stddev=0.5) stays in [0, 2], in both
     * precisions, with standard deviation 0.8796·0.5 after the cut.
     */
    @Test
    void kerasTruncatedNormalOfMeanOneStddevHalfStaysInZeroTwo() {
        RandomTruncatedNormal t = RandomTruncatedNormal.twoSigma(1.0, 0.5, SEED);
        Shape shape = Shape.of(400, 300);
        double[] x = t.sampleDouble(shape);
        float[] f = t.sample(shape);
        assertThat(min(x)).isGreaterThanOrEqualTo(0.0).isLessThan(0.01);
        assertThat(max(x)).isLessThanOrEqualTo(2.0).isGreaterThan(1.99);
        assertThat(min(f)).isGreaterThanOrEqualTo(0f);
        assertThat(max(f)).isLessThanOrEqualTo(2f);
        assertMoments(x, 1.0, 0.5 * TRUNCATED_STD_2SIGMA);
    }

    // ------------------------------------------------------------------ helpers

    /** Moments against std; uniform within [-bound, bound) reaching 0.99 of it; normal within 6.77σ. */
    private static void assertSampleOf(double[] x, boolean normal, double std, double bound) {
        assertMoments(x, 0, std);
        if (normal) {
            assertThat(maxAbs(x)).as("max |x| against the Box-Muller cut").isLessThanOrEqualTo(NORMAL_MAX_Z * std);
        } else {
            assertThat(min(x)).as("min").isGreaterThanOrEqualTo(-bound);
            assertThat(max(x)).as("max, open upper bound").isLessThan(bound);
            assertThat(maxAbs(x)).as("max |x| against %s", bound).isGreaterThan(REACH * bound);
        }
    }

    /** Each column's zero rows as a string of 0/1. */
    private static List<String> masks(double[] x, int rows, int cols) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            StringBuilder sb = new StringBuilder(rows);
            for (int r = 0; r < rows; r++) {
                sb.append(x[r * cols + c] == 0 ? '1' : '0');
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static DistributionKind kind(boolean normal) {
        return normal ? DistributionKind.UNTRUNCATED_NORMAL : DistributionKind.UNIFORM;
    }

    private static Nonlinearity nonlinearity(String torchName) {
        return Nonlinearity.valueOf(torchName.toUpperCase(Locale.ROOT));
    }
}
