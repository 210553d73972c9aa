package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.jinit.ParallelFill;
import io.jinit.compat.InitMethod;
import io.jinit.compat.WeightInits;
import io.jinit.init.Constant;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ModelSpec#ofLayers}: the seed-000 layers as a spec, and its one NumPy-legacy stream. */
class LayerSpecTest {
    private static final int[] DIMS = {6, 5, 3};

    @Test
    void numpyLegacyWeightsTakeTheSharedStreamAndZeroBiasesTheirInitializer() {
        ModelSpec spec = ModelSpec.ofLayers(WeightInits.numpyLegacy().stream(InitMethod.HE, DIMS, 42),
                DType.FLOAT64, false);
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name)
                .containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
        assertThat(spec.parameters()).extracting(p -> p.values() instanceof ModelSpec.Drawn).containsExactly(true, false, true, false);
        assertThat(spec.metadata()).containsExactly(entry("jinit.rng", "numpy-legacy"),
                entry("jinit.method", "he"),
                entry("jinit.layers", "6,5,3"));
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
