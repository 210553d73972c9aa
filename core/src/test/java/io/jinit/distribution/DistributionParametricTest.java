package io.jinit.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.distribution.DistributionsList.Case;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tests that every distribution must pass, run on every case of {@link DistributionsList} in
 * float32 and float64 (Commons RNG's {@code ContinuousSamplerParametricTest} pattern).
 *
 * <p>Every key is fixed, so each test passes or fails the same way on every run. The false-alarm
 * rate written beside each statistical test is the probability that a correct implementation
 * fails it with keys drawn at random: it is what the thresholds were chosen from, for one test and
 * for all the cases of the registry together.
 */
class DistributionParametricTest {
    private static final String ALL = "io.jinit.distribution.DistributionsList#list";
    private static final String UNIFORMS = "io.jinit.distribution.DistributionsList#uniforms";
    private static final String NORMALS = "io.jinit.distribution.DistributionsList#normals";
    private static final String ROUNDED = "io.jinit.distribution.DistributionsList#roundedFromFloat64";
    private static final String ALL_BOTH = "allInBothPrecisions";
    private static final String NORMALS_BOTH = "normalsInBothPrecisions";

    /** The root of every key of this class; each test derives its own keys from it by name. */
    private static final RandomKey ROOT = RandomKey.of(0x6A09E667F3BCC908L);

    // Kolmogorov-Smirnov.
    /** Draws per Kolmogorov-Smirnov test. */
    private static final int KS_SAMPLE = 20_000;
    /** Kolmogorov-Smirnov tests per case, each under its own key. */
    private static final int KS_REPEATS = 20;
    /** The level of each Kolmogorov-Smirnov test. */
    private static final double KS_ALPHA = 1e-3;
    /**
     * At most one of the 20 tests may reject at 1e-3. Under the null the number of rejections is
     * Binomial(20, 1e-3), and P(X &gt;= 2) = 1.88e-4 is the false-alarm rate of one case; over the
     * 19 Kolmogorov-Smirnov cases of this class it is 0.36%.
     */
    private static final int KS_ALLOWED = 1;

    // Chi-square on the deciles of the reference.
    /** Draws per chi-square test: 500 expected in each decile. */
    private static final int CHI_SAMPLE = 5_000;
    /** Chi-square tests per case, each under its own key. */
    private static final int CHI_REPEATS = 50;
    /** The 99th percentile of the chi-square distribution with 9 degrees of freedom. */
    private static final double CHI_CRITICAL_1_PERCENT = 21.665994333461924;
    /**
     * Under the null the number of the 50 statistics above the 1% critical value is
     * Binomial(50, 0.01): more than 3 with probability 0.16% (Commons RNG's allowance), more than
     * 4 with probability 0.015%. This class runs 30 chi-square cases (15 distributions x 2
     * precisions), so it allows 4: the probability that any case fails by chance is 0.44%
     * (4.7% with an allowance of 3). A real defect fails most of the 50, so this costs no power.
     */
    private static final int CHI_ALLOWED = 4;

    // Moments, bounds, tails.
    /** Draws for the moment and bound tests. */
    private static final int MOMENT_SAMPLE = 1 << 18;
    /** Draws for the test of both halves. */
    private static final int HALVES_SAMPLE = 1 << 16;
    /**
     * The z-value of the CLT bounds on the sample mean and variance: a two-sided normal tail of
     * 5.7e-7 each, 1.15e-6 per case, 3.4e-5 over the 30 cases.
     */
    private static final double Z = 5;
    /**
     * The largest |x - mean| / stddev of {@link Normal}: the Box-Muller radius is at most
     * sqrt(-2 ln 2<sup>-33</sup>) = 6.7637.
     */
    private static final double NORMAL_MAX_Z = 6.77;
    /** Draws for the 3σ tail test. */
    private static final int TAIL_SAMPLE = 1 << 20;
    /** P(|Z| &gt; 3) for a standard normal. */
    private static final double TAIL_3_SIGMA = 0.0026997960632601866;

    // Determinism.
    /** Elements of the whole fill that the range fills are compared with: five chunks, less one. */
    private static final int WHOLE = 5000;
    /** (from, length) pairs inside [0, WHOLE): starting and ending inside and on chunk edges. */
    private static final int[][] RANGES = {
        {0, 0}, {17, 0}, {0, 1}, {1, 1022}, {1023, 2}, {1000, 2100}, {2048, 1024}, {3071, 1929},
        {4999, 1}, {0, WHOLE},
    };
    /** Starts of ranges past 2^31 (chunk-aligned, inside a chunk, across 2^32 and 2^34). */
    private static final long[] FAR_STARTS = {3L << 31, (3L << 31) + 1000, (1L << 32) - 20, (1L << 34) - 20};
    /** Length of the ranges past 2^31, compared element by element with single-element fills. */
    private static final int FAR_LENGTH = 40;

    /** How values are produced: the float32 fill (widened exactly) or the float64 fill. */
    enum Precision {
        /** {@link Distribution#fill(RandomKey, long, float[], int, int)}. */
        FLOAT32 {
            @Override
            double[] sample(Distribution d, RandomKey key, long from, int n) {
                float[] f = new float[n];
                d.fill(key, from, f, 0, n);
                double[] x = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i] = f[i];
                }
                return x;
            }

            @Override
            double[] fillAt(Distribution d, RandomKey key, long from, int n, int offset, int capacity) {
                float[] f = new float[capacity];
                Arrays.fill(f, SENTINEL);
                d.fill(key, from, f, offset, n);
                double[] x = new double[capacity];
                for (int i = 0; i < capacity; i++) {
                    x[i] = f[i];
                }
                return x;
            }
        },
        /** {@link Distribution#fill(RandomKey, long, double[], int, int)}. */
        FLOAT64 {
            @Override
            double[] sample(Distribution d, RandomKey key, long from, int n) {
                double[] x = new double[n];
                d.fill(key, from, x, 0, n);
                return x;
            }

            @Override
            double[] fillAt(Distribution d, RandomKey key, long from, int n, int offset, int capacity) {
                double[] x = new double[capacity];
                Arrays.fill(x, SENTINEL);
                d.fill(key, from, x, offset, n);
                return x;
            }
        };

        /** A value no case produces, written around the filled part of an array. */
        static final float SENTINEL = -12345.5f;

        /**
         * Elements {@code [from, from + n)} under a key.
         *
         * @param d the distribution
         * @param key the key
         * @param from the first element
         * @param n the count
         * @return the values, widened to double when float32
         */
        abstract double[] sample(Distribution d, RandomKey key, long from, int n);

        /**
         * Elements {@code [from, from + n)} written at {@code offset} of an array of
         * {@code capacity} filled with {@link #SENTINEL}.
         *
         * @param d the distribution
         * @param key the key
         * @param from the first element
         * @param n the count
         * @param offset where to write
         * @param capacity the array length
         * @return the whole array, widened to double when float32
         */
        abstract double[] fillAt(Distribution d, RandomKey key, long from, int n, int offset, int capacity);
    }

    static Stream<Arguments> allInBothPrecisions() {
        return cross(DistributionsList.list());
    }

    static Stream<Arguments> normalsInBothPrecisions() {
        return cross(DistributionsList.normals());
    }

    private static Stream<Arguments> cross(List<Case> cases) {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases) {
            for (Precision p : Precision.values()) {
                out.add(Arguments.of(c, p));
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ distribution tests

    @ParameterizedTest(name = "{0}")
    @MethodSource(ALL)
    void kolmogorovSmirnovFloat64(Case c) {
        assertKolmogorovSmirnov(c, Precision.FLOAT64);
    }

    /**
     * Uniform's float32 recipe is not the rounded float64 value: it has its own grid of
     * 2<sup>24</sup> levels, coarser still where floats are (about 8,400 levels on [1, 1.001)).
     * The CDF of such a grid is within one level of the continuous one, 1.2e-4 at worst here, far
     * below the distance of 0.014 that KS needs to reject at 1e-3 with n = 20,000, so float32
     * uniforms are tested against the continuous reference directly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(UNIFORMS)
    void kolmogorovSmirnovFloat32Uniform(Case c) {
        assertKolmogorovSmirnov(c, Precision.FLOAT32);
    }

    /**
     * Normal and TruncatedNormal document their float32 value as the float64 value rounded to
     * nearest (and, for TruncatedNormal, clamped to the floats inside [low, high]). That exact
     * relation, checked element by element, carries every float64 test over to float32. It is
     * stronger than a KS test of the float32 values, and free of the ties that a continuous test
     * does not model: in Normal(3, 0.01), where floats are 2.4e-7 apart, 20,000 draws hold over
     * a thousand tied pairs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(ROUNDED)
    void float32IsFloat64Rounded(Case c) {
        for (int r = 0; r < 3; r++) {
            RandomKey key = ROOT.derive("rounded/" + r);
            int n = 1 << 16;
            float[] f = new float[n];
            double[] d = new double[n];
            c.distribution().fill(key, 0, f, 0, n);
            c.distribution().fill(key, 0, d, 0, n);
            for (int i = 0; i < n; i++) {
                float expected = (float) d[i];
                if (c.distribution() instanceof TruncatedNormal) {
                    // The float nearest a value in [low, high] is at most one float outside it.
                    if (expected < c.lower()) {
                        expected = Math.nextUp(expected);
                    } else if (expected > c.upper()) {
                        expected = Math.nextDown(expected);
                    }
                }
                if (Float.floatToRawIntBits(f[i]) != Float.floatToRawIntBits(expected)) {
                    assertThat(f[i]).as("element %d under %s: float64 %s", i, key, d[i]).isEqualTo(expected);
                }
            }
        }
    }

    /**
     * Uniform reads the same word per element in both precisions (float32 its top 24 bits), so
     * the two values differ by at most width·2<sup>-24</sup> (the grids) plus 3 float ulps of the
     * largest magnitude (rounding of the float width, the product and the sum).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(UNIFORMS)
    void float32ReadsTheWordOfFloat64(Case c) {
        RandomKey key = ROOT.derive("uniform-words");
        int n = 1 << 16;
        double[] f = Precision.FLOAT32.sample(c.distribution(), key, 0, n);
        double[] d = Precision.FLOAT64.sample(c.distribution(), key, 0, n);
        double width = c.upper() - c.lower();
        double tolerance = width * 0x1p-24 + 3 * Math.ulp((float) Math.max(c.magnitude(), width));
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(f[i] - d[i]));
        }
        assertThat(worst).isLessThanOrEqualTo(tolerance);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void chiSquareOnDeciles(Case c, Precision p) {
        double[] deciles = new double[9];
        for (int k = 1; k <= 9; k++) {
            deciles[k - 1] = c.reference().inverseCumulativeProbability(k / 10.0);
        }
        ChiSquareTest chi = ChiSquareTest.withDefaults();
        int failures = 0;
        double[] statistics = new double[CHI_REPEATS];
        for (int r = 0; r < CHI_REPEATS; r++) {
            double[] x = p.sample(c.distribution(), ROOT.derive("chi-square/" + r), 0, CHI_SAMPLE);
            long[] counts = new long[10];
            for (double v : x) {
                int bin = 0;
                while (bin < 9 && v >= deciles[bin]) {
                    bin++;
                }
                counts[bin]++;
            }
            // Equal expected counts: the statistic of ChiSquareTest.statistic(long[]).
            statistics[r] = chi.statistic(counts);
            if (statistics[r] > CHI_CRITICAL_1_PERCENT) {
                failures++;
            }
        }
        assertThat(failures).as("chi-square statistics above %s: %s", CHI_CRITICAL_1_PERCENT,
                Arrays.toString(statistics)).isLessThanOrEqualTo(CHI_ALLOWED);
    }

    /**
     * The sample mean within Z·σ/sqrt(n) of the mean, the sample variance within
     * Z·sqrt((μ<sub>4</sub> - σ<sup>4</sup>)/n) of the variance (the CLT for the sample variance,
     * with μ<sub>4</sub> the reference's fourth central moment). Float32 values are the values
     * rounded: at most 4 float ulps δ of the largest magnitude away (half an ulp of rounding, one
     * of clamping, three roundings in Uniform's float recipe, whose 24-bit grid also sits
     * width·2<sup>-25</sup> low on average, well within δ for every case), which may move the mean
     * by δ and the variance by 2σδ + δ²; those amounts are added to the bounds.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void meanAndVariance(Case c, Precision p) {
        int n = MOMENT_SAMPLE;
        double[] x = p.sample(c.distribution(), ROOT.derive("moments"), 0, n);
        double delta = p == Precision.FLOAT32 ? 4 * Math.ulp((float) c.magnitude()) : 0;
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double variance = ss / (n - 1);
        double sigma = c.sd();
        double sigma4 = c.variance() * c.variance();
        assertThat(mean).as("mean").isCloseTo(c.mean(),
                within(Z * sigma / Math.sqrt(n) + delta));
        assertThat(variance).as("variance").isCloseTo(c.variance(),
                within(
                        Z * Math.sqrt((c.fourthCentralMoment() - sigma4) / n) + 2 * sigma * delta + delta * delta));
    }

    /**
     * Uniform in [low, high) with the upper bound open in both precisions (the float32 recipe
     * starts at float(low), which is low for every case of the registry); TruncatedNormal in the
     * closed [low, high], float32 values compared with the double bounds; Normal within 6.77σ.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void valuesStayInTheSupport(Case c, Precision p) {
        double[] x = p.sample(c.distribution(), ROOT.derive("bounds"), 0, MOMENT_SAMPLE);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        Distribution d = c.distribution();
        if (d instanceof Uniform) {
            Uniform u = (Uniform) d;
            assertThat(min).isGreaterThanOrEqualTo(p == Precision.FLOAT32 ? (float) u.low() : u.low());
            assertThat(max).isLessThan(u.high());
        } else if (d instanceof TruncatedNormal) {
            TruncatedNormal t = (TruncatedNormal) d;
            assertThat(min).isGreaterThanOrEqualTo(t.low());
            assertThat(max).isLessThanOrEqualTo(t.high());
        } else {
            Normal nd = (Normal) d;
            // Float32 rounding (at most 2.4e-7 for these cases) is far below 6.77σ - 6.7637σ.
            assertThat((nd.mean() - min) / nd.stddev()).isLessThanOrEqualTo(NORMAL_MAX_Z);
            assertThat((max - nd.mean()) / nd.stddev()).isLessThanOrEqualTo(NORMAL_MAX_Z);
        }
    }

    /**
     * Values on both sides of the median, and of zero where each sign holds a real share of the
     * mass (Normal(3, 0.01) has both signs in its support, but P(x &lt; 0) = Φ(-300)). With
     * 2<sup>16</sup> draws a side holding 1% of the mass is missing with probability e<sup>-655</sup>.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void bothHalvesPresent(Case c, Precision p) {
        double[] x = p.sample(c.distribution(), ROOT.derive("halves"), 0, HALVES_SAMPLE);
        double median = c.reference().inverseCumulativeProbability(0.5);
        assertThat(Arrays.stream(x).filter(v -> v < median).count()).isPositive();
        assertThat(Arrays.stream(x).filter(v -> v > median).count()).isPositive();
        double belowZero = c.reference().cumulativeProbability(0);
        if (belowZero > 0.01 && belowZero < 0.99) {
            // Both signs hold at least 1% of the mass (28% or more in the registry): both present.
            assertThat(Arrays.stream(x).filter(v -> v < 0).count()).isPositive();
            assertThat(Arrays.stream(x).filter(v -> v > 0).count()).isPositive();
        }
    }

    /**
     * The count beyond 3σ among 2<sup>20</sup> normal draws is Binomial(2<sup>20</sup>, 0.0027):
     * mean 2830.9, standard deviation 53.1; it must lie within 5 standard deviations (false-alarm
     * rate 5.7e-7, 3.4e-6 over the 6 cases).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(NORMALS_BOTH)
    void normalTailBeyondThreeSigma(Case c, Precision p) {
        Normal d = (Normal) c.distribution();
        double[] x = p.sample(d, ROOT.derive("tail"), 0, TAIL_SAMPLE);
        long beyond = Arrays.stream(x).filter(v -> Math.abs(v - d.mean()) > 3 * d.stddev()).count();
        double expected = TAIL_SAMPLE * TAIL_3_SIGMA;
        double sd = Math.sqrt(TAIL_SAMPLE * TAIL_3_SIGMA * (1 - TAIL_3_SIGMA));
        assertThat((double) beyond).isCloseTo(expected, within(Z * sd));
        // Both tails take part: each holds half the expected count, 1415 ± 38.
        assertThat(Arrays.stream(x).filter(v -> v < d.mean() - 3 * d.stddev()).count()).isGreaterThan(1000);
        assertThat(Arrays.stream(x).filter(v -> v > d.mean() + 3 * d.stddev()).count()).isGreaterThan(1000);
    }

    // ------------------------------------------------------------------ determinism

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void sameKeyGivesSameBits(Case c, Precision p) {
        RandomKey key = ROOT.derive("same");
        double[] a = p.sample(c.distribution(), key, 0, WHOLE);
        double[] b = p.sample(c.distribution(), new RandomKey(key.k0(), key.k1()), 0, WHOLE);
        assertThat(Arrays.equals(a, b)).isTrue();
        Distribution copy = copyOf(c.distribution());
        assertThat(Arrays.equals(a, p.sample(copy, key, 0, WHOLE))).isTrue();
    }

    /**
     * Different keys, and different chunks and far ranges of one key, share almost no values: the
     * most likely coincidence (float32 Uniform[1, 1.001), about 8,400 levels) has probability 1.2e-4
     * per element, so more than 1% equal elements means the streams overlap.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void differentKeysAndRangesDiffer(Case c, Precision p) {
        Distribution d = c.distribution();
        RandomKey key = ROOT.derive("differ");
        double[] base = p.sample(d, key, 0, 2048);
        assertMostlyDifferent(base, p.sample(d, RandomKey.of(key.asLong() + 1), 0, 2048), "next seed");
        assertMostlyDifferent(base, p.sample(d, key.derive("w"), 0, 2048), "derived key");
        assertMostlyDifferent(base, p.sample(d, new RandomKey(key.k1(), key.k0()), 0, 2048), "swapped key words");
        assertMostlyDifferent(Arrays.copyOfRange(base, 0, 1024), Arrays.copyOfRange(base, 1024, 2048),
                "chunk 0 and chunk 1");
        // Element 2^34 + i sits in block 2^32 + i/4: its counter differs from element i's only in
        // the high word of the block number, which must therefore be used.
        assertMostlyDifferent(base, p.sample(d, key, 1L << 34, 2048), "elements 2^34 + i");
        assertMostlyDifferent(base, p.sample(d, key, 1L << 32, 2048), "elements 2^32 + i");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void rangeFillsEqualTheWholeFill(Case c, Precision p) {
        RandomKey key = ROOT.derive("ranges");
        double[] whole = p.sample(c.distribution(), key, 0, WHOLE);
        for (int[] range : RANGES) {
            int from = range[0];
            int length = range[1];
            int offset = 3;
            double[] out = p.fillAt(c.distribution(), key, from, length, offset, length + 7);
            assertThat(Arrays.copyOfRange(out, offset, offset + length)).as("range [%d, %d)", from, from + length)
                    .containsExactly(Arrays.copyOfRange(whole, from, from + length));
            for (int i = 0; i < out.length; i++) {
                if (i < offset || i >= offset + length) {
                    assertThat(out[i]).as("untouched index %d of range [%d, %d)", i, from, from + length)
                            .isEqualTo(Precision.SENTINEL);
                }
            }
        }
    }

    /**
     * Past 2<sup>31</sup> (where an int element index would overflow), across 2<sup>32</sup> and
     * 2<sup>34</sup> (where the block number's high word changes): element {@code from + i} of a
     * range equals the single-element fill at {@code from + i}.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ALL_BOTH)
    void rangesPastTwoToTheThirtyOneEqualSingleElementFills(Case c, Precision p) {
        RandomKey key = ROOT.derive("far");
        for (long from : FAR_STARTS) {
            double[] range = p.sample(c.distribution(), key, from, FAR_LENGTH);
            double[] singles = new double[FAR_LENGTH];
            for (int i = 0; i < FAR_LENGTH; i++) {
                singles[i] = p.sample(c.distribution(), key, from + i, 1)[0];
            }
            assertThat(range).as("range [%d, %d)", from, from + FAR_LENGTH).containsExactly(singles);
            assertThat(Arrays.stream(range).distinct().count()).as("distinct values from %d", from)
                    .isGreaterThan(FAR_LENGTH / 2);
        }
    }

    // ------------------------------------------------------------------ outside the registry

    /**
     * Both bounds of Uniform(-3e38, 3e38) are floats, but their distance is not: float(high - low)
     * overflows to +∞. A float32 fill must then either refuse (as PyTorch's uniform_ does: "to-from
     * must not exceed the float max") or still give values spread over [low, high); it must not
     * give a constant or non-finite values.
     */
    @Test
    void float32UniformWiderThanTheFloatRangeIsRejectedOrSpread() {
        float[] f = new float[4096];
        try {
            new Uniform(-3e38, 3e38).fill(ROOT.derive("wide"), 0, f, 0, f.length);
        } catch (IllegalArgumentException refused) {
            return;
        }
        double[] x = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            x[i] = f[i];
        }
        assertThat(Arrays.stream(x).filter(v -> !Double.isFinite(v)).count()).as("non-finite values").isZero();
        assertThat(Arrays.stream(x).filter(v -> v < 0).count()).as("negative values").isPositive();
        assertThat(Arrays.stream(x).filter(v -> v > 0).count()).as("positive values").isPositive();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertKolmogorovSmirnov(Case c, Precision p) {
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();
        double[] pValues = new double[KS_REPEATS];
        int rejections = 0;
        for (int r = 0; r < KS_REPEATS; r++) {
            double[] x = p.sample(c.distribution(), ROOT.derive("ks/" + r), 0, KS_SAMPLE);
            pValues[r] = ks.test(x, c.reference()::cumulativeProbability).getPValue();
            if (pValues[r] < KS_ALPHA) {
                rejections++;
            }
        }
        assertThat(rejections).as("Kolmogorov-Smirnov p-values %s", Arrays.toString(pValues))
                .isLessThanOrEqualTo(KS_ALLOWED);
    }

    private static void assertMostlyDifferent(double[] a, double[] b, String what) {
        int equal = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        assertThat(equal).as("equal elements, %s", what).isLessThan(a.length / 100);
    }

    private static Distribution copyOf(Distribution d) {
        if (d instanceof Uniform) {
            return new Uniform(((Uniform) d).low(), ((Uniform) d).high());
        }
        if (d instanceof Normal) {
            return new Normal(((Normal) d).mean(), ((Normal) d).stddev());
        }
        TruncatedNormal t = (TruncatedNormal) d;
        return new TruncatedNormal(t.mean(), t.stddev(), t.low(), t.high());
    }
}
