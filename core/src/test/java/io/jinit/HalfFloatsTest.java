package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link HalfFloats} against a reference built from the definition of the formats only.
 *
 * <p>The reference lists every finite non-negative value of the format in increasing order,
 * computed from the sign/exponent/fraction definition, and one more entry, {@code 2^(emax+1)},
 * which stands for infinity: IEEE 754 rounds to infinity exactly the magnitudes that would round
 * to {@code 2^(emax+1)} with an unbounded exponent. A value rounds to the lower or upper
 * neighbour according to which side of their midpoint it lies (the midpoint of two such values
 * is a double, so the comparison is exact); on the midpoint it takes the neighbour whose last bit
 * is 0. This shares no code with the bit manipulation under test.
 *
 * <p>Coverage: float to bfloat16 and float to float16 are checked on <b>all 2<sup>32</sup> float
 * bit patterns</b> (each positive pattern and its negation; a few seconds on two cores). Double to
 * 16 bits cannot be exhaustive: it is checked on every value of the format, every midpoint and
 * the doubles adjacent to every midpoint (where a double rounding would show), and on a million
 * random doubles, against the same reference and, for a sample, against BigDecimal arithmetic.
 */
class HalfFloatsTest {

    /** The reference: a format's finite non-negative values, then 2^(emax+1) for infinity. */
    private static final class Format {
        final int p;
        final int bias;
        final int infinity;
        final double[] values;

        Format(int p, int exponentBits) {
            this.p = p;
            this.bias = (1 << (exponentBits - 1)) - 1;
            this.infinity = ((1 << exponentBits) - 1) << p;
            this.values = new double[infinity + 1];
            for (int bits = 0; bits < infinity; bits++) {
                int e = bits >>> p;
                int m = bits & ((1 << p) - 1);
                values[bits] = e == 0
                        ? Math.scalb((double) m, 1 - bias - p)
                        : Math.scalb((double) ((1 << p) + m), e - bias - p);
            }
            values[infinity] = Math.scalb(1.0, bias + 1);
        }

        /** Index of the greatest value <= x, for finite x >= 0. */
        int floor(double x) {
            int lo = 0;
            int hi = values.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (values[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return lo;
        }

        /** The reference rounding of finite x >= 0 given the floor index. */
        int round(double x, int floor) {
            if (floor == infinity) {
                return infinity;
            }
            double midpoint = (values[floor] + values[floor + 1]) / 2;
            if (x < midpoint) {
                return floor;
            }
            if (x > midpoint) {
                return floor + 1;
            }
            return (floor & 1) == 0 ? floor : floor + 1;
        }

        int round(double x) {
            int magnitude = round(Math.abs(x), floor(Math.abs(x)));
            return (Math.copySign(1.0, x) < 0 ? 0x8000 : 0) | magnitude;
        }
    }

    private static final Format F16 = new Format(10, 5);
    private static final Format BF16 = new Format(7, 8);

    @Test
    void bfloat16OfEveryFloat() {
        assertThat(exhaustiveMismatches(BF16, true)).isZero();
    }

    @Test
    void float16OfEveryFloat() {
        assertThat(exhaustiveMismatches(F16, false)).isZero();
    }

    /** Walks every positive finite float in increasing order beside a pointer into the reference. */
    private static long exhaustiveMismatches(Format format, boolean bfloat16) {
        int slices = 256;
        int positiveFinite = 0x7F80_0000;
        int per = positiveFinite / slices;
        return IntStream.range(0, slices).parallel().mapToLong(s -> {
            int start = s * per;
            int end = s == slices - 1 ? positiveFinite : start + per;
            int floor = format.floor(Float.intBitsToFloat(start));
            long bad = 0;
            for (int bits = start; bits < end; bits++) {
                float x = Float.intBitsToFloat(bits);
                while (floor < format.infinity && format.values[floor + 1] <= x) {
                    floor++;
                }
                int expected = format.round(x, floor);
                int positive = (bfloat16 ? HalfFloats.toBfloat16Bits(x) : HalfFloats.toFloat16Bits(x)) & 0xFFFF;
                int negative = (bfloat16 ? HalfFloats.toBfloat16Bits(-x) : HalfFloats.toFloat16Bits(-x)) & 0xFFFF;
                if (positive != expected || negative != (expected | 0x8000)) {
                    bad++;
                }
            }
            return bad;
        }).sum() + specialFloatMismatches(format, bfloat16);
    }

    /** Infinities and all 2 x (2^23 - 1) NaN patterns. */
    private static long specialFloatMismatches(Format format, boolean bfloat16) {
        long bad = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int fraction = 0; fraction < 1 << 23; fraction++) {
                int bits = sign << 31 | 0x7F80_0000 | fraction;
                float x = Float.intBitsToFloat(bits);
                int h = (bfloat16 ? HalfFloats.toBfloat16Bits(x) : HalfFloats.toFloat16Bits(x)) & 0xFFFF;
                int expected;
                if (fraction == 0) {
                    expected = sign << 15 | format.infinity;
                } else {
                    // Quiet NaN, same sign, leading payload bits kept.
                    expected = sign << 15 | format.infinity | 1 << (format.p - 1) | fraction >>> (23 - format.p);
                }
                if (h != expected) {
                    bad++;
                }
            }
        }
        return bad;
    }

    @Test
    void doubleAtEveryValueMidpointAndNeighbourOfMidpoint() {
        for (Format format : new Format[] {F16, BF16}) {
            for (int k = 0; k < format.infinity; k++) {
                double lo = format.values[k];
                double hi = format.values[k + 1];
                double midpoint = (lo + hi) / 2;
                int even = (k & 1) == 0 ? k : k + 1;
                for (double sign : new double[] {1, -1}) {
                    int s = sign < 0 ? 0x8000 : 0;
                    assertThat(bits(format, sign * lo)).as("value %s", lo).isEqualTo(s | k);
                    assertThat(bits(format, sign * midpoint)).as("midpoint %s", midpoint).isEqualTo(s | even);
                    assertThat(bits(format, sign * Math.nextUp(midpoint))).as("above %s", midpoint).isEqualTo(s | (k + 1));
                    assertThat(bits(format, sign * Math.nextDown(midpoint))).as("below %s", midpoint).isEqualTo(s | k);
                }
            }
            double max = format.values[format.infinity - 1];
            assertThat(bits(format, Double.MAX_VALUE)).isEqualTo(format.infinity);
            assertThat(bits(format, Double.POSITIVE_INFINITY)).isEqualTo(format.infinity);
            assertThat(bits(format, Double.NEGATIVE_INFINITY)).isEqualTo(0x8000 | format.infinity);
            assertThat(bits(format, Double.MIN_VALUE)).isEqualTo(0);
            assertThat(bits(format, -Double.MIN_VALUE)).isEqualTo(0x8000);
            assertThat(bits(format, -0.0)).isEqualTo(0x8000);
            assertThat(bits(format, max)).isEqualTo(format.infinity - 1);
        }
        assertThat(bits(F16, 65504.0)).isEqualTo(0x7BFF);
        assertThat(bits(F16, 65519.99999999999)).isEqualTo(0x7BFF);
        assertThat(bits(F16, 65520.0)).isEqualTo(0x7C00);
        assertThat(bits(F16, 0x1.0p-24)).isEqualTo(0x0001);
        assertThat(bits(F16, 0x1.0p-25)).isEqualTo(0x0000);
        assertThat(bits(F16, Math.nextUp(0x1.0p-25))).isEqualTo(0x0001);
        assertThat(bits(BF16, 0x1.0p-133)).isEqualTo(0x0001);
        assertThat(bits(BF16, 1.0)).isEqualTo(0x3F80);
    }

    @Test
    void doubleNaNIsQuietWithSignAndLeadingPayload() {
        long payload = 0x0002_BCDE_F012_3456L;
        double signalling = Double.longBitsToDouble(0x7FF0_0000_0000_0000L | payload);
        double negative = Double.longBitsToDouble(0xFFF0_0000_0000_0000L | payload);
        assertThat(HalfFloats.toFloat16Bits(signalling) & 0xFFFF).isEqualTo(0x7C00 | 0x200 | (int) (payload >>> 42));
        assertThat(HalfFloats.toBfloat16Bits(negative) & 0xFFFF).isEqualTo(0xFF80 | 0x40 | (int) (payload >>> 45));
        assertThat(HalfFloats.toFloat16Bits(Double.NaN) & 0xFFFF).isEqualTo(0x7E00);
        assertThat(HalfFloats.toBfloat16Bits(Double.NaN) & 0xFFFF).isEqualTo(0x7FC0);
    }

    @Test
    void doubleRandomAgainstReference() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int i = 0; i < 1_000_000; i++) {
            // Half the samples anywhere, half with exponents near the 16-bit ranges.
            double x = i % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong())
                    : Math.scalb(1 + random.nextDouble(), random.nextInt(-140, 130)) * (random.nextBoolean() ? 1 : -1);
            if (Double.isNaN(x)) {
                continue;
            }
            assertThat(bits(F16, x)).as("float16 of %s", x).isEqualTo(F16.round(x));
            assertThat(bits(BF16, x)).as("bfloat16 of %s", x).isEqualTo(BF16.round(x));
        }
    }

    @Test
    void bulkNarrowingEqualsOneAtATime() {
        // Every value, midpoint and neighbour of a midpoint of both formats (normal, subnormal,
        // the largest finite and the first overflow), then random doubles of every kind.
        SplittableRandom random = new SplittableRandom(99);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.longBitsToDouble(0xFFF0_0000_0000_0001L)};
        for (Format format : new Format[] {F16, BF16}) {
            double[] in = new double[4 * format.infinity + special.length + 200_000];
            int n = 0;
            for (int k = 0; k < format.infinity; k++) {
                double midpoint = (format.values[k] + format.values[k + 1]) / 2;
                double sign = (k & 1) == 0 ? 1 : -1;
                in[n++] = sign * format.values[k];
                in[n++] = sign * midpoint;
                in[n++] = sign * Math.nextUp(midpoint);
                in[n++] = sign * Math.nextDown(midpoint);
            }
            for (double x : special) {
                in[n++] = x;
            }
            while (n < in.length) {
                in[n++] = n % 2 == 0
                        ? Double.longBitsToDouble(random.nextLong())
                        : Math.scalb(1 + random.nextDouble(), random.nextInt(-150, 130)) * (random.nextBoolean() ? 1 : -1);
            }
            boolean bfloat16 = format == BF16;
            short[] out = new short[n];
            assertThat(HalfFloats.narrow(in, out, n, bfloat16)).as("some result is not finite").isTrue();
            for (int i = 0; i < n; i++) {
                short one = bfloat16 ? HalfFloats.toBfloat16Bits(in[i]) : HalfFloats.toFloat16Bits(in[i]);
                assertThat(out[i]).as("%s of %s", bfloat16 ? "bfloat16" : "float16", in[i]).isEqualTo(one);
            }
            // The values of the format alone, up to the largest finite one: every result finite.
            assertThat(HalfFloats.narrow(in, out, 4 * format.infinity - 4, bfloat16)).isFalse();
            double largest = format.values[format.infinity - 1];
            double midway = (largest + format.values[format.infinity]) / 2;
            assertThat(HalfFloats.narrow(new double[] {Math.nextDown(midway)}, out, 1, bfloat16)).isFalse();
            assertThat(HalfFloats.narrow(new double[] {midway}, out, 1, bfloat16)).isTrue();
            assertThat(out[0] & 0xFFFF).isEqualTo(format.infinity);
        }
    }

    @Test
    void doubleSampleAgainstBigDecimalNearest() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double x = Math.scalb(1 + random.nextDouble(), random.nextInt(-26, 16));
            int h = HalfFloats.toFloat16Bits(x) & 0xFFFF;
            BigDecimal exact = new BigDecimal(x);
            BigDecimal chosen = new BigDecimal(HalfFloats.float16BitsToFloat((short) h));
            for (int neighbour : new int[] {h - 1, h + 1}) {
                if (neighbour < 0 || neighbour >= 0x7C00) {
                    continue;
                }
                BigDecimal other = new BigDecimal(HalfFloats.float16BitsToFloat((short) neighbour));
                int cmp = exact.subtract(chosen).abs().compareTo(exact.subtract(other).abs());
                assertThat(cmp <= 0 && (cmp < 0 || (h & 1) == 0)).as("float16 of %s", x).isTrue();
            }
        }
    }

    @Test
    void doublePathRoundsOnceWhereThroughFloatWouldRoundTwice() {
        // Just above the midpoint of 1 and 1 + 2^-10: float rounds it down to the midpoint, and the
        // tie then goes to even (1.0); the double path sees it is above the midpoint.
        double x = 1 + 0x1.0p-11 + 0x1.0p-40;
        assertThat(HalfFloats.toFloat16Bits((float) x) & 0xFFFF).isEqualTo(0x3C00);
        assertThat(HalfFloats.toFloat16Bits(x) & 0xFFFF).isEqualTo(0x3C01);
        double y = 1 + 0x1.0p-8 + 0x1.0p-40;
        assertThat(HalfFloats.toBfloat16Bits((float) y) & 0xFFFF).isEqualTo(0x3F80);
        assertThat(HalfFloats.toBfloat16Bits(y) & 0xFFFF).isEqualTo(0x3F81);
    }

    @Test
    void wideningIsExactForEveryPattern() {
        for (int bits = 0; bits < 0x10000; bits++) {
            int magnitude = bits & 0x7FFF;
            double sign = (bits & 0x8000) != 0 ? -1 : 1;
            float h = HalfFloats.float16BitsToFloat((short) bits);
            float b = HalfFloats.bfloat16BitsToFloat((short) bits);
            assertThat(Float.floatToRawIntBits(b)).isEqualTo(bits << 16);
            if (magnitude < F16.infinity) {
                assertThat((double) h).isEqualTo(sign * F16.values[magnitude]);
                assertThat(HalfFloats.toFloat16Bits(h) & 0xFFFF).isEqualTo(bits);
                assertThat(HalfFloats.toFloat16Bits((double) h) & 0xFFFF).isEqualTo(bits);
            } else if (magnitude == F16.infinity) {
                assertThat((double) h).isEqualTo(sign * Double.POSITIVE_INFINITY);
            } else {
                assertThat(h).isNaN();
                assertThat(Float.floatToRawIntBits(h) & 0x1FFF).isZero();
                assertThat(Float.floatToRawIntBits(h) >>> 13 & 0x3FF).isEqualTo(bits & 0x3FF);
            }
            if (magnitude < BF16.infinity) {
                assertThat((double) b).isEqualTo(sign * BF16.values[magnitude]);
                assertThat(HalfFloats.toBfloat16Bits(b) & 0xFFFF).isEqualTo(bits);
            }
        }
    }

    private static int bits(Format format, double x) {
        return (format == F16 ? HalfFloats.toFloat16Bits(x) : HalfFloats.toBfloat16Bits(x)) & 0xFFFF;
    }
}
