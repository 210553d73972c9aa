package io.jinit.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fans for ranks 0..5 under every convention, with each framework's rank-0/1 rule. */
class FanConventionTest {

    static Stream<Arguments> table() {
        return Stream.of(
                // shape, KERAS (in, out), TORCH (in, out) or null for an error. TORCH reads (out, in, k...):
                // (2, 3, 4) -> in 3*4, out 2*4; (3, 3, 16, 32) -> in 3*512, out 3*512.
                Arguments.of(Shape.scalar(), new Fans(1, 1), null),
                Arguments.of(Shape.of(7), new Fans(7, 7), null),
                Arguments.of(Shape.of(3, 4), new Fans(3, 4), new Fans(4, 3)),
                Arguments.of(Shape.of(2, 3, 4), new Fans(6, 8), new Fans(12, 8)),
                Arguments.of(Shape.of(3, 3, 16, 32), new Fans(144, 288), new Fans(3 * 512, 3 * 512)),
                Arguments.of(Shape.of(2, 3, 3, 4, 5), new Fans(72, 90), new Fans(3 * 60, 2 * 60)));
    }

    @ParameterizedTest
    @MethodSource("table")
    void kerasAndTorch(Shape shape, Fans keras, Fans torch) {
        assertThat(FanConvention.KERAS.fans(shape)).isEqualTo(keras);
        if (torch == null) {
            assertThatThrownBy(() -> FanConvention.TORCH.fans(shape)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(shape.toString());
        } else {
            assertThat(FanConvention.TORCH.fans(shape)).isEqualTo(torch);
        }
    }

    /** The conv kernel TensorFlow Java gets wrong: (3, 3, 16, 32) has fans (144, 288), not (2304, 4608). */
    @Test
    void kerasConvKernel() {
        assertThat(FanConvention.KERAS.fans(Shape.of(3, 3, 16, 32))).isEqualTo(new Fans(144, 288));
        assertThat(FanConvention.TORCH.fans(Shape.of(32, 16, 3, 3))).isEqualTo(new Fans(144, 288));
    }

    @Test
    void kerasAxes() {
        Shape mha = Shape.of(512, 8, 64);
        assertThat(FanConvention.kerasAxes(List.of(0), List.of(1, 2)).fans(mha)).isEqualTo(new Fans(512, 512));
        assertThat(FanConvention.kerasAxes(List.of(0, 1), List.of(2)).fans(mha)).isEqualTo(new Fans(4096, 64));
        assertThat(FanConvention.kerasAxes(List.of(-1), List.of(0)).fans(Shape.of(4, 5, 6))).isEqualTo(new Fans(6, 4));
        assertThat(FanConvention.kerasAxes(List.of(), List.of()).fans(mha)).isEqualTo(new Fans(1, 1));
        assertThatThrownBy(() -> FanConvention.kerasAxes(List.of(3), List.of(0)).fans(mha))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }

    /** JAX's {@code _compute_fans}, including Flax Embed's trick of naming axis 0 twice. */
    @Test
    void jaxAxes() {
        FanConvention jaxDefault = FanConvention.jaxAxes(List.of(-2), List.of(-1), List.of());
        assertThat(jaxDefault.fans(Shape.of(3, 3, 16, 32))).isEqualTo(new Fans(144, 288));
        FanConvention batched = FanConvention.jaxAxes(List.of(1), List.of(2), List.of(0));
        assertThat(batched.fans(Shape.of(10, 3, 4))).isEqualTo(new Fans(3, 4));
        FanConvention embed = FanConvention.jaxAxes(List.of(-2), List.of(0), List.of());
        assertThat(embed.fans(Shape.of(10, 3)).fanIn()).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void modes() {
        Fans f = new Fans(400, 300);
        assertThat(f.select(FanMode.FAN_IN)).isEqualTo(400);
        assertThat(f.select(FanMode.FAN_OUT)).isEqualTo(300);
        assertThat(f.select(FanMode.FAN_AVG)).isEqualTo(350);
        assertThat(f.select(FanMode.FAN_GEO_AVG)).isEqualTo(Math.sqrt(120000));
        assertThat(FanMode.parse("fan_avg")).isEqualTo(FanMode.FAN_AVG);
        assertThatThrownBy(() -> FanMode.parse("FAN_IN")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": FAN_IN");
    }
}
