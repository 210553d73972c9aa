package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.compat.InitMethod;
import io.jinit.compat.LayerStream;
import io.jinit.compat.WeightInits;
import io.jinit.init.Constant;
import io.jinit.init.DistributionKind;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ModelSpec#ofLayers}: the seed-000 layers as a spec, its one NumPy-legacy stream, and the
 * torch layout.
 */
class LayerSpecTest {
    private static final int[] DIMS = {6, 5, 3};
    private static final long SEED = 42;

    @Test
    void torchLayoutIsTheStateDictOfSequentialLinears() {
        ModelSpec spec = ModelSpec.ofLayers(WeightInits.philox().stream(InitMethod.XAVIER, DIMS, SEED),
                ModelSpec.Layout.TORCH, DType.FLOAT32, false);
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name)
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::shape)
                .containsExactly(Shape.of(5, 6), Shape.of(5), Shape.of(3, 5), Shape.of(3));
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::dtype).containsOnly(DType.FLOAT32);
        assertThat(spec.metadata()).containsExactly(entry("jinit.rng", "philox"),
                entry("jinit.method", "xavier"),
                entry("jinit.layers", "6,5,3"),
                entry("jinit.layout", "torch"));
        assertThat(spec.seed()).isEqualTo(SEED);
    }

    @ParameterizedTest
    @EnumSource(InitMethod.class)
    void torchWeightsAreTheMethodsInitializerReadInTorchFansUnderTheirOwnNamesKeys(InitMethod method) {
        int[] dims = {300, 200, 10};
        LayerStream stream = method == InitMethod.RANDOM ? WeightInits.philox().randomStream(dims, 0.5, SEED)
                : WeightInits.philox().stream(method, dims, SEED);
        List<TensorSource> tensors = ModelSpec.ofLayers(stream, ModelSpec.Layout.TORCH, DType.FLOAT64, false)
                .tensors(ParallelFill.sequential());
        RandomKey root = RandomKey.of(SEED);
        for (int layer = 0; layer < 2; layer++) {
            int in = dims[layer];
            int out = dims[layer + 1];
            String weight = 2 * layer + ".weight";
            String bias = 2 * layer + ".bias";
            RandomKey weightKey = root.derive(weight);
            Initializer expectedWeight = method == InitMethod.RANDOM
                    ? KerasCatalogue.randomNormal(0.0, 0.5, weightKey.asLong())
                    : KerasCatalogue.varianceScaling(method.varianceScale(), method.mode(),
                            DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, weightKey.asLong());
            Initializer expectedBias = method == InitMethod.RANDOM
                    ? KerasCatalogue.randomNormal(0.0, 0.05, root.derive(bias).asLong())
                    : KerasCatalogue.zeros();
            TensorSource w = tensors.get(2 * layer);
            TensorSource b = tensors.get(2 * layer + 1);
            assertThat(values(w)).containsExactly(expectedWeight.sampleDouble(Shape.of(out, in), weightKey));
            assertThat(values(b)).containsExactly(expectedBias.sampleDouble(Shape.of(out), root.derive(bias)));
            // The recorded dict alone gives the tensor again.
            assertThat(w.metadata().get("jinit.init." + weight))
                    .isEqualTo(InitializedTensor.configJson(expectedWeight, weightKey));
            // (out, in) read in torch's convention has the fans of the Keras layout's (in, out).
            assertThat(FanConvention.TORCH.fans(w.shape())).isEqualTo(FanConvention.KERAS.fans(Shape.of(in, out)));
        }
    }

    @Test
    void torchLayoutWeightsHaveTheMethodsStandardDeviation() {
        // He on 400 inputs: sigma = sqrt(2 / 400). The sample standard deviation of n normals has a
        // relative standard error of 1 / sqrt(2n) (0.0018 for n = 160,000); 5 of them bound it with
        // a false-alarm rate below 1e-6.
        int[] dims = {400, 400};
        TensorSource w = ModelSpec.ofLayers(WeightInits.philox().stream(InitMethod.HE, dims, SEED),
                ModelSpec.Layout.TORCH, DType.FLOAT64, false).tensors(ParallelFill.sequential()).get(0);
        double[] v = values(w);
        double sum = 0;
        double squares = 0;
        for (double x : v) {
            sum += x;
            squares += x * x;
        }
        double mean = sum / v.length;
        double std = Math.sqrt(squares / v.length - mean * mean);
        double sigma = Math.sqrt(2.0 / 400);
        assertThat(std).isCloseTo(sigma, within(5 * sigma / Math.sqrt(2.0 * v.length)));
        assertThat(mean).isCloseTo(0.0, within(5 * sigma / Math.sqrt(v.length)));
    }

    @Test
    void torchLayoutRefusesTheNumpyLegacyStream() {
        LayerStream numpy = WeightInits.numpyLegacy().stream(InitMethod.HE, DIMS, SEED);
        assertThatThrownBy(() -> ModelSpec.ofLayers(numpy, ModelSpec.Layout.TORCH, DType.FLOAT32, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layout torch").hasMessageContaining("numpy-legacy");
        assertThatThrownBy(() -> ModelSpec.ofLayers(numpy, null, DType.FLOAT32, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layout must not be null: null");
    }

    @Test
    void kerasLayoutIsTheDefault() {
        LayerStream stream = WeightInits.philox().stream(InitMethod.HE, DIMS, SEED);
        assertThat(ModelSpec.ofLayers(stream, DType.FLOAT32, false))
                .isEqualTo(ModelSpec.ofLayers(stream, ModelSpec.Layout.KERAS, DType.FLOAT32, false));
        assertThat(ModelSpec.Layout.KERAS).hasToString("keras");
        assertThat(ModelSpec.Layout.TORCH).hasToString("torch");
    }

    private static double[] values(TensorSource t) {
        double[] v = new double[(int) t.shape().size()];
        t.fill(0, v, 0, v.length);
        return v;
    }

    @Test
    void numpyLegacyWeightsTakeTheSharedStreamAndZeroBiasesTheirInitializer() {
        ModelSpec spec = ModelSpec.ofLayers(WeightInits.numpyLegacy().stream(InitMethod.HE, DIMS, 42),
                DType.FLOAT64, false);
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name)
                .containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
        assertThat(spec.parameters()).extracting(p -> p.values() instanceof ModelSpec.Drawn).containsExactly(true, false, true, false);
        assertThat(spec.metadata()).containsExactly(entry("jinit.rng", "numpy-legacy"),
                entry("jinit.method", "he"),
                entry("jinit.layers", "6,5,3"),
                entry("jinit.layout", "keras"));
        // The spec's tensors give WeightInits's values: the stream continues through the layers.
        double[][] expected = {
            WeightInits.numpyLegacy().heInit(DIMS, 42).layer(0).weights(),
            WeightInits.numpyLegacy().heInit(DIMS, 42).layer(1).weights()};
        List<TensorSource> tensors = spec.tensors(ParallelFill.sequential());
        for (int layer = 0; layer < 2; layer++) {
            TensorSource w = tensors.get(2 * layer);
            double[] values = new double[(int) w.shape().size()];
            w.fill(0, values, 0, values.length);
            assertThat(values).containsExactly(expected[layer]);
            assertThat(w.metadata()).doesNotContainKey("jinit.init." + w.name());
            assertThat(tensors.get(2 * layer + 1).metadata()).containsKey("jinit.init." + tensors.get(2 * layer + 1).name());
        }
    }

    @Test
    void parameterHoldsItsValuesAndAWritableDtype() {
        assertThatThrownBy(() -> new ModelSpec.Parameter("w", Shape.of(2), null, DType.FLOAT32, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initializer and key must not be null: null, null");
        assertThatThrownBy(() -> new ModelSpec.Parameter("w", Shape.of(2), DType.FLOAT32, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("values of w must not be null: null");
        assertThatThrownBy(() -> new ModelSpec.Parameter("w", Shape.of(2), new Constant(1), DType.INT8,
                RandomKey.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dtype of w must be one of [float32, float64, bfloat16, float16]: int8");
        assertThat(DType.ofWritableName("bfloat16")).contains(DType.BFLOAT16);
        assertThat(DType.ofWritableName("int8")).isEmpty();
        assertThat(DType.ofWritableName("FLOAT32")).isEmpty();
    }
}
