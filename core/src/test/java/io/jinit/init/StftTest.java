package io.jinit.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.catalogue.Catalogued;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.init.Stft.Scaling;
import io.jinit.init.Stft.Side;
import io.jinit.init.Stft.Window;
import io.jinit.internal.Windows;
import io.jinit.parity.Fixtures;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * STFT against Keras 3.15.1 (golden values from scripts/reference/keras_reference.py, numpy
 * backend, float32, SciPy 1.17.1; see keras.json "version" and "scipy_version"), beside property
 * tests that need no golden values.
 */
class StftTest {

    /**
     * Largest |ours - Keras| on any fixture element. Keras computes in float32 and its angle
     * {@code (-2n)(k/N)π} carries a float32 π and a few roundings, a relative error of about
     * 2e-7, so its values are off by about {@code 2e-7 · 2πnk/N · |w[n]/s|}: that is the
     * per-element bound below. The largest deviation seen is 1.997e-6, on the unwindowed
     * (16, 1, 9) kernel at n = 13, k = 7, where 2πnk/N = 35.7.
     */
    private static final double KERAS_TOLERANCE = 3e-6;

    /** Float32 rounding allowance of the per-element bound: a few ulps of values up to 1. */
    private static final double KERAS_ULPS = 4 * 0x1p-24;

    /** Relative float32 error of Keras's angle; 1.07e-7 is the largest seen. */
    private static final double KERAS_ANGLE_ERROR = 2.5e-7;

    private static final Map<String, Object> KERAS = Fixtures.loadMap("keras.json");

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fixture(String key) {
        return (List<Map<String, Object>>) KERAS.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Shape shape(Object dims) {
        List<?> list = (List<?>) dims;
        long[] d = new long[list.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) list.get(i)).longValue();
        }
        return Shape.copyOf(d);
    }

    private static double[] doubles(Object values) {
        return ((List<?>) values).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Test
    void matchesEveryKerasFixture() {
        List<Map<String, Object>> entries = fixture("stft");
        assertThat(entries).hasSizeGreaterThan(40);
        double maxDeviation = 0;
        for (Map<String, Object> entry : entries) {
            Stft stft = fromConfig(map(entry.get("kwargs")));
            Shape asked = shape(entry.get("shape"));
            Shape built = shape(entry.get("output_shape"));
            if (!asked.equals(built)) {
                // Keras ignores input_channels; this class refuses rather than reshapes.
                assertThat(asked.dim(1)).isGreaterThan(1);
                assertThatThrownBy(() -> stft.sample(asked))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("input_channels must be 1");
            }
            double[] expected = doubles(entry.get("values"));
            float[] actual = stft.sample(built);
            assertThat(actual).as("%s %s", entry.get("kwargs"), built).hasSameSizeAs(expected);
            // |w[n] / s| is the modulus of the complex basis element (see basisHasUnitModulusTimesTheWindow).
            double[] re = stft.withSide(Side.REAL).sampleDouble(built);
            double[] im = stft.withSide(Side.IMAG).sampleDouble(built);
            long bins = built.dim(2);
            for (int i = 0; i < actual.length; i++) {
                double angle = 2 * Math.PI * (i / bins) * (i % bins) / (2 * (bins - 1));
                double bound = KERAS_ULPS + KERAS_ANGLE_ERROR * angle * Math.hypot(re[i], im[i]);
                double deviation = Math.abs(actual[i] - expected[i]);
                assertThat(deviation).as("%s %s element %d", entry.get("kwargs"), built, i)
                        .isLessThanOrEqualTo(Math.min(bound, KERAS_TOLERANCE));
                maxDeviation = Math.max(maxDeviation, deviation);
            }
        }
        // The float32 noise is real, and it is small.
        assertThat(maxDeviation).isBetween(1e-6, KERAS_TOLERANCE);
    }

    @Test
    void kerasGoldenValuesOfTheReferenceSpecification() {
        // keras.md §3.4: STFT("real", "hann", "density", False) on (4, 1, 3). The symmetric
        // hann(4) is [0, .75, .75, 0], s = sqrt(9/8), .75 / s = 1/√2.
        double c = Math.sqrt(0.5);
        assertThat(Stft.keras().sampleDouble(Shape.of(4, 1, 3))).containsExactly(
                new double[] {0, 0, 0, c, 0, -c, c, -c, c, 0, 0, 0}, within(1e-15));
        assertThat(Stft.keras().sample(Shape.of(4, 1, 3))).containsExactly(
                new float[] {0, 0, 0, 0.7071068f, -3.09e-08f, -0.7071068f, 0.7071068f, -0.7071068f, 0.7071068f, 0, 0, -0f},
                within(1e-7f));
        // STFT("imag", "hann", "density", True): the periodic hann(4) is [0, .5, 1, .5],
        // s = sqrt(3/2), .5 / s = 1/√6, and -sin(2πnk/4) is 0 or ±1.
        double d = 1 / Math.sqrt(6);
        Stft imag = new Stft(Side.IMAG, Window.named("hann"), Scaling.DENSITY, true);
        assertThat(imag.sampleDouble(Shape.of(4, 1, 3))).containsExactly(
                new double[] {0, 0, 0, 0, -d, 0, 0, 0, 0, 0, d, 0}, within(1e-15));
        assertThat(imag.sample(Shape.of(4, 1, 3))).containsExactly(
                new float[] {0, 0, 0, 0, -0.40824828f, 0, 0, 0, 0, 0, 0.40824828f, 0}, within(2e-7f));
    }

    @Test
    void kerasTestSuiteCasesOnShape256By513() {
        // keras/src/initializers/constant_initializers_test.py, test_stft_initializer, with the
        // reference in double: args = 2π n k / 1024. Keras's own check uses atol 1e-4 in float32.
        Shape shape = Shape.of(256, 1, 513);
        double[] hamming = Windows.get("hamming", 256, true);
        double[] tukey = Windows.get("tukey", 256, false);
        double tukeyNorm = Math.sqrt(Arrays.stream(tukey).map(v -> v * v).sum());
        double[] ramp = new double[256];
        for (int n = 0; n < 256; n++) {
            ramp[n] = n + 1;
        }
        double rampSum = 256 * 257 / 2.0;
        double[] plain = new Stft(Side.REAL, Window.NONE, Scaling.DENSITY, false).sampleDouble(shape);
        double[] hammed = new Stft(Side.REAL, Window.named("hamming"), Scaling.NONE, true).sampleDouble(shape);
        double[] tukeyed = new Stft(Side.IMAG, Window.named("tukey"), Scaling.DENSITY, false).sampleDouble(shape);
        double[] ramped = new Stft(Side.IMAG, Window.of(ramp), Scaling.SPECTRUM, false).sampleDouble(shape);
        double[] worst = new double[4];
        for (int n = 0; n < 256; n++) {
            for (int k = 0; k < 513; k++) {
                int e = n * 513 + k;
                double arg = 2 * Math.PI * n * k / 1024;
                double cos = StrictMath.cos(arg);
                double sin = -StrictMath.sin(arg);
                worst[0] = Math.max(worst[0], Math.abs(plain[e] - cos));
                worst[1] = Math.max(worst[1], Math.abs(hammed[e] - cos * hamming[n]));
                worst[2] = Math.max(worst[2], Math.abs(tukeyed[e] - sin * tukey[n] / tukeyNorm));
                worst[3] = Math.max(worst[3], Math.abs(ramped[e] - sin * ramp[n] / rampSum));
            }
        }
        // The direct argument 2πnk/1024 (up to about 800) is itself off by up to about 1e-13.
        for (double d : worst) {
            assertThat(d).isLessThan(1e-12);
        }
    }

    @Test
    void float32IsTheFloat64ValueRounded() {
        Shape shape = Shape.of(12, 1, 7);
        for (String name : Windows.names()) {
            for (boolean periodic : new boolean[] {false, true}) {
                for (Side side : Side.values()) {
                    Stft stft = new Stft(side, Window.named(name), Scaling.SPECTRUM, periodic);
                    double[] wide = stft.sampleDouble(shape);
                    float[] narrow = stft.sample(shape);
                    for (int i = 0; i < wide.length; i++) {
                        assertThat(narrow[i]).isEqualTo((float) wide[i]);
                    }
                }
            }
        }
    }

    @Test
    void everyRangeFillEqualsTheSameRangeOfTheWholeFill() {
        Shape shape = Shape.of(6, 1, 4);
        List<Stft> stfts = List.of(
                Stft.keras(),
                new Stft(Side.IMAG, Window.named("blackman"), Scaling.SPECTRUM, true),
                new Stft(Side.REAL, Window.of(1, -2, 3, -4, 5, -6), Scaling.NONE, false),
                new Stft(Side.IMAG, Window.NONE, Scaling.DENSITY, false));
        for (Stft stft : stfts) {
            float[] whole = stft.sample(shape);
            double[] wholeDouble = stft.sampleDouble(shape);
            for (int from = 0; from <= whole.length; from++) {
                for (int length = 0; from + length <= whole.length; length++) {
                    float[] part = new float[length + 3];
                    double[] partDouble = new double[length + 3];
                    stft.fill(shape, RandomKey.of(99), from, part, 2, length);
                    stft.fill(shape, RandomKey.of(99), from, partDouble, 2, length);
                    assertThat(Arrays.copyOfRange(part, 2, 2 + length))
                            .containsExactly(Arrays.copyOfRange(whole, from, from + length));
                    assertThat(Arrays.copyOfRange(partDouble, 2, 2 + length))
                            .containsExactly(Arrays.copyOfRange(wholeDouble, from, from + length));
                    assertThat(part[0]).isZero();
                    assertThat(part[length + 2]).isZero();
                }
            }
        }
    }

    @Test
    void largeIndicesKeepFullAccuracy() {
        // Element (4095, 0, 2048) of a (4096, 1, 2049) kernel: 2π · 4095 · 2048 / 4096 = 4095π.
        Shape shape = Shape.of(4096, 1, 2049);
        Stft real = new Stft(Side.REAL, Window.NONE, Scaling.NONE, false);
        Stft imag = real.withSide(Side.IMAG);
        long last = shape.size() - 1;
        double[] out = new double[2];
        real.fill(shape, real.key(), last - 1, out, 0, 2);
        // k = 2047: 2π · 4095 · 2047 / 4096 = 2π · (2047 - 2047/4096), cos(2π · 2047/4096) exactly reduced.
        assertThat(out[0]).isEqualTo(StrictMath.cos(2 * Math.PI * 2047 / 4096));
        assertThat(out[1]).isEqualTo(-1.0);
        imag.fill(shape, imag.key(), last, out, 0, 1);
        assertThat(out[0]).isEqualTo(-0.0);
    }

    @Test
    void basisHasUnitModulusTimesTheWindow() {
        // real² + imag² = (w[n] / s)² for every k: a property that needs no golden values.
        Shape shape = Shape.of(20, 1, 11);
        for (String name : List.of("hann", "flattop", "taylor", "exponential")) {
            Stft real = new Stft(Side.REAL, Window.named(name), Scaling.DENSITY, true);
            double[] re = real.sampleDouble(shape);
            double[] im = real.withSide(Side.IMAG).sampleDouble(shape);
            double[] w = Windows.get(name, 20, true);
            double s = Math.sqrt(Arrays.stream(w).map(v -> v * v).sum());
            for (int n = 0; n < 20; n++) {
                for (int k = 0; k < 11; k++) {
                    int e = n * 11 + k;
                    double modulus = Math.sqrt(re[e] * re[e] + im[e] * im[e]);
                    assertThat(modulus).isCloseTo(Math.abs(w[n] / s), within(1e-15));
                }
            }
        }
    }

    @Test
    void dcAndNyquistColumnsAreExact() {
        // k = 0: cos = 1, sin = 0; k = F - 1 = N/2: cos(πn) = (-1)^n, sin(πn) = 0.
        Shape shape = Shape.of(9, 1, 5);
        double[] re = new Stft(Side.REAL, Window.NONE, Scaling.DENSITY, false).sampleDouble(shape);
        double[] im = new Stft(Side.IMAG, Window.NONE, Scaling.DENSITY, false).sampleDouble(shape);
        for (int n = 0; n < 9; n++) {
            assertThat(re[n * 5]).isEqualTo(1.0);
            assertThat(re[n * 5 + 4]).isEqualTo(n % 2 == 0 ? 1.0 : -1.0);
            assertThat(Math.abs(im[n * 5])).isZero();
            assertThat(Math.abs(im[n * 5 + 4])).isZero();
        }
    }

    @Test
    void noWindowMeansNoScalingAndNoneScalingKeepsTheWindow() {
        Shape shape = Shape.of(5, 1, 3);
        Stft none = new Stft(Side.REAL, Window.NONE, Scaling.DENSITY, false);
        assertThat(none.sampleDouble(shape)).containsExactly(none.withScaling(Scaling.SPECTRUM).sampleDouble(shape));
        assertThat(none.sampleDouble(shape)).containsExactly(none.withScaling(Scaling.NONE).sampleDouble(shape));
        double[] unscaled = new Stft(Side.REAL, Window.of(2, 2, 2, 2, 2), Scaling.NONE, false).sampleDouble(shape);
        double[] plain = none.sampleDouble(shape);
        for (int i = 0; i < plain.length; i++) {
            assertThat(unscaled[i]).isEqualTo(2 * plain[i]);
        }
        // An all-zero window without scaling is a zero kernel, not an error.
        for (double v : Stft.keras().withScaling(Scaling.NONE).sampleDouble(Shape.of(2, 1, 3))) {
            assertThat(Math.abs(v)).isZero();
        }
    }

    @Test
    void explicitWindowsOfExtremeMagnitudeAreNormalisedExactly() {
        // Σ w² would overflow (1e200) or underflow (1e-200) if it were summed as it is.
        Shape shape = Shape.of(2, 1, 2);
        double[] expected = new Stft(Side.REAL, Window.of(3, 4), Scaling.DENSITY, false).sampleDouble(shape);
        assertThat(new Stft(Side.REAL, Window.of(3e200, 4e200), Scaling.DENSITY, false).sampleDouble(shape))
                .containsExactly(expected, within(1e-16));
        assertThat(new Stft(Side.REAL, Window.of(3e-200, 4e-200), Scaling.DENSITY, false).sampleDouble(shape))
                .containsExactly(expected, within(1e-16));
        assertThat(expected).containsExactly(0.6, 0.6, 0.8, -0.8);
    }

    @Test
    void emptyShapesGiveEmptyTensors() {
        assertThat(new Stft(Side.REAL, Window.NONE, Scaling.DENSITY, false).sample(Shape.of(0, 1, 5))).isEmpty();
        assertThat(Stft.keras().sample(Shape.of(4, 1, 0))).isEmpty();
        assertThat(new Stft(Side.REAL, Window.of(), Scaling.NONE, false).sample(Shape.of(0, 1, 3))).isEmpty();
    }

    @Test
    void configIsKerasGetConfigInKerasOrder() {
        Map<String, Object> config = config(Stft.keras());
        assertThat(config.keySet()).containsExactly("side", "window", "periodic", "scaling");
        assertThat(config).containsEntry("side", "real").containsEntry("window", "hann")
                .containsEntry("periodic", false).containsEntry("scaling", "density");
        assertThatThrownBy(() -> config.put("side", "imag")).isInstanceOf(UnsupportedOperationException.class);

        Map<String, Object> none = config(new Stft(Side.IMAG, Window.NONE, Scaling.NONE, true));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("side", "imag");
        expected.put("window", null);
        expected.put("periodic", true);
        expected.put("scaling", null);
        assertThat(none).isEqualTo(expected);
        assertThat(config(new Stft(Side.REAL, Window.of(1, 2.5), Scaling.SPECTRUM, false)))
                .containsEntry("window", List.of(1.0, 2.5));
        // An alias stays an alias, as in Keras.
        assertThat(config(Stft.keras().withWindow(Window.named("han")))).containsEntry("window", "han");
    }

    @Test
    void configRoundTrips() {
        List<Stft> stfts = List.of(
                Stft.keras(),
                new Stft(Side.IMAG, Window.named("tuk"), Scaling.SPECTRUM, true),
                new Stft(Side.REAL, Window.of(0.25, 1, 0.25), Scaling.NONE, false),
                new Stft(Side.IMAG, Window.NONE, Scaling.DENSITY, true),
                new Stft(Side.REAL, Window.NONE, Scaling.NONE, false));
        for (Stft stft : stfts) {
            Stft revived = fromConfig(config(stft));
            assertThat(revived).isEqualTo(stft).hasSameHashCodeAs(stft);
            assertThat(config(revived)).isEqualTo(config(stft));
        }
    }

    @Test
    void serializedConfigsOfKeras() {
        List<Map<String, Object>> stftEntries = new ArrayList<>();
        for (Map<String, Object> entry : fixture("serialized_with_params")) {
            if ("STFT".equals(entry.get("class_name"))) {
                stftEntries.add(entry);
            }
        }
        assertThat(stftEntries).isNotEmpty();
        for (Map<String, Object> entry : stftEntries) {
            Map<String, Object> serialized = map(entry.get("serialized"));
            Stft fromKwargs = fromConfig(map(entry.get("kwargs")));
            Catalogued named = KerasCatalogue.stft(fromKwargs);
            assertThat(named.className()).isEqualTo(serialized.get("class_name"));
            assertThat(named.module()).isEqualTo(serialized.get("module"));
            assertThat(named.config()).isEqualTo(serialized.get("config"));
            assertThat(fromConfig(map(serialized.get("config")))).isEqualTo(fromKwargs);
        }
    }

    @Test
    void fromConfigDefaultsAreKeras() {
        assertThat(fromConfig(Map.of())).isEqualTo(Stft.keras());
        assertThat(Stft.keras()).isEqualTo(new Stft(Side.REAL, Window.named("hann"), Scaling.DENSITY, false));
        // Integers in a list window, as Python writes them, become doubles.
        assertThat(fromConfig(Map.of("window", List.of(1L, 2, 3.5))).window()).isEqualTo(Window.of(1, 2, 3.5));
    }

    @Test
    void constructErrorsAreKerasMessages() {
        int checked = 0;
        for (Map<String, Object> entry : fixture("construct_errors")) {
            if ("STFT".equals(entry.get("class_name"))) {
                assertThatThrownBy(() -> fromConfig(map(entry.get("kwargs"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage((String) entry.get("message"));
                checked++;
            }
        }
        // side "imaginary" and "Real", scaling "l2", window "unknown" and "kaiser".
        assertThat(checked).isEqualTo(5);
    }

    @Test
    void configIsCheckedInKerasOrder() {
        Map<String, Object> config = new HashMap<>(Map.of("side", "imaginary", "window", "unknown", "scaling", "l2"));
        assertThatThrownBy(() -> fromConfig(config)).hasMessageContaining("side should be");
        config.remove("side");
        assertThatThrownBy(() -> fromConfig(config)).hasMessageContaining("Invalid window name 'unknown'");
        config.remove("window");
        assertThatThrownBy(() -> fromConfig(config)).hasMessageContaining("Received scaling=l2");
    }

    @Test
    void malformedConfigsNameTheKeyAndValue() {
        assertThatThrownBy(() -> fromConfig(Map.of("sides", "real")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown STFT config key 'sides' (expected one of [side, window, periodic, scaling]): real");
        assertThatThrownBy(() -> fromConfig(Map.of("side", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("side should be 'real' or 'imag', not 5");
        assertThatThrownBy(() -> fromConfig(Map.of("window", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must be a window name, a list of numbers or null: 5 (java.lang.Integer)");
        assertThatThrownBy(() -> fromConfig(Map.of("window", List.of(1, "a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window values must be numbers: value 1 is a");
        assertThatThrownBy(() -> fromConfig(Map.of("window", List.of(1, Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window values must be finite: value 1 is NaN");
        assertThatThrownBy(() -> fromConfig(Map.of("periodic", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("periodic must be a boolean: yes");
        assertThatThrownBy(() -> fromConfig(Map.of("scaling", 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("Received scaling=2");
        assertThatThrownBy(() -> fromConfig(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config must not be null: null");
    }

    @Test
    void nullComponentsAreRejected() {
        assertThatThrownBy(() -> new Stft(null, Window.NONE, Scaling.NONE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("side must not be null");
        assertThatThrownBy(() -> new Stft(Side.REAL, null, Scaling.NONE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("window must not be null");
        assertThatThrownBy(() -> new Stft(Side.REAL, Window.NONE, null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scaling must not be null");
        assertThatThrownBy(() -> Window.of((double[]) null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window values must not be null: null");
        assertThatThrownBy(() -> Window.of(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window values must be finite: value 1 is Infinity");
        assertThatThrownBy(() -> Window.named("kaiser"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'kaiser' must have parameters, but window='kaiser'!");
    }

    @Test
    void shapeErrorsNameTheShape() {
        Stft stft = Stft.keras();
        // keras.json "call_errors": Keras fails to unpack (8, 3).
        assertThatThrownBy(() -> stft.sample(Shape.of(8, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STFT shape must have rank 3, (frame_length, input_channels, fft_length): [8, 3]");
        assertThatThrownBy(() -> stft.sample(Shape.of(8, 1, 3, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("[8, 1, 3, 1]");
        assertThatThrownBy(() -> stft.sample(Shape.of(8, 3, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STFT input_channels must be 1")
                .hasMessageEndingWith(": 3 in shape [8, 3, 5]");
        assertThatThrownBy(() -> stft.sample(Shape.of(8, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STFT fft_length must not be 1")
                .hasMessageEndingWith(": 1 in shape [8, 1, 1]");
        assertThatThrownBy(() -> stft.sample(Shape.of(0, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STFT frame_length must be in [1, ")
                .hasMessageEndingWith("for window 'hann': 0 in shape [0, 1, 3]");
    }

    @Test
    void explicitWindowOfTheWrongLengthNamesBothLengths() {
        Stft stft = new Stft(Side.IMAG, Window.of(1, 2, 3), Scaling.SPECTRUM, false);
        assertThatThrownBy(() -> stft.sample(Shape.of(8, 1, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STFT window has 3 values but frame_length is 8 in shape [8, 1, 5]");
    }

    @Test
    void zeroNormWindowsAreRejectedInsteadOfNaN() {
        // The symmetric hann(2) is [0, 0]: Keras divides 0 by 0.
        assertThatThrownBy(() -> Stft.keras().sample(Shape.of(2, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("STFT window 'hann' is all zeros at frame_length 2, so its density norm is 0"
                        + " and Keras would return NaN: shape [2, 1, 3]");
        assertThatThrownBy(() -> new Stft(Side.REAL, Window.of(0, 0, 0), Scaling.SPECTRUM, false).sample(Shape.of(3, 1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STFT window of explicit values is all zeros at frame_length 3, so its spectrum norm");
        // sinc(±1) = 0 exactly here; SciPy's rounding noise (3.9e-17) would let Keras scale it up.
        assertThatThrownBy(() -> Stft.keras().withWindow(Window.named("lanczos")).sample(Shape.of(2, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("STFT window 'lanczos' is all zeros at frame_length 2");
        // The periodic hann(2) is [0, 1]: fine, row 1 is cos(2π k / 4).
        assertThat(Stft.keras().withPeriodic(true).sample(Shape.of(2, 1, 3))).containsExactly(0, 0, 0, 1, 0, -1);
    }

    @Test
    void rangeErrors() {
        Stft stft = Stft.keras();
        Shape shape = Shape.of(4, 1, 3);
        assertThatThrownBy(() -> stft.fill(shape, stft.key(), 10, new float[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("element range [10, 14) exceeds the 12 elements of shape [4, 1, 3]");
        assertThatThrownBy(() -> stft.fill(shape, stft.key(), -1, new double[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("from must be >= 0: -1");
        assertThatThrownBy(() -> stft.fill(shape, stft.key(), 0, new float[4], 2, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("offset and length must lie within");
        assertThatThrownBy(() -> stft.fill(shape, stft.key(), 0, (float[]) null, 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("out must not be null: null");
    }

    @Test
    void identity() {
        Stft stft = new Stft(Side.IMAG, Window.named("hamming"), Scaling.SPECTRUM, true);
        assertThat(KerasCatalogue.stft(stft).className()).isEqualTo("STFT");
        assertThat(KerasCatalogue.stft(stft).module()).isEqualTo("keras.initializers");
        assertThat(stft.key()).isEqualTo(RandomKey.of(0));
        assertThat(stft.isElementwise()).isTrue();
        assertThat(stft.toString()).isEqualTo(
                "Stft[side=IMAG, window=Named[name=hamming], scaling=SPECTRUM, periodic=true]");
        // Deterministic: keys are ignored.
        assertThat(stft.sample(Shape.of(5, 1, 4), RandomKey.of(7))).containsExactly(stft.sample(Shape.of(5, 1, 4)));
        assertThat(Stft.keras().withSide(Side.IMAG).withWindow(Window.named("hamming")).withScaling(Scaling.SPECTRUM)
                .withPeriodic(true)).isEqualTo(stft);
    }

    /** The family Keras's STFT codec reads from a config. */
    @SuppressWarnings("unchecked")
    private static Stft fromConfig(Map<?, ?> config) {
        return (Stft) KerasCatalogue.stft((Map<String, Object>) config).family();
    }

    /** The config Keras's STFT codec writes for a family. */
    private static Map<String, Object> config(Stft stft) {
        return KerasCatalogue.stft(stft).config();
    }
}
