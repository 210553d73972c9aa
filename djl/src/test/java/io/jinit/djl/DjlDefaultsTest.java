package io.jinit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What DJL gives a {@code Linear} weight of 256 inputs and 512 outputs by itself, measured on the
 * engine, beside Glorot's variance 2 / (fan_in + fan_out) (Keras's default) and the variance of
 * PyTorch's default 1 / (3 fan_in).
 *
 * <p>Tolerance: over n = 131072 values the sample variance s<sup>2</sup> has relative standard
 * error sqrt((kurtosis - 1) / n): 0.0025 for a uniform (kurtosis 9/5), 0.0039 for a normal
 * (kurtosis 3). Each ratio is checked within 5 standard errors, where an unbiased generator fails
 * with probability below 10<sup>-6</sup>; the engine's generator is seeded, so a run is repeatable.
 */
class DjlDefaultsTest extends EngineTest {
    private static final int FAN_IN = 256;
    private static final int FAN_OUT = 512;
    private static final int N = FAN_IN * FAN_OUT;
    private static final double GLOROT_VARIANCE = 2.0 / (FAN_IN + FAN_OUT);
    private static final double TORCH_DEFAULT_VARIANCE = 1.0 / (3.0 * FAN_IN);
    private static final double UNIFORM_RELATIVE_SE = Math.sqrt((9.0 / 5 - 1) / N);
    private static final double NORMAL_RELATIVE_SE = Math.sqrt((3.0 - 1) / N);

    @Test
    void xavierInitializersOwnDefaultHasTwiceGlorotsVariance() {
        // new XavierInitializer() is (UNIFORM, AVG, magnitude 6): U(±sqrt(6 / ((in + out) / 2))),
        // variance 4 / (in + out), where Glorot's U(±sqrt(6 / (in + out))) has 2 / (in + out).
        double formula = 6.0 / ((FAN_IN + FAN_OUT) / 2.0) / 3.0;
        try (NDArray w = new XavierInitializer().initialize(manager, new ai.djl.ndarray.types.Shape(FAN_OUT, FAN_IN), DataType.FLOAT32)) {
            double variance = variance(w.toFloatArray());

            assertThat(variance / formula).isCloseTo(1.0, within(5 * UNIFORM_RELATIVE_SE));
            assertThat(variance / GLOROT_VARIANCE).isCloseTo(2.0, within(2 * 5 * UNIFORM_RELATIVE_SE));
        }
    }

    @Test
    void linearWeightsDefaultIsHeNormalWithThreeTimesGlorotsVariance() {
        // Parameter.Type.WEIGHT's initializer: XavierInitializer(GAUSSIAN, IN, 2), N(0, 2 / fan_in),
        // Kaiming's normal; for 256 -> 512 that is 3 times Glorot's and 6 times PyTorch's variance.
        Linear linear = Linear.builder().setUnits(FAN_OUT).build();
        linear.initialize(manager, DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, FAN_IN));
        Parameter weight = linear.getParameters().get("weight");
        double variance = variance(weight.getArray().toFloatArray());

        assertThat(weight.getArray().getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(FAN_OUT, FAN_IN));
        assertThat(variance / (2.0 / FAN_IN)).isCloseTo(1.0, within(5 * NORMAL_RELATIVE_SE));
        assertThat(variance / GLOROT_VARIANCE).isCloseTo(3.0, within(3 * 5 * NORMAL_RELATIVE_SE));
        assertThat(variance / TORCH_DEFAULT_VARIANCE).isCloseTo(6.0, within(6 * 5 * NORMAL_RELATIVE_SE));
        assertThat(linear.getParameters().get("bias").getArray().toFloatArray()).containsOnly(0f);
    }

    @Test
    void presetsGiveKerassAndPyTorchsVariances() {
        // The same weight through jinit: Glorot's variance under KERAS, 1 / (3 fan_in) under PYTORCH.
        Shape shape = Shape.of(FAN_OUT, FAN_IN);
        RandomKey key = RandomKey.of(2024).derive("weight");
        float[] keras = Initializers.get("glorot_uniform", Map.of("fan_convention", "torch")).sample(shape, key);
        float[] torch = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5))).sample(shape, key);

        assertThat(variance(keras) / GLOROT_VARIANCE).isCloseTo(1.0, within(5 * UNIFORM_RELATIVE_SE));
        assertThat(variance(torch) / TORCH_DEFAULT_VARIANCE).isCloseTo(1.0, within(5 * UNIFORM_RELATIVE_SE));
    }

    private static double variance(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (values.length - 1);
    }
}
