package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The padded embedding's normal: the padding row zero in every range fill, the rest normal_'s, and its config. */
class PaddingRowNormalTest {
    private static final Shape SHAPE = Shape.of(7, 10);
    private static final RandomKey KEY = RandomKey.of(99).derive("embed");

    @Test
    void rangesAgreeWithTheWholeFill() {
        PaddingRowNormal init = new PaddingRowNormal(0.5, 2.0, 2, KEY.asLong());
        double[] whole = init.sampleDouble(SHAPE, KEY);
        double[] normal = Initializers.get("normal_", Map.of("mean", 0.5, "std", 2.0)).sampleDouble(SHAPE, KEY);
        for (int i = 0; i < whole.length; i++) {
            assertThat(whole[i]).as("element %d", i).isEqualTo(i >= 20 && i < 30 ? 0.0 : normal[i]);
        }
        // ranges that start, end or lie inside the padding row
        for (int[] range : new int[][] {{0, 25}, {25, 45}, {22, 3}, {15, 20}, {30, 40}}) {
            double[] part = new double[range[1] + 2];
            init.fill(SHAPE, KEY, range[0], part, 2, range[1]);
            for (int j = 0; j < range[1]; j++) {
                assertThat(part[2 + j]).as("from %d, element %d", range[0], j).isEqualTo(whole[range[0] + j]);
            }
            float[] floats = new float[range[1]];
            init.fill(SHAPE, KEY, range[0], floats, 0, range[1]);
            for (int j = 0; j < range[1]; j++) {
                boolean padding = range[0] + j >= 20 && range[0] + j < 30;
                assertThat(floats[j] == 0f).as("from %d, element %d", range[0], j).isEqualTo(padding);
            }
        }
    }

    @Test
    void configReadsBackOnceRegistered() {
        PaddingRowNormal.register();
        PaddingRowNormal init = new PaddingRowNormal(0.0, 0.02, 5, 1234);
        Map<String, Object> dict = Initializers.serialize(init);
        assertThat(dict).containsEntry("class_name", "PaddingRowNormal")
                .containsEntry("registered_name", "jinit.models.hf>PaddingRowNormal");
        Initializer again = Initializers.deserialize(dict);
        assertThat(again).isEqualTo(init);
        assertThat(again.sample(SHAPE)).isEqualTo(init.sample(SHAPE, RandomKey.of(1234)));
    }

    @Test
    void badRowsAreRefused() {
        assertThatThrownBy(() -> new PaddingRowNormal(0, 1, -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("padding_idx must be >= 0: -1");
        PaddingRowNormal init = new PaddingRowNormal(0, 1, 7, 0);
        assertThatThrownBy(() -> init.sample(SHAPE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("padding_idx 7 needs a rank-2 shape with more rows: [7, 10]");
    }

    @Test
    void aConfigTakesNormalsDefaultsAndRefusesUnknownKeys() {
        PaddingRowNormal.register();
        assertThat(Initializers.get("PaddingRowNormal", Map.of("padding_idx", 2, "seed", 4)))
                .isEqualTo(new PaddingRowNormal(0.0, 1.0, 2, 4));
        assertThatThrownBy(() -> Initializers.get("PaddingRowNormal", Map.of("seed", 4)))
                .hasMessage("padding_idx of PaddingRowNormal is required: none given");
        assertThatThrownBy(() -> Initializers.get("PaddingRowNormal", Map.of("padding_idx", 2, "stddev", 0.1)))
                .hasMessageContaining("unknown config key for PaddingRowNormal: stddev=0.1");
    }
}
