package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.internal.Workers;
import org.junit.jupiter.api.Test;

/**
 * A 3x3 convolution of a 4x4 image with padding 1, then batch normalization, worked out by hand.
 * The image is {@code x(r, c) = 4r + c + 1} (1 .. 16) and the kernel has two taps,
 * {@code w(0, 0) = 1} and {@code w(2, 2) = 2}, so that a cross-correlation (torch's convolution)
 * and a flipped kernel give different outputs:
 * <pre>
 *   y(r, c) = x(r - 1, c - 1) + 2 x(r + 1, c + 1)          (0 outside the image)
 *
 *   y = 12  14  16   0          e.g. y(1, 1) = x(0, 0) + 2 x(2, 2) = 1 + 2·11 = 23
 *       20  23  26   3               y(0, 3) = 0 + 2 x(1, 4) = 0     (both taps outside)
 *       28  35  38   7
 *        0   9  10  11
 * </pre>
 * Σy = 252 and Σy² = 6014 over the 16 values, so batch normalization sees μ = 15.75 and the biased
 * variance σ² = 6014/16 - 15.75² = 127.8125; with γ = 2 and β = 0.5 its output is
 * {@code 2 (y - 15.75) / sqrt(127.8125 + 1e-5) + 0.5}.
 */
class HandComputedConvolutionTest {
    private static final Workers ONE = new Workers(Runnable::run, 1);

    private static final float[] EXPECTED_CONVOLUTION = {
        12, 14, 16, 0,
        20, 23, 26, 3,
        28, 35, 38, 7,
        0, 9, 10, 11,
    };

    @Test
    void convolutionThenBatchNorm() {
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) {
            image[i] = i + 1;
        }
        float[] kernel = new float[9];
        kernel[0] = 1;
        kernel[8] = 2;
        Conv2d conv = new Conv2d("conv", 1, 1, 3, 1, 1, (name, shape) -> kernel);
        BatchNorm2d bn = new BatchNorm2d("bn", 1,
                (name, shape) -> new float[] {name.endsWith("weight") ? 2.0f : 0.5f});

        FeatureMaps y = conv.forward(FeatureMaps.of(1, 1, 4, 4, image), ONE);
        // Every product and sum is a small integer: exact in float32.
        assertThat(y.toArray()).containsExactly(EXPECTED_CONVOLUTION);

        float[] z = bn.forward(y, ONE).toArray();
        double std = Math.sqrt(127.8125 + 1e-5);
        for (int i = 0; i < 16; i++) {
            // Within the float32 rounding of the output, |z| <= 6.
            assertThat((double) z[i]).isCloseTo(2 * (EXPECTED_CONVOLUTION[i] - 15.75) / std + 0.5, within(1e-6));
        }
    }
}
