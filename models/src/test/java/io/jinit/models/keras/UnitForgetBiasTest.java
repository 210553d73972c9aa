package io.jinit.models.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LSTM bias with a unit forget bias: its gates, range fills that agree with the whole, its config. */
class UnitForgetBiasTest {
    private static final Shape SHAPE = Shape.of(20);
    private static final RandomKey KEY = RandomKey.of(5).derive("lstm/lstm_cell/bias");

    @Test
    void forgetGateIsOnesAndTheOtherGatesAreTheInitializersTensors() {
        NamedInitializer normal = Initializers.get("RandomNormal", Map.of("stddev", 0.5, "seed", KEY.asLong()));
        double[] bias = new UnitForgetBias(5, normal).sampleDouble(SHAPE, KEY);
        double[] input = normal.sampleDouble(Shape.of(5), KEY);
        double[] rest = normal.sampleDouble(Shape.of(10), KEY);
        for (int i = 0; i < 20; i++) {
            double expected = i < 5 ? input[i] : i < 10 ? 1.0 : rest[i - 10];
            assertThat(bias[i]).as("element %d", i).isEqualTo(expected);
        }
        double[] zeros = new UnitForgetBias(5, Initializers.get("zeros")).sampleDouble(SHAPE, KEY);
        for (int i = 0; i < 20; i++) {
            assertThat(zeros[i]).as("element %d", i).isEqualTo(i >= 5 && i < 10 ? 1.0 : 0.0);
        }
    }

    @Test
    void rangesAgreeWithTheWholeFill() {
        UnitForgetBias init = new UnitForgetBias(5, Initializers.get("RandomUniform", Map.of("seed", 3)));
        float[] whole = init.sample(SHAPE, KEY);
        for (int[] range : new int[][] {{0, 20}, {3, 4}, {4, 9}, {7, 1}, {9, 11}, {12, 8}}) {
            float[] part = new float[range[1] + 1];
            init.fill(SHAPE, KEY, range[0], part, 1, range[1]);
            for (int j = 0; j < range[1]; j++) {
                assertThat(part[1 + j]).as("from %d, element %d", range[0], j).isEqualTo(whole[range[0] + j]);
            }
        }
    }

    @Test
    void configReadsBackOnceRegistered() {
        UnitForgetBias init = new UnitForgetBias(5, Initializers.get("RandomNormal", Map.of("seed", 11)));
        Map<String, Object> unregistered = Initializers.serialize(init);
        assertThat(unregistered).containsEntry("class_name", "UnitForgetBias").containsEntry("registered_name", null);
        UnitForgetBias.register();
        try {
            Map<String, Object> dict = Initializers.serialize(init);
            assertThat(dict).containsEntry("registered_name", "jinit.models.keras>UnitForgetBias");
            Initializer again = Initializers.deserialize(unregistered);
            assertThat(again.sample(SHAPE)).isEqualTo(init.sample(SHAPE));
            assertThat(again.key()).isEqualTo(RandomKey.of(11));
        } finally {
            Initializers.unregister(UnitForgetBias.CLASS_NAME);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new UnitForgetBias(0, Initializers.get("zeros")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("units must be a positive integer: 0");
        UnitForgetBias init = new UnitForgetBias(4, Initializers.get("zeros"));
        assertThatThrownBy(() -> init.sample(SHAPE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape of an LSTM bias with 4 units must be [16]: [20]");
    }
}
