package io.jinit.internal;

/**
 * The Box-Muller transform of pairs of 32-bit words into pairs of standard normals, written with
 * only {@code + - * /}, {@code Math.sqrt} and bit casts so that it gives the same bits on every
 * JVM and platform, and in small loops that the JIT vectorises.
 *
 * <pre>
 *   u1 = (2·w1 + 1) · 2⁻³³                       in (0, 1)
 *   r  = sqrt(-2 ln u1)                               ln: fdlibm's e_log.c algorithm
 *   b  = (w2 + 0.5 - 2³¹) · (π · 2⁻³³)           in (-π/4, π/4), a quarter of θ = 2π(u2 - 1/2)
 *   (cos b, sin b): fdlibm's __kernel_cos / __kernel_sin polynomials
 *   (cos θ, sin θ): two double-angle steps  c' = (c - s)(c + s), s' = 2sc
 *   z1 = r · cos θ,  z2 = r · sin θ
 * </pre>
 * The largest |z| is sqrt(-2 ln 2<sup>-33</sup>) = 6.76, so the tail beyond 6.76σ (mass 1.3e-11)
 * is cut.
 *
 * <p>References:
 * <ol>
 * <li>Box, G. E. P. and Muller, M. E. (1958)
 * <a href="https://doi.org/10.1214/aoms/1177706645">A Note on the Generation of Random Normal
 * Deviates</a>. Annals of Mathematical Statistics 29(2).</li>
 * </ol>
 *
 * Implementation note: the polynomial coefficients and the argument reduction of the logarithm
 * are those of fdlibm 5.3 (Sun Microsystems, 1993), the library that {@code StrictMath} specifies;
 * the vectorisable loop structure is this project's.
 */
public final class BoxMuller {
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;

    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    /** π · 2<sup>-33</sup>: maps a centred 32-bit word to a quarter angle. */
    private static final double QUARTER_ANGLE_STEP = Math.PI * 0x1p-33;

    private BoxMuller() {
    }

    // ---------------------------------------------------------------------------------------
    // The transform cut into one small loop per step, for the chunk kernels. Each loop is small
    // enough for C2 to unroll and, where its operations allow, vectorise; a step that cannot be
    // vectorised (a conversion on JDK 17, a bit cast on any JDK) is kept in a loop of its own so
    // that it does not hold the arithmetic around it back. Intermediates are stored as doubles,
    // which Java never rounds further, so the bits are those of the formulas above evaluated in
    // the order written.
    // ---------------------------------------------------------------------------------------

    /**
     * 2<sup>31</sup> + 0.5: the word w read as the signed int {@code w ^ 0x80000000} is
     * w - 2<sup>31</sup>, so {@code (w ^ 0x80000000) + 2^31 + 0.5 = w + 0.5} exactly.
     */
    private static final double HALF_ABOVE_2_31 = 0x1p31 + 0.5;

    /** u1 = (w + 0.5)·2<sup>-32</sup>, which is (2w + 1)·2<sup>-33</sup> (exact). */
    static void radiusUniforms(int[] words, int count, double[] u, int offset) {
        for (int j = 0; j < count; j++) {
            u[offset + j] = ((double) (words[j] ^ Integer.MIN_VALUE) + HALF_ABOVE_2_31) * 0x1p-32;
        }
    }

    /**
     * As for int words, from words held as unsigned longs; through an int, because C2 converts
     * int to double faster than long to double on JDK 17.
     */
    static void radiusUniforms(long[] words, int count, double[] u, int offset) {
        for (int j = 0; j < count; j++) {
            u[offset + j] = ((double) ((int) words[j] ^ Integer.MIN_VALUE) + HALF_ABOVE_2_31) * 0x1p-32;
        }
    }

    /** The raw bits of u1. */
    static void rawBits(double[] u, long[] bits, int count) {
        for (int j = 0; j < count; j++) {
            bits[j] = Double.doubleToRawLongBits(u[j]);
        }
    }

    /**
     * fdlibm's argument reduction of the logarithm, {@code u1 = 2^k · (1 + f)} with {@code 1 + f}
     * in [sqrt(2)/2, sqrt(2)), on the bits in long arithmetic (u1 &gt; 0, so the high word is a
     * non-negative int and the values are those of fdlibm's int form): replaces {@code bits[j]}
     * by the bits of 1 + f and writes k to {@code exponents[j]}. The shifts are logical, the same
     * as fdlibm's arithmetic ones on these non-negative values: AVX2 has no 64-bit arithmetic
     * shift, so C2 would leave the loop scalar there.
     */
    static void splitExponent(long[] bits, long[] exponents, int count) {
        for (int j = 0; j < count; j++) {
            long b = bits[j];
            long hx = b >>> 32;
            long e = (hx >>> 20) - 1023;
            hx &= 0x000fffff;
            long i = (hx + 0x95f64) & 0x100000;
            bits[j] = ((hx | (i ^ 0x3ff00000)) << 32) | (b & 0xFFFF_FFFFL);
            exponents[j] = e + (i >>> 20);
        }
    }

    /** f = (1 + f) - 1 from the bits of 1 + f. */
    static void mantissas(long[] bits, double[] f, int count) {
        for (int j = 0; j < count; j++) {
            f[j] = Double.longBitsToDouble(bits[j]) - 1.0;
        }
    }

    /**
     * k as a double, through an int (k is in [-33, 0]): AVX2 has no long to double conversion, and
     * C2 converts int to double there.
     */
    static void exponents(long[] exponents, double[] k, int count) {
        for (int j = 0; j < count; j++) {
            k[j] = (double) (int) exponents[j];
        }
    }

    /** First half of the logarithm: s = f / (2 + f) and fdlibm's series r = t2 + t1. */
    static void logSeries(double[] f, double[] s, double[] r, int count) {
        for (int j = 0; j < count; j++) {
            double fv = f[j];
            double sv = fv / (2.0 + fv);
            double z = sv * sv;
            double w = z * z;
            double t1 = w * (LG2 + w * (LG4 + w * LG6));
            double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
            s[j] = sv;
            r[j] = t2 + t1;
        }
    }

    /** Second half of the logarithm: ln u1 from f, k, s and r, then the radius sqrt(-2 ln u1). */
    static void radii(double[] f, double[] k, double[] s, double[] r, double[] radius, int count) {
        for (int j = 0; j < count; j++) {
            double fv = f[j];
            double dk = k[j];
            double hfsq = 0.5 * fv * fv;
            double ln = dk * LN2_HI - ((hfsq - (s[j] * (hfsq + r[j]) + dk * LN2_LO)) - fv);
            radius[j] = Math.sqrt(-2.0 * ln);
        }
    }

    /**
     * The quarter angle b; {@code (w ^ 0x80000000) + 0.5} is exactly {@code w + 0.5 - 2^31}.
     */
    static void quarterAngles(int[] words, int count, double[] b, int offset) {
        for (int j = 0; j < count; j++) {
            b[offset + j] = ((double) (words[j] ^ Integer.MIN_VALUE) + 0.5) * QUARTER_ANGLE_STEP;
        }
    }

    /** As for int words, from words held as unsigned longs, through an int. */
    static void quarterAngles(long[] words, int count, double[] b, int offset) {
        for (int j = 0; j < count; j++) {
            b[offset + j] = ((double) ((int) words[j] ^ Integer.MIN_VALUE) + 0.5) * QUARTER_ANGLE_STEP;
        }
    }

    /** sin b by fdlibm's __kernel_sin polynomial. */
    static void sines(double[] b, double[] sb, int count) {
        for (int j = 0; j < count; j++) {
            double bv = b[j];
            double z = bv * bv;
            sb[j] = bv + (z * bv) * (S1 + z * (S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))));
        }
    }

    /** cos b by fdlibm's __kernel_cos polynomial. */
    static void cosines(double[] b, double[] cb, int count) {
        for (int j = 0; j < count; j++) {
            double bv = b[j];
            double z = bv * bv;
            cb[j] = 1.0 - (0.5 * z - z * (z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))));
        }
    }

    /** The cosine of a doubled angle: (c - s)(c + s). */
    static void doubledCos(double[] s, double[] c, double[] out, int count) {
        for (int j = 0; j < count; j++) {
            out[j] = (c[j] - s[j]) * (c[j] + s[j]);
        }
    }

    /** The sine of a doubled angle: 2·s·c. */
    static void doubledSin(double[] s, double[] c, double[] out, int count) {
        for (int j = 0; j < count; j++) {
            out[j] = 2.0 * s[j] * c[j];
        }
    }
}
