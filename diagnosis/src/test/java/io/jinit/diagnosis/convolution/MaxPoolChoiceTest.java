package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.internal.Workers;
import org.junit.jupiter.api.Test;

/**
 * The input max pooling chooses in a window of equal values, of a NaN and of {@code -∞}: that of
 * torch's CPU kernel ({@code cpu_max_pool} in {@code aten/src/ATen/native/cpu/MaxPoolKernel.cpp},
 * read there: a row-major scan from the first in-bounds element, {@code maxval = -inf}, taking an
 * element when {@code val > maxval || isnan(val)}). The choice decides where the backward pass puts
 * the gradient, so each case is checked through the backward pass of a 3x3 plane under the stem's
 * pooling (kernel 3, stride 2, padding 1), whose four windows are rows and columns {0, 1} and
 * {1, 2}.
 */
class MaxPoolChoiceTest {
    private static final Workers ONE = new Workers(Runnable::run, 1);

    private static float[] gradientOfOnes(MaxPool2d pool, float[] plane) {
        FeatureMaps y = pool.forward(FeatureMaps.of(1, 1, 3, 3, plane), ONE);
        FeatureMaps ones = FeatureMaps.of(1, 1, 2, 2, new float[] {1, 1, 1, 1});
        assertThat(y.height).isEqualTo(2);
        return pool.backward(ones, ONE).toArray();
    }

    @Test
    void equalValuesGiveTheFirstOfEachWindow() {
        MaxPool2d pool = new MaxPool2d("maxpool", 3, 2, 1);
        // First in-bounds elements: (0, 0), (0, 1), (1, 0), (1, 1); the last would be (1, 1), (1, 2),
        // (2, 1), (2, 2).
        assertThat(gradientOfOnes(pool, new float[] {5, 5, 5, 5, 5, 5, 5, 5, 5}))
                .containsExactly(1, 1, 0, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void aNanWinsItsWindowsAndMinusInfinityKeepsTheFirst() {
        MaxPool2d pool = new MaxPool2d("maxpool", 3, 2, 1);
        float inf = Float.NEGATIVE_INFINITY;
        float[] plane = {inf, inf, inf, inf, Float.NaN, 2, inf, 3, inf};
        FeatureMaps y = pool.forward(FeatureMaps.of(1, 1, 3, 3, plane), ONE);
        // Every window holds (1, 1), the NaN.
        assertThat(y.toArray()).containsExactly(Float.NaN, Float.NaN, Float.NaN, Float.NaN);
        assertThat(gradientOfOnes(pool, plane)).containsExactly(0, 0, 0, 0, 4, 0, 0, 0, 0);
        float[] minus = {inf, inf, inf, inf, inf, inf, inf, inf, inf};
        assertThat(gradientOfOnes(pool, minus)).containsExactly(1, 1, 0, 1, 1, 0, 0, 0, 0);
    }
}
