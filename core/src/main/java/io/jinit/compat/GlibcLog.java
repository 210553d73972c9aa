package io.jinit.compat;

import static io.jinit.compat.GlibcLogData.LN2_HI;
import static io.jinit.compat.GlibcLogData.LN2_LO;
import static io.jinit.compat.GlibcLogData.POLY;
import static io.jinit.compat.GlibcLogData.POLY1;
import static io.jinit.compat.GlibcLogData.TABLE;

// Implementation note: a port of the algorithm of Arm's optimized-routines double-precision log
// (https://github.com/ARM-software/optimized-routines, math/log.c, "Copyright (c) 2018, Arm
// Limited", licensed MIT OR Apache-2.0 WITH LLVM-exception), which is glibc's log since 2.28.
// Written November 2026 from the upstream source and the project's reference notes (torch_jax.md
// §6.5), with these choices to give the bits of glibc 2.28+ on x86-64 CPUs with FMA, where glibc
// selects its __log_fma variant (e_log.c compiled with -mfma -mavx2, HAVE_FAST_FMA = 1, and GCC
// contracting a * b + c into fma(a, b, c) where the product feeds only additions):
//   - r = fma(z, invc, -1) in the main path (HAVE_FAST_FMA);
//   - the contractions GCC makes are written out as Math.fma calls, in the same places;
//   - errno and floating-point exception flags are not modelled (Java has neither).
// Math.fma is exact (one rounding) on every JDK 9+, so this class gives the same bits on every
// JVM and CPU. Checked against glibc 2.36's log on this machine on 1.85 million inputs (uniform
// in (0, 1), within 0.07 of 1, random bit patterns, subnormals): no difference. Without the
// contractions of the near-1 branch, 77 of them differ; the main path matched either way. The
// committed checks: GlibcLogTest and scripts/reference/numpy_legacy_golden.py.

/**
 * The natural logarithm as glibc (2.28 and later) computes it on x86-64 with FMA, bit for bit,
 * on every JVM. It exists so that {@link io.jinit.compat.NumpyLegacy} gives NumPy's normals to the
 * bit: NumPy's legacy Gaussian calls the C library's {@code log}, which is not correctly rounded
 * (about 1 in 1300 results differ from the correctly rounded one by an ulp), and neither
 * {@link StrictMath#log} (fdlibm) nor {@link Math#log} gives glibc's bits.
 * <pre>
 *   near 1 (x in [1 - 2^-4, 1 + 0x1.09p-4)):   r = x - 1,  log x = r + B0 r^2 + ... + B10 r^12
 *   otherwise:  x = 2^k z,  z in [0x1.6p-1, 0x1.6p0) split into 128 subintervals around c_i,
 *               r = z / c_i - 1  (|r| &lt; 2^-8, one fma with invc_i ≈ 1/c_i),
 *               log x = k ln2 + log c_i + r + A0 r^2 + ... + A4 r^6
 * </pre>
 * Error below 0.52 ulp (upstream's bound).
 *
 * <p>References:
 * <ol>
 * <li>Szabolcs Nagy, Arm Ltd (2018)
 * <a href="https://github.com/ARM-software/optimized-routines">Optimized Routines</a>,
 * {@code math/log.c} and {@code math/log_data.c}.</li>
 * </ol>
 */
public final class GlibcLog {
    /** Bits of 1 - 2<sup>-4</sup>, the lower end of the near-1 interval. */
    private static final long NEAR_ONE_LO = Double.doubleToRawLongBits(1.0 - 0x1p-4);
    /** Bits of 1 + 0x1.09p-4, the (exclusive) upper end of the near-1 interval. */
    private static final long NEAR_ONE_HI = Double.doubleToRawLongBits(1.0 + 0x1.09p-4);
    /** Bits of 1.0. */
    private static final long ONE = Double.doubleToRawLongBits(1.0);
    /** Bits of 0x1.6p-1: z = x / 2<sup>k</sup> lies in [OFF, 2 OFF). */
    private static final long OFF = 0x3fe6000000000000L;
    /** log2 of the number of table rows. */
    private static final int TABLE_BITS = 7;
    /** 2<sup>27</sup>: splits r into a 26-bit high part whose square is exact. */
    private static final double SPLIT = 0x1p27;

    private GlibcLog() {
    }

    /**
     * The natural logarithm, with glibc's bits.
     *
     * @param x any double
     * @return log x; -∞ for ±0, +∞ for +∞, NaN for NaN and negative x
     */
    public static double log(double x) {
        long ix = Double.doubleToRawLongBits(x);
        if (Long.compareUnsigned(ix - NEAR_ONE_LO, NEAR_ONE_HI - NEAR_ONE_LO) < 0) {
            return ix == ONE ? 0.0 : nearOne(x);
        }
        int top = (int) (ix >>> 48);
        if (Integer.compareUnsigned(top - 0x0010, 0x7ff0 - 0x0010) >= 0) {
            if ((ix << 1) == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            if (x == Double.POSITIVE_INFINITY) {
                return x;
            }
            if ((top & 0x8000) != 0 || (top & 0x7ff0) == 0x7ff0) {
                return Double.NaN;
            }
            // Subnormal: scale into the normal range, then take 52 off the exponent.
            ix = Double.doubleToRawLongBits(x * 0x1p52) - (52L << 52);
        }
        long tmp = ix - OFF;
        int i = (int) ((tmp >>> (52 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1));
        long k = tmp >> 52;
        double z = Double.longBitsToDouble(ix - (tmp & (0xfffL << 52)));
        double invc = TABLE[2 * i];
        double logc = TABLE[2 * i + 1];

        // log x = log1p(z/c - 1) + log c + k ln2, with r ≈ z/c - 1 and hi + lo = r + log c + k ln2.
        double r = Math.fma(z, invc, -1.0);
        double kd = k;
        double w = Math.fma(kd, LN2_HI, logc);
        double hi = w + r;
        double lo = Math.fma(kd, LN2_LO, w - hi + r);
        double r2 = r * r;
        double p = Math.fma(r2, Math.fma(r, POLY[4], POLY[3]), Math.fma(r, POLY[2], POLY[1]));
        return Math.fma(r * r2, p, Math.fma(r2, POLY[0], lo)) + hi;
    }

    /** log x for x near 1, from log1p(r) with r = x - 1 exact. */
    private static double nearOne(double x) {
        double r = x - 1.0;
        double r2 = r * r;
        double r3 = r * r2;
        double[] b = POLY1;
        double p = Math.fma(r3,
                Math.fma(r3,
                        Math.fma(r3, b[10], Math.fma(r2, b[9], Math.fma(r, b[8], b[7]))),
                        Math.fma(r2, b[6], Math.fma(r, b[5], b[4]))),
                Math.fma(r2, b[3], Math.fma(r, b[2], b[1])));
        // r = rhi + rlo with rhi of 26 bits, so rhi * rhi and B0 * rhi * rhi (B0 = -1/2) are exact.
        double w = r * SPLIT;
        double rhi = r + w - w;
        double rlo = r - rhi;
        double half = rhi * rhi * b[0];
        double hi = r + half;
        double lo = r - hi + half;
        lo = Math.fma(b[0] * rlo, rhi + r, lo);
        return Math.fma(r3, p, lo) + hi;
    }
}
