package io.jinit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import io.jinit.HalfFloats;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One jinit initializer under one key, as DJL calls it: with a shape and a data type, no name. */
class JinitInitializerTest extends EngineTest {
    private static final RandomKey KEY = RandomKey.of(11).derive("head.weight");
    private static final Initializer HE = Initializers.get("he_normal", Map.of("fan_convention", "torch"));

    @Test
    void float32ArrayHoldsTheFillInCOrder() {
        try (NDArray array = JinitInitializer.of(HE, KEY).initialize(manager, new ai.djl.ndarray.types.Shape(16, 8, 3), DataType.FLOAT32)) {
            assertThat(array.getShape()).isEqualTo(new ai.djl.ndarray.types.Shape(16, 8, 3));
            assertThat(array.toFloatArray()).isEqualTo(HE.sample(Shape.of(16, 8, 3), KEY));
            // C order: element (i, j, k) is at i*24 + j*3 + k.
            assertThat(array.getFloat(2, 5, 1)).isEqualTo(HE.sample(Shape.of(16, 8, 3), KEY)[2 * 24 + 5 * 3 + 1]);
        }
    }

    @Test
    void float16ArrayHoldsJinitsFloat16Bits() {
        double[] fill = HE.sampleDouble(Shape.of(32, 32), KEY);
        try (NDArray f16 = JinitInitializer.of(HE, KEY).initialize(manager, new ai.djl.ndarray.types.Shape(32, 32),
                DataType.FLOAT16)) {
            assertThat(f16.getDataType()).isEqualTo(DataType.FLOAT16);
            ByteBuffer bytes = f16.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < fill.length; i++) {
                // Rounded once from the double, as jinit's float16 files hold it.
                assertThat(bytes.getShort(2 * i)).isEqualTo(HalfFloats.toFloat16Bits(fill[i]));
            }
        }
    }

    @Test
    void oneAdapterSharedByParametersOfOneShapeGivesThemTheSameValues() {
        // What the class documents: DJL hands an initializer no name, so one key serves one parameter.
        SequentialBlock mlp = Engines.mlp();
        mlp.setInitializer(JinitInitializer.of(HE, KEY), Parameter.Type.WEIGHT);
        mlp.initialize(manager, DataType.FLOAT32, new ai.djl.ndarray.types.Shape(2, 64));

        float[] first = mlp.getParameters().get("01Linear_weight").getArray().toFloatArray();
        float[] second = mlp.getParameters().get("03Linear_weight").getArray().toFloatArray();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> JinitInitializer.of(null, KEY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("init must not be null: null");
        assertThatThrownBy(() -> JinitInitializer.of(HE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("key must not be null: null");
    }

    @Test
    void exposesItsInitializerAndKey() {
        JinitInitializer adapter = JinitInitializer.of(HE, KEY);

        assertThat(adapter.initializer()).isSameAs(HE);
        assertThat(adapter.key()).isEqualTo(KEY);
        assertThat(adapter.toString()).contains(KEY.toString());
    }
}
