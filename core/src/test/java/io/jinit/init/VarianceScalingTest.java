package io.jinit.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.Catalogued;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.catalogue.KerasCatalogue.Preset;
import io.jinit.distribution.Normal;
import io.jinit.distribution.TruncatedNormal;
import io.jinit.distribution.Uniform;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keras's {@code VarianceScaling}: for every mode, distribution and fan convention, the elements
 * have standard deviation sqrt(scale / max(1, fan)) and the documented bounds; the Glorot, He and
 * LeCun presets give Keras's table; degenerate fans and bad input behave as documented.
 *
 * <p>Keys are fixed; the false-alarm rate beside each statistical assertion is the probability
 * that a correct implementation fails it with keys drawn at random.
 */
class VarianceScalingTest {
    /** The root of every key of this class. */
    private static final RandomKey ROOT = RandomKey.of(0xBB67AE8584CAA73BL);
    /** A scale that is none of the presets' 1 and 2, so that a dropped scale shows. */
    private static final double SCALE = 0.7;
    /** The seed of the initializers (their fills here use explicit keys). */
    private static final long SEED = 42;
    /**
     * Elements per estimate: one (400, 300) tensor, or enough tensors of a small shape under
     * different keys to pass 100,000.
     */
    private static final int MIN_ELEMENTS = 100_000;
    /**
     * The z-value of every CLT bound of this class: two-sided normal tail 5.7e-7. The sample
     * standard deviation s of n elements of kurtosis κ has sd(s)/σ ≈ sqrt((κ - 1) / (4n)); the
     * uniform (κ = 1.8), the 2σ-truncated normal (κ = 2.37) and the normal (κ = 3) all have κ &lt;= 3,
     * so |s/σ - 1| &lt;= Z / sqrt(2n) (1.12% at n = 100,000) holds with at most that false-alarm
     * rate. The mean: |m| &lt;= Zσ/sqrt(n). Over the 126 cases (2 bounds each) of this class: 1.4e-4.
     */
    private static final double Z = 5;
    /** The largest |x| / σ of an untruncated normal: the Box-Muller cut at 6.7637σ. */
    private static final double NORMAL_MAX_Z = 6.77;
    /**
     * The share of the bound that the largest |x| must reach. A uniform element stays below 0.99 of
     * its limit with probability 0.99, a 2σ-truncated normal one with probability 0.9977, so
     * n &gt;= 100,000 elements all stay below with probability below e<sup>-230</sup>.
     */
    private static final double REACH = 0.99;
    /** The level of each Kolmogorov-Smirnov test: false-alarm rate 1e-4, 3e-4 for the three. */
    private static final double KS_ALPHA = 1e-4;

    /**
     * A shape under a fan convention, with fans worked out by hand from the convention's
     * definition (not by calling it).
     *
     * @param label the display name
     * @param shape the shape
     * @param fans the convention
     * @param fanIn the expected fan-in
     * @param fanOut the expected fan-out
     */
    record Geometry(String label, Shape shape, FanConvention fans, double fanIn, double fanOut) {
        double fan(FanMode mode) {
            switch (mode) {
                case FAN_IN:
                    return fanIn;
                case FAN_OUT:
                    return fanOut;
                case FAN_AVG:
                    return (fanIn + fanOut) / 2;
                default:
                    return Math.sqrt(fanIn * fanOut);
            }
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final List<Geometry> GEOMETRIES = List.of(
            // Keras (in, out); torch (out, in); explicit axes without receptive field.
            new Geometry("(400, 300) KERAS", Shape.of(400, 300), FanConvention.KERAS, 400, 300),
            new Geometry("(400, 300) TORCH", Shape.of(400, 300), FanConvention.TORCH, 300, 400),
            new Geometry("(400, 300) axes in [0] out [1]", Shape.of(400, 300),
                    FanConvention.kerasAxes(List.of(0), List.of(1)), 400, 300),
            // Keras conv kernel (kh, kw, in, out): rf = 9, fan_in = 16·9, fan_out = 32·9.
            new Geometry("(3, 3, 16, 32) KERAS", Shape.of(3, 3, 16, 32), FanConvention.KERAS, 144, 288),
            // Read as torch (out, in, k...): rf = 16·32 = 512, fan_in = 3·512, fan_out = 3·512.
            new Geometry("(3, 3, 16, 32) TORCH", Shape.of(3, 3, 16, 32), FanConvention.TORCH, 1536, 1536),
            // fan_in = 3·3·16, fan_out = 32: no receptive field under explicit axes.
            new Geometry("(3, 3, 16, 32) axes in [0, 1, 2] out [-1]", Shape.of(3, 3, 16, 32),
                    FanConvention.kerasAxes(List.of(0, 1, 2), List.of(-1)), 144, 32),
            // Keras: rf = 32, fan_in = 4·32, fan_out = 16·32.
            new Geometry("(32, 4, 16) KERAS", Shape.of(32, 4, 16), FanConvention.KERAS, 128, 512),
            // Torch: rf = 16, fan_in = 4·16, fan_out = 32·16.
            new Geometry("(32, 4, 16) TORCH", Shape.of(32, 4, 16), FanConvention.TORCH, 64, 512),
            // An einsum-style kernel: fan_in = 32, fan_out = 4·16.
            new Geometry("(32, 4, 16) axes in [0] out [-2, -1]", Shape.of(32, 4, 16),
                    FanConvention.kerasAxes(List.of(0), List.of(-2, -1)), 32, 64));

    static Stream<Arguments> grid() {
        List<Arguments> out = new ArrayList<>();
        for (Geometry g : GEOMETRIES) {
            for (FanMode mode : FanMode.values()) {
                for (DistributionKind d : DistributionKind.values()) {
                    out.add(Arguments.of(g, mode, d));
                }
            }
        }
        return out.stream();
    }

    static Stream<Arguments> presetsOnKerasShapes() {
        List<Arguments> out = new ArrayList<>();
        for (Preset p : Preset.values()) {
            for (Geometry g : GEOMETRIES) {
                if (g.fans() == FanConvention.KERAS) {
                    out.add(Arguments.of(p, g));
                }
            }
        }
        return out.stream();
    }

    // ------------------------------------------------------------------ the family

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("grid")
    void stdIsSqrtOfScaleOverFanAndBoundsHold(Geometry g, FanMode mode, DistributionKind distribution) {
        VarianceScaling vs = new VarianceScaling(SCALE, mode, distribution, g.fans(), SEED);
        double s = SCALE / Math.max(1, g.fan(mode));
        double sigma = Math.sqrt(s);
        double[] x = collect(vs, g.shape(), "grid/" + g + "/" + mode + "/" + distribution);

        assertMoments(x, 0, sigma);
        double maxAbs = maxAbs(x);
        switch (distribution) {
            case UNIFORM: {
                double limit = Math.sqrt(3 * s);
                assertThat(min(x)).as("min").isGreaterThanOrEqualTo(-limit);
                assertThat(max(x)).as("max, open upper bound").isLessThan(limit);
                assertThat(maxAbs).as("max |x| against limit %s", limit).isGreaterThan(REACH * limit);
                float[] f = vs.sample(g.shape(), ROOT.derive("float32"));
                // Keras samples in float32 from float32 bounds: [float(-limit), limit).
                assertThat((double) min(f)).as("float32 min").isGreaterThanOrEqualTo((float) -limit);
                assertThat((double) max(f)).as("float32 max").isLessThan(limit);
                break;
            }
            case TRUNCATED_NORMAL: {
                double bound = 2 * Math.sqrt(s) / 0.87962566103423978;
                assertThat(maxAbs).as("max |x| against 2σ = %s", bound).isLessThanOrEqualTo(bound)
                        .isGreaterThan(REACH * bound);
                float[] f = vs.sample(g.shape(), ROOT.derive("float32"));
                assertThat((double) min(f)).as("float32 min").isGreaterThanOrEqualTo(-bound);
                assertThat((double) max(f)).as("float32 max").isLessThanOrEqualTo(bound);
                break;
            }
            default:
                assertThat(maxAbs).as("max |x| against the Box-Muller cut").isLessThanOrEqualTo(NORMAL_MAX_Z * sigma);
        }
    }

    /** Each distribution, once, against its exact reference: (3, 3, 16, 32), KERAS, fan_in. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("distributions")
    void kolmogorovSmirnovAgainstTheExactReference(DistributionKind distribution) {
        Geometry g = GEOMETRIES.get(3);
        VarianceScaling vs = new VarianceScaling(SCALE, FanMode.FAN_IN, distribution, g.fans(), SEED);
        double s = SCALE / g.fanIn();
        ContinuousDistribution reference;
        switch (distribution) {
            case TRUNCATED_NORMAL: {
                double pre = Math.sqrt(s) / 0.87962566103423978;
                reference = TruncatedNormalDistribution.of(0, pre, -2 * pre, 2 * pre);
                break;
            }
            case UNTRUNCATED_NORMAL:
                reference = NormalDistribution.of(0, Math.sqrt(s));
                break;
            default:
                reference = UniformContinuousDistribution.of(-Math.sqrt(3 * s), Math.sqrt(3 * s));
        }
        double[] x = collect(vs, g.shape(), "ks/" + distribution);
        double p = KolmogorovSmirnovTest.withDefaults().test(x, reference::cumulativeProbability).getPValue();
        assertThat(p).isGreaterThanOrEqualTo(KS_ALPHA);
    }

    static Stream<DistributionKind> distributions() {
        return Stream.of(DistributionKind.values());
    }

    // ------------------------------------------------------------------ Keras presets

    /**
     * Keras's table: glorot σ = sqrt(2 / (fan_in + fan_out)), he σ = sqrt(2 / fan_in), lecun
     * σ = sqrt(1 / fan_in); uniform presets on [-sqrt(3)σ, sqrt(3)σ), normal presets truncated at
     * 2σ/0.8796 with σ the standard deviation after the cut.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("presetsOnKerasShapes")
    void presetsGiveKerasTable(Preset preset, Geometry g) {
        double fi = g.fanIn();
        double fo = g.fanOut();
        double sigma;
        switch (preset) {
            case GLOROT_NORMAL:
            case GLOROT_UNIFORM:
                sigma = Math.sqrt(2 / (fi + fo));
                break;
            case HE_NORMAL:
            case HE_UNIFORM:
                sigma = Math.sqrt(2 / fi);
                break;
            default:
                sigma = Math.sqrt(1 / fi);
        }
        boolean uniform = preset.className().endsWith("Uniform");
        Initializer init = preset.create(FanConvention.KERAS, SEED);
        double[] x = collect(init, g.shape(), "preset/" + preset + "/" + g);
        assertMoments(x, 0, sigma);
        double bound = uniform ? Math.sqrt(3) * sigma : 2 * sigma / 0.87962566103423978;
        // Keras computes the bounds in another order: allow 4 ulps.
        double slack = 4 * Math.ulp(bound);
        assertThat(maxAbs(x)).as("max |x| against %s", bound).isLessThanOrEqualTo(bound + slack)
                .isGreaterThan(REACH * bound);
        if (uniform) {
            assertThat(max(x)).as("max, open upper bound").isLessThan(bound + slack);
        }
    }

    @Test
    void catalogueFactoriesArePresets() {
        Map<Preset, LongFunction<NamedInitializer>> factories = new EnumMap<>(Preset.class);
        factories.put(Preset.GLOROT_NORMAL, KerasCatalogue::glorotNormal);
        factories.put(Preset.GLOROT_UNIFORM, KerasCatalogue::glorotUniform);
        factories.put(Preset.HE_NORMAL, KerasCatalogue::heNormal);
        factories.put(Preset.HE_UNIFORM, KerasCatalogue::heUniform);
        factories.put(Preset.LECUN_NORMAL, KerasCatalogue::lecunNormal);
        factories.put(Preset.LECUN_UNIFORM, KerasCatalogue::lecunUniform);
        assertThat(factories).hasSize(Preset.values().length);
        Shape shape = Shape.of(3, 3, 16, 32);
        for (Map.Entry<Preset, LongFunction<NamedInitializer>> e : factories.entrySet()) {
            NamedInitializer fromFactory = e.getValue().apply(SEED);
            assertThat(fromFactory.className()).isEqualTo(e.getKey().className());
            assertThat(Arrays.equals(fromFactory.sampleDouble(shape),
                    e.getKey().create(FanConvention.KERAS, SEED).sampleDouble(shape))).as("%s", e.getKey()).isTrue();
        }
    }

    // ------------------------------------------------------------------ degenerate fans, bad input

    /**
     * A fan below 1 is replaced by 1 (Keras's {@code max(1., fan)}): empty shapes give no error and
     * the distribution of n = max(1, fan). (1, 0) has fan_avg 0.5 and fan_geo_avg 0.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fanBelowOneShapes")
    void fanBelowOneIsReplacedByOne(Shape shape) {
        for (FanMode mode : FanMode.values()) {
            for (DistributionKind distribution : DistributionKind.values()) {
                VarianceScaling vs = new VarianceScaling(SCALE, mode, distribution, FanConvention.KERAS, SEED);
                double fan = new Geometry("", shape, FanConvention.KERAS, shape.dim(0), shape.dim(1)).fan(mode);
                double s = SCALE / Math.max(1, fan);
                io.jinit.distribution.Distribution expected;
                switch (distribution) {
                    case TRUNCATED_NORMAL: {
                        double pre = Math.sqrt(s) / 0.87962566103423978;
                        expected = new TruncatedNormal(0, pre, -2 * pre, 2 * pre);
                        break;
                    }
                    case UNTRUNCATED_NORMAL:
                        expected = new Normal(0, Math.sqrt(s));
                        break;
                    default:
                        expected = new Uniform(-Math.sqrt(3 * s), Math.sqrt(3 * s));
                }
                assertThat(vs.distribution(shape)).as("%s %s %s", shape, mode, distribution).isEqualTo(expected);
                assertThat(vs.sample(shape)).hasSize((int) shape.size());
                assertThat(vs.sampleDouble(shape)).hasSize((int) shape.size());
            }
        }
    }

    static Stream<Shape> fanBelowOneShapes() {
        return Stream.of(Shape.of(0, 5), Shape.of(5, 0), Shape.of(0, 0), Shape.of(1, 0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void badScaleIsRejectedNamingScaleAndValue(double scale) {
        assertThatThrownBy(() -> new VarianceScaling(scale, FanMode.FAN_IN, DistributionKind.UNIFORM,
                FanConvention.KERAS, SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale")
                .hasMessageContaining(String.valueOf(scale));
    }

    @Test
    void distributionNamesParseAsKerasDoes() {
        assertThat(kerasKind("Normal")).isEqualTo(DistributionKind.TRUNCATED_NORMAL);
        assertThat(kerasKind("normal")).isEqualTo(DistributionKind.TRUNCATED_NORMAL);
        assertThat(kerasKind("UNIFORM")).isEqualTo(DistributionKind.UNIFORM);
        assertThat(kerasKind("truncated_normal")).isEqualTo(DistributionKind.TRUNCATED_NORMAL);
        assertThat(kerasKind("Untruncated_Normal")).isEqualTo(DistributionKind.UNTRUNCATED_NORMAL);
        assertThatThrownBy(() -> kerasKind("bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad");
    }

    /** The kind Keras's VarianceScaling reads from a distribution name. */
    private static DistributionKind kerasKind(String name) {
        Catalogued vs = (Catalogued) Initializers.get("VarianceScaling", Map.of("distribution", name, "seed", 1L));
        return ((VarianceScaling) vs.family()).kind();
    }

    // ------------------------------------------------------------------ helpers

    /** At least {@link #MIN_ELEMENTS} float64 elements: whole tensors under keys derived from name. */
    static double[] collect(Initializer init, Shape shape, String name) {
        int size = shape.intSize();
        int tensors = (MIN_ELEMENTS + size - 1) / size;
        double[] x = new double[tensors * size];
        for (int t = 0; t < tensors; t++) {
            init.fill(shape, ROOT.derive(name + "/" + t), 0, x, t * size, size);
        }
        return x;
    }

    /** The CLT bounds on mean and standard deviation stated at {@link #Z}. */
    static void assertMoments(double[] x, double mu, double sigma) {
        int n = x.length;
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        assertThat(mean).as("mean of %d elements", n).isCloseTo(mu, within(Z * sigma / Math.sqrt(n)));
        assertThat(sd / sigma).as("sample std %s / %s", sd, sigma).isCloseTo(1.0, within(Z / Math.sqrt(2.0 * n)));
    }

    static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double min(double[] x) {
        return Arrays.stream(x).min().orElse(Double.NaN);
    }

    static double max(double[] x) {
        return Arrays.stream(x).max().orElse(Double.NaN);
    }

    static float min(float[] x) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    static float max(float[] x) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
