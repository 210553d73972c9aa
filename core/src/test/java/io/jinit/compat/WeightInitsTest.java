package io.jinit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.NumpyGolden;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import io.jinit.testing.ReadmeExample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WeightInits}, the layer initializations. NUMPY_LEGACY: every call of weightinits.json (written by
 * scripts/reference/weightinits_golden.py, which runs the seed-000 Python functions with numpy
 * 2.4.6 on glibc 2.36, x86-64 with FMA) gives the same arrays bit for bit (SHA-256 of every
 * weight and bias array, first and last 8 values). PHILOX: shapes, biases, the standard deviation
 * of every layer against its formula, reproducibility, layer independence and equality with the
 * catalogue initializer under the documented key. Both: the recommend() table, smartInit's use of
 * it, and bad input.
 *
 * <p>The false-alarm rate beside each statistical bound is for keys drawn at random; the keys
 * here are fixed, so the outcomes are too.
 */
class WeightInitsTest {
    private static final JsonNode GOLDEN = NumpyGolden.load("/io/jinit/compat/weightinits.json");
    /** Activations Python's smart_init names, or maps to Xavier as WeightInits does. */
    private static final Set<String> SAME_AS_PYTHON =
            Set.of("relu", "leaky_relu", "tanh", "sigmoid", "selu", "softmax", "linear");
    /**
     * The z-value of the CLT bounds: two-sided normal tail 5.7e-7 each; the sample standard
     * deviation s of n normals has sd(s)/σ ≈ 1/sqrt(2n), the mean sd σ/sqrt(n). About 40 bounds
     * in this class: false-alarm rate below 2.5e-5.
     */
    private static final double Z = 5;
    private static final int[] MNIST = {784, 128, 10};
    /** Layers large enough for tight standard-deviation bounds: 200,000, 10,000 and 1,000 weights. */
    private static final int[] WIDE = {1000, 200, 50, 20};

    // ---- NUMPY_LEGACY: the Python original's arrays ------------------------------------------

    static Stream<Named<JsonNode>> goldenCases() {
        List<Named<JsonNode>> out = new ArrayList<>();
        GOLDEN.get("cases").forEach(c -> out.add(Named.of(c.get("call").asText(), c)));
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void numpyLegacyEqualsPythonBitForBit(JsonNode c) {
        LayerWeights got = replay(WeightInits.numpyLegacy(), c);
        JsonNode layers = c.get("layers");
        assertThat(got.size()).isEqualTo(layers.size());
        for (int i = 0; i < got.size(); i++) {
            Layer layer = got.layer(i);
            JsonNode w = layers.get(i).get("weights");
            JsonNode b = layers.get(i).get("biases");
            assertThat(layer.weightShape()).isEqualTo(shape(w.get("shape")));
            assertThat(layer.biasShape()).isEqualTo(shape(b.get("shape")));
            assertThat(NumpyGolden.mismatch(w, layer.weights())).as("layer %d weights", i).isNull();
            assertThat(NumpyGolden.mismatch(b, layer.biases())).as("layer %d biases", i).isNull();
        }
    }

    @Test
    void goldenFileCoversEveryMethodShapeAndSeed() {
        Set<String> seen = new java.util.TreeSet<>();
        GOLDEN.get("cases").forEach(c -> seen.add(c.get("method").asText() + " " + c.get("dims") + " " + c.get("seed")));
        for (String m : List.of("he", "xavier", "selu", "random", "smart")) {
            for (String dims : List.of("[784,128,10]", "[3,5,2]")) {
                for (String seed : List.of("42", "0")) {
                    assertThat(seen).contains(m + " " + dims + " " + seed);
                }
            }
        }
    }

    @Test
    void numpyLegacyPublishedValues() {
        // he_init([784, 128, 10]) layer 0 is randn(784, 128) (torch_jax.md §6.4) times sqrt(2 / 784).
        Layer l0 = WeightInits.numpyLegacy().heInit(MNIST).layer(0);
        double s = Math.sqrt(2.0 / 784);
        assertThat(l0.weight(0, 0)).isEqualTo(0.4967141530112327 * s);
        assertThat(l0.weight(0, 3)).isEqualTo(1.5230298564080254 * s);
        assertThat(l0.weight(783, 127)).isEqualTo(1.3885900667626174 * s);
    }

    @Test
    void numpyLegacyHasTheFormulasStandardDeviation() {
        // Golden values never alone: the same arrays, checked against the formulas.
        LayerWeights he = WeightInits.numpyLegacy().heInit(WIDE, 3);
        LayerWeights xavier = WeightInits.numpyLegacy().xavierInit(WIDE, 3);
        LayerWeights lecun = WeightInits.numpyLegacy().seluInit(WIDE, 3);
        for (int i = 0; i + 1 < WIDE.length; i++) {
            assertStd(he.layer(i).weights(), Math.sqrt(2.0 / WIDE[i]));
            assertStd(xavier.layer(i).weights(), Math.sqrt(2.0 / (WIDE[i] + WIDE[i + 1])));
            assertStd(lecun.layer(i).weights(), Math.sqrt(1.0 / WIDE[i]));
        }
    }

    @Test
    void numpyLegacyStreamRunsThroughAllLayers() {
        // One np.random.seed, then randn per array in order: layer 1 continues layer 0's stream.
        LayerWeights r = WeightInits.numpyLegacy().randomInit(new int[] {3, 5, 2}, 1.0, 8);
        double[] z = io.jinit.compat.NumpyLegacy.seeded(8).standardNormal(15 + 5 + 10 + 2);
        assertThat(r.layer(0).weights()).containsExactly(Arrays.copyOfRange(z, 0, 15));
        double[] b0 = Arrays.copyOfRange(z, 15, 20);
        for (int j = 0; j < 5; j++) {
            b0[j] = b0[j] * (1.0 * 0.1);
        }
        assertThat(r.layer(0).biases()).containsExactly(b0);
        assertThat(r.layer(1).weights()).containsExactly(Arrays.copyOfRange(z, 20, 30));
    }

    @Test
    void numpyLegacySeedMustBeUint32() {
        for (long seed : new long[] {-1, 1L << 32}) {
            assertThatThrownBy(() -> WeightInits.numpyLegacy().heInit(MNIST, seed))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("seed must be between 0 and 2**32 - 1: " + seed);
        }
        assertThat(WeightInits.numpyLegacy().heInit(new int[] {2, 2}, 0xFFFF_FFFFL).size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"elu", "gelu", "swish", "silu", "mish"})
    void smartInitFollowsRecommendWherePythonFallsBackToXavier(String activation) {
        // Python's smart_init gives these Xavier (its catch-all); WeightInits gives them He, as
        // recommend() does. xavierInit still reproduces Python's smart_init arrays.
        WeightInits np = WeightInits.numpyLegacy();
        assertThat(np.smartInit(MNIST, activation, 42)).isEqualTo(np.heInit(MNIST, 42));
        JsonNode python = find("smart_init([784, 128, 10], '" + activation + "', 42)");
        LayerWeights xavier = np.xavierInit(MNIST, 42);
        for (int i = 0; i < xavier.size(); i++) {
            assertThat(NumpyGolden.mismatch(python.get("layers").get(i).get("weights"), xavier.layer(i).weights()))
                    .isNull();
        }
    }

    // ---- PHILOX: jinit's stream ----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void philoxShapesAndBiases(InitMethod method) {
        LayerWeights net = call(WeightInits.philox(), method, WIDE, 11);
        assertThat(net.dims()).containsExactly(WIDE);
        for (int i = 0; i < net.size(); i++) {
            Layer l = net.layer(i);
            assertThat(l.weightShape()).isEqualTo(Shape.of(WIDE[i], WIDE[i + 1]));
            assertThat(l.biasShape()).isEqualTo(Shape.of(1, WIDE[i + 1]));
            assertThat(l.weights()).hasSize(WIDE[i] * WIDE[i + 1]);
            if (method == InitMethod.RANDOM) {
                assertThat(l.biases()).doesNotContain(0.0);
            } else {
                assertThat(l.biases()).containsOnly(0.0);
            }
        }
    }

    @Test
    void philoxStandardDeviationsFollowTheFormulas() {
        WeightInits p = WeightInits.philox();
        LayerWeights he = p.heInit(WIDE, 5);
        LayerWeights xavier = p.xavierInit(WIDE, 5);
        LayerWeights lecun = p.seluInit(WIDE, 5);
        LayerWeights random = p.randomInit(WIDE, 0.3, 5);
        for (int i = 0; i + 1 < WIDE.length; i++) {
            int fanIn = WIDE[i];
            int fanOut = WIDE[i + 1];
            assertStd(he.layer(i).weights(), Math.sqrt(2.0 / fanIn));
            assertStd(xavier.layer(i).weights(), Math.sqrt(2.0 / (fanIn + fanOut)));
            assertStd(lecun.layer(i).weights(), 1.0 / Math.sqrt(fanIn));
            assertStd(random.layer(i).weights(), 0.3);
        }
        // Biases of randomInit: 1,000 + ... values at 0.03; pooled over layers, standardised.
        double[] pooled = random.biases().stream().flatMapToDouble(Arrays::stream).toArray();
        assertStd(pooled, 0.03);
    }

    @Test
    void philoxLayersUseTheCatalogueInitializerUnderTheDocumentedKey() {
        long seed = 1234;
        LayerWeights he = WeightInits.philox().heInit(MNIST, seed);
        LayerWeights xavier = WeightInits.philox().xavierInit(MNIST, seed);
        LayerWeights lecun = WeightInits.philox().seluInit(MNIST, seed);
        LayerWeights random = WeightInits.philox().randomInit(MNIST, 0.02, seed);
        for (int i = 0; i + 1 < MNIST.length; i++) {
            Shape shape = Shape.of(MNIST[i], MNIST[i + 1]);
            RandomKey key = RandomKey.of(seed).derive("layers." + i + ".weight");
            assertThat(he.layer(i).weights()).containsExactly(varianceScaling(2.0, "fan_in").sampleDouble(shape, key));
            assertThat(xavier.layer(i).weights())
                    .containsExactly(varianceScaling(1.0, "fan_avg").sampleDouble(shape, key));
            assertThat(lecun.layer(i).weights()).containsExactly(varianceScaling(1.0, "fan_in").sampleDouble(shape, key));
            Initializer normal = Initializers.get("random_normal", Map.of("stddev", 0.02, "seed", seed));
            assertThat(random.layer(i).weights()).containsExactly(normal.sampleDouble(shape, key));
            Initializer biasNormal = Initializers.get("random_normal", Map.of("stddev", 0.02 * 0.1, "seed", seed));
            assertThat(random.layer(i).biases()).containsExactly(biasNormal.sampleDouble(Shape.of(1, MNIST[i + 1]),
                    RandomKey.of(seed).derive("layers." + i + ".bias")));
        }
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void philoxIsReproducibleAndSeedSensitive(InitMethod method) {
        WeightInits p = WeightInits.philox();
        assertThat(call(p, method, MNIST, 7)).isEqualTo(call(p, method, MNIST, 7));
        assertThat(call(p, method, MNIST, 7).layer(0)).isNotEqualTo(call(p, method, MNIST, 8).layer(0));
        // Any long is a seed.
        assertThat(call(p, method, new int[] {4, 4}, -1).layer(0)).isEqualTo(call(p, method, new int[] {4, 4}, -1).layer(0));
    }

    @Test
    void philoxLayersAreIndependentOfEachOther() {
        WeightInits p = WeightInits.philox();
        // A layer depends on the seed, its index and its shape only: changing another layer
        // leaves it alone (not so under NUMPY_LEGACY, where the stream runs through all layers).
        LayerWeights a = p.heInit(new int[] {784, 128, 10}, 99);
        LayerWeights b = p.heInit(new int[] {784, 128, 64}, 99);
        LayerWeights c = p.heInit(new int[] {50, 128, 10}, 99);
        assertThat(b.layer(0)).isEqualTo(a.layer(0));
        assertThat(c.layer(1)).isEqualTo(a.layer(1));
        LayerWeights na = WeightInits.numpyLegacy().heInit(new int[] {784, 128, 10}, 99);
        LayerWeights nc = WeightInits.numpyLegacy().heInit(new int[] {50, 128, 10}, 99);
        assertThat(nc.layer(1)).isNotEqualTo(na.layer(1));

        // Same shape, different index: uncorrelated streams. |r| <= Z / sqrt(n).
        LayerWeights square = p.xavierInit(new int[] {300, 300, 300}, 99);
        double[] x = square.layer(0).weights();
        double[] y = square.layer(1).weights();
        assertThat(correlation(x, y)).isCloseTo(0.0, within(Z / Math.sqrt(x.length)));
    }

    // ---- recommend() and smartInit ----------------------------------------------------------

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("relu", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("leaky_relu", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("elu", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("gelu", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("swish", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("silu", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("mish", InitMethod.HE, "he_normal", 2.0, FanMode.FAN_IN),
                Arguments.of("tanh", InitMethod.XAVIER, "glorot_normal", 1.0, FanMode.FAN_AVG),
                Arguments.of("sigmoid", InitMethod.XAVIER, "glorot_normal", 1.0, FanMode.FAN_AVG),
                Arguments.of("softmax", InitMethod.XAVIER, "glorot_normal", 1.0, FanMode.FAN_AVG),
                Arguments.of("linear", InitMethod.XAVIER, "glorot_normal", 1.0, FanMode.FAN_AVG),
                Arguments.of("selu", InitMethod.LECUN, "lecun_normal", 1.0, FanMode.FAN_IN));
    }

    /** RANDOM's standard deviation is the caller's scale: it has no variance rule to read. */
    @Test
    void onlyTheVarianceScaledMethodsHaveAFanScaling() {
        assertThat(InitMethod.HE.fanScaling()).contains(new InitMethod.FanScaling(2.0, FanMode.FAN_IN));
        assertThat(InitMethod.XAVIER.fanScaling()).contains(new InitMethod.FanScaling(1.0, FanMode.FAN_AVG));
        assertThat(InitMethod.LECUN.fanScaling()).contains(new InitMethod.FanScaling(1.0, FanMode.FAN_IN));
        assertThat(InitMethod.RANDOM.fanScaling()).isEmpty();
        assertThatThrownBy(InitMethod.RANDOM::varianceScale).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RANDOM");
        assertThatThrownBy(InitMethod.RANDOM::mode).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RANDOM");
        assertThatThrownBy(() -> new InitMethod.FanScaling(0, FanMode.FAN_IN)).hasMessage("scale must be a finite "
                + "number > 0: 0.0");
        assertThat(InitMethod.LECUN.weightInitsMethod()).isEqualTo("seluInit");
    }

    @ParameterizedTest
    @MethodSource("table")
    void recommendTable(String activation, InitMethod method, String initializer, double scale, FanMode mode) {
        for (String spelling : List.of(activation, activation.toUpperCase(Locale.ROOT),
                activation.substring(0, 1).toUpperCase(Locale.ROOT) + activation.substring(1))) {
            Recommendation r = WeightInits.recommend(spelling);
            assertThat(r.activation()).isEqualTo(activation);
            assertThat(r.method()).isEqualTo(method);
            assertThat(r.initializer()).isEqualTo(initializer);
            assertThat(r.scale()).isEqualTo(scale);
            assertThat(r.method().mode()).isEqualTo(mode);
            assertThat(r.reason()).isNotBlank().doesNotContain("\n");
        }
        // The identifier names a catalogue initializer with the same variance (Keras truncates
        // at 2σ and rescales, so the standard deviation after the cut is WeightInits').
        Shape shape = Shape.of(1000, 200);
        double fan = mode == FanMode.FAN_IN ? 1000 : (1000 + 200) / 2.0;
        assertStd(Initializers.get(initializer, Map.of("seed", 1L)).sampleDouble(shape), Math.sqrt(scale / fan));
        assertThat(WeightInits.activations()).contains(activation);
    }

    @Test
    void recommendCoversExactlyTheSpecifiedActivations() {
        // the SPEC's list, and softplus, which the diagnosis engine runs
        assertThat(WeightInits.activations()).containsExactlyInAnyOrder("relu", "leaky_relu", "elu", "gelu", "swish",
                "silu", "mish", "softplus", "tanh", "sigmoid", "softmax", "selu", "linear");
        assertThat(WeightInits.recommend("swish").reason()).isEqualTo(WeightInits.recommend("silu").reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu6", "", "soft max", "hard_sigmoid", "leaky-relu"})
    void recommendRejectsUnknownActivations(String activation) {
        assertThatThrownBy(() -> WeightInits.recommend(activation))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("activation must be one of relu, leaky_relu,")
                .hasMessageEndingWith(": " + activation);
        assertThatThrownBy(() -> WeightInits.philox().smartInit(MNIST, activation, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": " + activation);
    }

    @Test
    void recommendRejectsNull() {
        assertThatThrownBy(() -> WeightInits.recommend(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": null");
    }

    @ParameterizedTest
    @MethodSource("activationsAndRngs")
    void smartInitAppliesTheRecommendedMethod(String activation, Rng rng) {
        WeightInits w = WeightInits.of(rng);
        assertThat(w.smartInit(new int[] {6, 5, 3}, activation, 17))
                .isEqualTo(call(w, WeightInits.recommend(activation).method(), new int[] {6, 5, 3}, 17));
    }

    static Stream<Arguments> activationsAndRngs() {
        return WeightInits.activations().stream()
                .flatMap(a -> Stream.of(Arguments.of(a, Rng.PHILOX), Arguments.of(a, Rng.NUMPY_LEGACY)));
    }

    @ParameterizedTest
    @EnumSource(Rng.class)
    void defaultsAreThePythonDefaults(Rng rng) {
        WeightInits w = WeightInits.of(rng);
        assertThat(w.rng()).isEqualTo(rng);
        assertThat(w.heInit(MNIST)).isEqualTo(w.heInit(MNIST, 42));
        assertThat(w.xavierInit(MNIST)).isEqualTo(w.xavierInit(MNIST, 42));
        assertThat(w.seluInit(MNIST)).isEqualTo(w.seluInit(MNIST, 42));
        assertThat(w.randomInit(MNIST)).isEqualTo(w.randomInit(MNIST, 0.01, 42));
        assertThat(w.smartInit(MNIST)).isEqualTo(w.heInit(MNIST, 42));
        assertThat(w.smartInit(MNIST, "tanh")).isEqualTo(w.xavierInit(MNIST, 42));
    }

    // ---- bad input ---------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Rng.class)
    void rejectsBadDims(Rng rng) {
        WeightInits w = WeightInits.of(rng);
        assertThatThrownBy(() -> w.heInit(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dims must not be null: null");
        assertThatThrownBy(() -> w.xavierInit(new int[0], 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dims must hold at least 2 sizes (input and output): []");
        assertThatThrownBy(() -> w.seluInit(new int[] {784}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dims must hold at least 2 sizes (input and output): [784]");
        assertThatThrownBy(() -> w.heInit(new int[] {784, 0, 10}, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dims[1] must be > 0: 0");
        assertThatThrownBy(() -> w.smartInit(new int[] {784, 128, -10}, "relu", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dims[2] must be > 0: -10");
        assertThatThrownBy(() -> w.randomInit(new int[] {-3, 5}, 0.1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dims[0] must be > 0: -3");
        assertThatThrownBy(() -> w.heInit(new int[] {10, 100_000, 100_000}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 has more weights than one array holds: dims[1] * dims[2] = 100000 * 100000");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectsBadScale(double scale) {
        for (Rng rng : Rng.values()) {
            assertThatThrownBy(() -> WeightInits.of(rng).randomInit(MNIST, scale, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("scale must be a finite number > 0: " + scale);
        }
    }

    @Test
    void rejectsNullRng() {
        assertThatThrownBy(() -> WeightInits.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rng must not be null: null");
    }

    // ---- Layer and LayerWeights -------------------------------------------------------------

    @Test
    void layersAreImmutableValues() {
        LayerWeights net = WeightInits.philox().randomInit(new int[] {3, 4, 2}, 0.5, 1);
        Layer l = net.layer(0);
        double[] w = l.weights();
        w[0] = 99;
        net.weights().get(0)[1] = 99;
        assertThat(l.weights()[0]).isNotEqualTo(99).isEqualTo(l.weight(0, 0));
        assertThat(l.weights()[1]).isNotEqualTo(99);
        double[][] rows = l.weightRows();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(rows[i][j]).isEqualTo(l.weight(i, j)).isEqualTo(l.weights()[i * 4 + j]);
            }
        }
        assertThat(l.bias(3)).isEqualTo(l.biases()[3]);
        assertThat(l.toString()).isEqualTo("Layer[weights=[3, 4], biases=[1, 4]]");
        assertThat(new Layer(3, 4, l.weights(), l.biases())).isEqualTo(l).hasSameHashCodeAs(l);
        assertThat(net.dims()).containsExactly(3, 4, 2);
        assertThatThrownBy(() -> l.weight(3, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("row must be in [0, 3): 3");
        assertThatThrownBy(() -> l.bias(-1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("col must be in [0, 4): -1");
    }

    @Test
    void layerAndLayerWeightsValidate() {
        assertThatThrownBy(() -> new Layer(2, 2, new double[3], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights must hold fanIn * fanOut = 4 values: 3 values");
        assertThatThrownBy(() -> new Layer(2, 2, new double[4], null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("biases must hold fanOut = 2 values: null");
        assertThatThrownBy(() -> new Layer(0, 2, new double[0], new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("fanIn must be > 0: 0");
        Layer a = new Layer(2, 3, new double[6], new double[3]);
        assertThatThrownBy(() -> new LayerWeights(List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers[1].fanIn must equal layers[0].fanOut = 3: 2");
        assertThatThrownBy(() -> new LayerWeights(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layers must hold at least one layer: []");
    }

    @Test
    void readmeExample() {
        // README example begins
        LayerWeights net = WeightInits.numpyLegacy().heInit(new int[] {784, 128, 10}, 42);
        double w = net.layer(0).weight(0, 0);                // == WeightInits.he_init([784, 128, 10])[0][0][0, 0]
        Recommendation r = WeightInits.recommend("tanh");    // XAVIER, "glorot_normal", and why
        LayerWeights same = WeightInits.philox().smartInit(new int[] {784, 128, 10}, "tanh", 42);
        // README example ends

        assertThat(w).isEqualTo(0.4967141530112327 * Math.sqrt(2.0 / 784));
        assertThat(r.method()).isEqualTo(InitMethod.XAVIER);
        assertThat(r.initializer()).isEqualTo("glorot_normal");
        assertThat(same).isEqualTo(WeightInits.philox().xavierInit(new int[] {784, 128, 10}, 42));
    }

    @Test
    void theReadmeShowsTheExampleVerbatim() {
        Path test = Path.of("src/test/java/io/jinit/compat/WeightInitsTest.java");
        assertThat(ReadmeExample.shownIn(Path.of("../README.md"), test)).as(ReadmeExample.in(test)).isTrue();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static LayerWeights replay(WeightInits w, JsonNode c) {
        int[] dims = new int[c.get("dims").size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = c.get("dims").get(i).asInt();
        }
        boolean defaults = c.get("seed").isNull();
        long seed = c.get("seed").asLong();
        switch (c.get("method").asText()) {
            case "he":
                return defaults ? w.heInit(dims) : w.heInit(dims, seed);
            case "xavier":
                return defaults ? w.xavierInit(dims) : w.xavierInit(dims, seed);
            case "selu":
                return defaults ? w.seluInit(dims) : w.seluInit(dims, seed);
            case "random":
                return defaults ? w.randomInit(dims) : w.randomInit(dims, c.get("scale").asDouble(), seed);
            case "smart":
                if (defaults) {
                    return w.smartInit(dims);
                }
                String activation = c.get("activation").asText();
                if (SAME_AS_PYTHON.contains(activation.toLowerCase(Locale.ROOT))) {
                    return w.smartInit(dims, activation, seed);
                }
                // Python falls back to Xavier here; see smartInitFollowsRecommendWherePythonFallsBackToXavier.
                return w.xavierInit(dims, seed);
            default:
                throw new IllegalArgumentException("unknown method in golden file: " + c.get("method"));
        }
    }

    private static LayerWeights call(WeightInits w, InitMethod method, int[] dims, long seed) {
        switch (method) {
            case HE:
                return w.heInit(dims, seed);
            case XAVIER:
                return w.xavierInit(dims, seed);
            case LECUN:
                return w.seluInit(dims, seed);
            case RANDOM:
                return w.randomInit(dims, 0.05, seed);
            default:
                throw new AssertionError(method);
        }
    }

    private static JsonNode find(String call) {
        for (JsonNode c : GOLDEN.get("cases")) {
            if (c.get("call").asText().equals(call)) {
                return c;
            }
        }
        throw new IllegalStateException("no golden case " + call);
    }

    private static Initializer varianceScaling(double scale, String mode) {
        return Initializers.get("variance_scaling",
                Map.of("scale", scale, "mode", mode, "distribution", "untruncated_normal", "seed", 1234L));
    }

    private static Shape shape(JsonNode dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i).asLong();
        }
        return Shape.copyOf(d);
    }

    /** Mean within Zσ/sqrt(n) of 0 and sample standard deviation within Z/sqrt(2n) of σ (relative). */
    private static void assertStd(double[] x, double sigma) {
        int n = x.length;
        double mean = Arrays.stream(x).average().orElseThrow();
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double s = Math.sqrt(ss / (n - 1));
        assertThat(mean).as("mean of %d values", n).isCloseTo(0.0, within(Z * sigma / Math.sqrt(n)));
        assertThat(s / sigma).as("s / sigma over %d values", n).isCloseTo(1.0, within(Z / Math.sqrt(2.0 * n)));
    }

    private static double correlation(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
