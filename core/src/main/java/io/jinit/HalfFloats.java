package io.jinit;

/**
 * Exact conversions between binary64/binary32 and the two 16-bit floating-point formats,
 * IEEE 754 binary16 ({@code float16}, numpy {@code '<f2'}, safetensors {@code "F16"}) and
 * bfloat16 (safetensors {@code "BF16"}; no numpy dtype).
 *
 * <pre>
 *   format     sign  exponent  fraction  bias  max finite              min subnormal
 *   binary16   1     5         10        15    65504 = (2 - 2^-10)·2^15   2^-24
 *   bfloat16   1     8         7         127   (2 - 2^-7)·2^127         2^-133
 * </pre>
 *
 * <p>Narrowing ({@code toFloat16Bits}, {@code toBfloat16Bits}) follows IEEE 754-2019 §4.3.1,
 * roundTiesToEven, with a single rounding from the argument's exact value: a {@code double}
 * is not first rounded to {@code float}, which would round twice and differ from the correctly
 * rounded result for some arguments. Magnitudes at least {@code max + ulp(max)/2} round to
 * infinity (§7.4), everything smaller to a finite value; results below the normal range are
 * correctly rounded subnormals or a zero of the argument's sign. A NaN gives a quiet NaN of the
 * same sign that keeps the leading fraction bits of the argument's payload; infinities and
 * signed zeros are kept.
 *
 * <p>Widening ({@code float16BitsToFloat}, {@code bfloat16BitsToFloat}) is exact: every 16-bit
 * value is a float. NaN payloads are kept.
 *
 * <p>References:
 * <ol>
 * <li>IEEE (2019) <a href="https://doi.org/10.1109/IEEESTD.2019.8766229">IEEE Standard for
 * Floating-Point Arithmetic</a>. IEEE Std 754-2019.</li>
 * <li>Kalamkar, D. <i>et al</i> (2019) <a href="https://arxiv.org/abs/1905.12322">A Study of
 * BFLOAT16 for Deep Learning Training</a>. arXiv:1905.12322.</li>
 * </ol>
 *
 * @since 0.1
 */
public final class HalfFloats {
    /** Fraction bits of binary16. */
    private static final int F16_FRACTION = 10;
    /** Exponent bias (and largest unbiased exponent) of binary16. */
    private static final int F16_BIAS = 15;
    /** Fraction bits of bfloat16. */
    private static final int BF16_FRACTION = 7;
    /** Exponent bias (and largest unbiased exponent) of bfloat16. */
    private static final int BF16_BIAS = 127;
    /** Fraction bits of binary64. */
    private static final int F64_FRACTION = 52;
    /** Exponent bias of binary64. */
    private static final int F64_BIAS = 1023;

    private HalfFloats() {
    }

    /**
     * The binary16 value nearest to a double (ties to even), rounded once.
     *
     * @param x any double
     * @return the 16 bits of the binary16 value
     */
    public static short toFloat16Bits(double x) {
        return (short) narrow(x, F16_FRACTION, F16_BIAS);
    }

    /**
     * The binary16 value nearest to a float (ties to even).
     *
     * @param x any float
     * @return the 16 bits of the binary16 value
     */
    public static short toFloat16Bits(float x) {
        return (short) narrow(x, F16_FRACTION, F16_BIAS);
    }

    /**
     * The bfloat16 value nearest to a double (ties to even), rounded once.
     *
     * @param x any double
     * @return the 16 bits of the bfloat16 value
     */
    public static short toBfloat16Bits(double x) {
        return (short) narrow(x, BF16_FRACTION, BF16_BIAS);
    }

    /**
     * The bfloat16 value nearest to a float (ties to even).
     *
     * @param x any float
     * @return the 16 bits of the bfloat16 value
     */
    public static short toBfloat16Bits(float x) {
        return (short) narrow(x, BF16_FRACTION, BF16_BIAS);
    }

    /**
     * Narrows {@code in[0, n)} to bfloat16 ({@code bfloat16} true) or binary16 bits in
     * {@code out[0, n)}, each as {@link #toBfloat16Bits(double)} or {@link #toFloat16Bits(double)}
     * gives it, and says whether any result is an infinity or a NaN.
     *
     * @implNote A double whose result is a finite normal number is narrowed by integer arithmetic
     * on its bits: with {@code s = 52 - p} and the magnitude bits {@code a},
     * {@code (a + 2^(s-1) - 1 + lsb) >>> s}, where {@code lsb} is bit {@code s} of {@code a}, is
     * the exponent and fraction rounded to nearest, ties to even, a carry out of the fraction
     * stepping the exponent; subtracting {@code (1023 - bias) << p} rebiases the exponent. The
     * other doubles (zeros, subnormal results, magnitudes from the midpoint of the largest finite
     * value and the next power of two on, infinities, NaN; for initializer values a small share)
     * take the general path. One predictable branch per element instead of the general path's
     * several.
     *
     * @param in the doubles
     * @param out receives the 16-bit values
     * @param n how many to narrow, at most the length of each array
     * @param bfloat16 true for bfloat16, false for binary16
     * @return whether any result is an infinity or a NaN
     */
    public static boolean narrow(double[] in, short[] out, int n, boolean bfloat16) {
        int p = bfloat16 ? BF16_FRACTION : F16_FRACTION;
        int bias = bfloat16 ? BF16_BIAS : F16_BIAS;
        int shift = F64_FRACTION - p;
        int infinity = (2 * bias + 1) << p;
        long lowestNormal = (long) (F64_BIAS + 1 - bias) << F64_FRACTION;
        // The double midway between the largest finite value (all fraction bits set) and
        // 2^(bias + 1): it and everything above round to infinity.
        long overflowing = ((long) (F64_BIAS + bias) << F64_FRACTION) | (((1L << (p + 1)) - 1) << (shift - 1));
        long belowHalf = (1L << (shift - 1)) - 1;
        long rebias = (long) (F64_BIAS - bias) << p;
        boolean nonFinite = false;
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(in[i]);
            long magnitude = bits & Long.MAX_VALUE;
            if (magnitude >= lowestNormal && magnitude < overflowing) {
                long rounded = (magnitude + belowHalf + ((magnitude >>> shift) & 1)) >>> shift;
                out[i] = (short) ((int) (bits >>> 48) & 0x8000 | (int) (rounded - rebias));
            } else {
                int h = narrow(in[i], p, bias);
                nonFinite |= (h & infinity) == infinity;
                out[i] = (short) h;
            }
        }
        return nonFinite;
    }

    /**
     * A float narrowed as its double (exact), except a NaN, whose payload bits are kept from the
     * float's own.
     */
    private static int narrow(float x, int fraction, int bias) {
        return Float.isNaN(x) ? nan(Float.floatToRawIntBits(x), fraction, bias) : narrow((double) x, fraction, bias);
    }

    /**
     * The value of a binary16, exactly.
     *
     * @param bits the 16 bits
     * @return the value as a float
     */
    public static float float16BitsToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> F16_FRACTION) & 0x1F;
        int fraction = h & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | fraction << 13);
        }
        if (exponent == 0) {
            float magnitude = fraction * 0x1.0p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent - F16_BIAS + 127) << 23 | fraction << 13);
    }

    /**
     * The value of a bfloat16, exactly: its bits are the high half of a float's.
     *
     * @param bits the 16 bits
     * @return the value as a float
     */
    public static float bfloat16BitsToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /**
     * Rounds a double to a binary format of {@code p} fraction bits whose exponent bias equals
     * its largest unbiased exponent (true of binary16 and bfloat16).
     */
    private static int narrow(double x, int p, int bias) {
        long bits = Double.doubleToRawLongBits(x);
        int sign = (int) (bits >>> 63) << 15;
        int biased = (int) (bits >>> F64_FRACTION) & 0x7FF;
        long fraction = bits & ((1L << F64_FRACTION) - 1);
        int infinity = (2 * bias + 1) << p;
        if (biased == 0x7FF) {
            if (fraction == 0) {
                return sign | infinity;
            }
            return sign | infinity | 1 << (p - 1) | (int) (fraction >>> (F64_FRACTION - p));
        }
        if (biased == 0) {
            // Zero or a double subnormal (< 2^-1022): below half of either format's least subnormal.
            return sign;
        }
        int e = biased - F64_BIAS;
        if (e > bias) {
            // |x| >= 2^(emax + 1) > max + ulp(max)/2.
            return sign | infinity;
        }
        int emin = 1 - bias;
        long significand = fraction | 1L << F64_FRACTION;
        int shift = F64_FRACTION - p + (e < emin ? emin - e : 0);
        if (shift > F64_FRACTION + 1) {
            // |x| < 2^(emin - p - 1), half the least subnormal.
            return sign;
        }
        long q = significand >>> shift;
        long rest = significand & ((1L << shift) - 1);
        long half = 1L << (shift - 1);
        if (rest > half || (rest == half && (q & 1) != 0)) {
            q++;
        }
        // Normal: q in [2^p, 2^(p+1)] carries its leading bit into the exponent field, so a round
        // up to 2^(p+1) steps the exponent and past the largest finite value lands on infinity.
        // Subnormal: q in [0, 2^p], where 2^p is the least normal.
        int magnitude = e >= emin ? ((e + bias - 1) << p) + (int) q : (int) q;
        return sign | magnitude;
    }

    private static int nan(int floatBits, int p, int bias) {
        int sign = (floatBits >>> 31) << 15;
        int infinity = (2 * bias + 1) << p;
        return sign | infinity | 1 << (p - 1) | (floatBits & 0x7F_FFFF) >>> (23 - p);
    }
}
