package io.jinit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.random.NumpyGolden;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The port of glibc's log: bit-exact on the 1,903 inputs of numpy_legacy.json's "log" section
 * (glibc 2.36 on x86-64 with FMA, through CPython's math.log), which include 300 inputs where
 * glibc's result is not the correctly rounded one, so a correctly rounded log would fail; the
 * special values; and within an ulp of fdlibm's {@link StrictMath#log} everywhere (both are
 * below 1 ulp from the exact value).
 */
class GlibcLogTest {

    @Test
    void equalsGlibcBitForBit() {
        JsonNode pairs = NumpyGolden.load("/io/jinit/random/numpy_legacy.json").get("log");
        assertThat(pairs.size()).isEqualTo(1903);
        int differsFromStrictMath = 0;
        for (JsonNode pair : pairs) {
            double x = NumpyGolden.fromBits(pair.get(0).asText());
            double want = NumpyGolden.fromBits(pair.get(1).asText());
            assertThat(NumpyGolden.bits(GlibcLog.log(x))).as("log(%s)", Double.toHexString(x))
                    .isEqualTo(pair.get(1).asText());
            if (StrictMath.log(x) != want) {
                differsFromStrictMath++;
            }
        }
        // The inputs are discriminating: fdlibm's log fails on many of them.
        assertThat(differsFromStrictMath).isGreaterThan(100);
    }

    @Test
    void specialValues() {
        assertThat(GlibcLog.log(0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GlibcLog.log(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(GlibcLog.log(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(GlibcLog.log(Double.NaN)).isNaN();
        assertThat(GlibcLog.log(-1.0)).isNaN();
        assertThat(GlibcLog.log(Double.NEGATIVE_INFINITY)).isNaN();
        assertThat(GlibcLog.log(-Double.MIN_VALUE)).isNaN();
        assertThat(Double.doubleToRawLongBits(GlibcLog.log(1.0))).as("+0.0").isZero();
        assertThat(GlibcLog.log(2.0)).isEqualTo(0.6931471805599453);
    }

    @Test
    void withinAnUlpOfStrictMath() {
        SplittableRandom r = new SplittableRandom(77);
        for (int i = 0; i < 200_000; i++) {
            double x;
            switch (i % 4) {
                case 0:
                    x = r.nextDouble();
                    break;
                case 1:
                    x = 1 + (2 * r.nextDouble() - 1) * 0.07;
                    break;
                case 2:
                    x = Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL);
                    break;
                default:
                    x = Double.longBitsToDouble(r.nextLong() & 0x000fffffffffffffL);
                    break;
            }
            if (x <= 0) {
                continue;
            }
            double want = StrictMath.log(x);
            assertThat(Math.abs(GlibcLog.log(x) - want)).as("log(%s)", Double.toHexString(x))
                    .isLessThanOrEqualTo(Math.ulp(want));
        }
    }
}
