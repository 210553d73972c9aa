package io.jinit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.random.RandomKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 fill of a truncated normal on a coarse float grid: far from zero, where floats are
 * 1/16 apart and neither bound is a float, many values lie in [low, high] but round to a float
 * outside it. Each float32 element must be its float64 element rounded to nearest and clamped
 * to the floats inside [low, high], the values near the edges must all be found by the
 * rejection pass, and the clamping must really occur. (The generic distribution suite does not
 * take such grids: with 64 floats in the interval its decile and distinctness checks do not
 * apply.)
 */
class TruncatedNormalFloat32Test {

    @ParameterizedTest(name = "N({0}, {1}) on [{2}, {3}]")
    @CsvSource({
        "1e6, 1, 999998.03, 1000002.03",
        "-1e6, 1, -1000002.03, -999998.03",
        "1e6, 0.5, 999999.49, 1000000.98",
        "0, 1, -2.0000001, 1.9999999"
    })
    void float32IsTheClampedRoundingOfFloat64(double mean, double sd, double low, double high) {
        TruncatedNormal t = new TruncatedNormal(mean, sd, low, high);
        assertThat(t.usesRejection()).isTrue();
        float lowF = (float) low < low ? Math.nextUp((float) low) : (float) low;
        float highF = (float) high > high ? Math.nextDown((float) high) : (float) high;
        RandomKey key = RandomKey.of(77).derive("coarse");
        int n = 1 << 17;
        float[] f = new float[n];
        double[] d = new double[n];
        t.fill(key, 0, f, 0, n);
        t.fill(key, 0, d, 0, n);
        int clamped = 0;
        for (int i = 0; i < n; i++) {
            assertThat(d[i]).isBetween(low, high);
            float rounded = (float) d[i];
            float expected = Math.max(lowF, Math.min(highF, rounded));
            if (expected != rounded) {
                clamped++;
            }
            if (Float.floatToRawIntBits(f[i]) != Float.floatToRawIntBits(expected)) {
                assertThat(f[i]).as("element %d: float64 %s", i, d[i]).isEqualTo(expected);
            }
        }
        if (Math.abs(mean) > 1) {
            assertThat(clamped).as("elements clamped").isPositive();
        }
    }
}
