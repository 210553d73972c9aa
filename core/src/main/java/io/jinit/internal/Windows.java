package io.jinit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The window functions that {@code scipy.signal.get_window(name, M, fftbins)} (SciPy 1.17)
 * accepts by name alone, hence the ones Keras's {@code STFT} initializer accepts, with SciPy's
 * definitions, names and aliases. Names are case-sensitive, as in SciPy.
 *
 * <p>With {@code M} the length, {@code d = M - 1} and {@code n = 0 .. M-1}, the symmetric
 * windows are
 * <pre>
 *   hann            0.5 - 0.5 cos(2πn/d)
 *   hamming         0.54 - 0.46 cos(2πn/d)
 *   blackman        0.42 - 0.5 cos(2πn/d) + 0.08 cos(4πn/d)
 *   blackmanharris  Σ_k (-1)^k a_k cos(2πkn/d),  a = 0.35875, 0.48829, 0.14128, 0.01168
 *   nuttall         the same with a = 0.3635819, 0.4891775, 0.1365995, 0.0106411
 *   flattop         the same with a = 0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368
 *   boxcar          1
 *   bartlett        1 - |2n - d| / d
 *   triang          1 - |2n - d| / L,   L = M (M even) or M + 1 (M odd)
 *   parzen          u = |2n - d| / M:  1 - 6u² + 6u³ if |2n - d| &lt;= d/2, else 2(1 - u)³
 *   bohman          f = |2n - d| / d:  (1 - f) cos(πf) + sin(πf) / π
 *   cosine          sin(π (n + 1/2) / M)
 *   exponential     exp(-|n - d/2|)                                (center d/2, tau 1)
 *   tukey           0.5 (1 - cos(4πn/d)) if n &lt;= ⌊d/4⌋ or n &gt;= d - ⌊d/4⌋, else 1   (alpha 0.5)
 *   barthann        f = |2n - d| / (2d):  0.62 - 0.48 f + 0.38 cos(2πf)
 *   lanczos         sinc(2n/d - 1),  sinc(x) = sin(πx) / (πx),  sinc(0) = 1
 *   taylor          (1 + 2 Σ_{m=1..3} F_m cos(2πm (n - M/2 + 1/2) / M)) / (1 + 2 Σ_m F_m)
 *                   (nbar 4, sll 30 dB, normalised to 1 at the centre), with
 *                   A = acosh(10^(sll/20)) / π,  σ² = nbar² / (A² + (nbar - 1/2)²),
 *                   F_m = (-1)^(m+1) Π_{i=1..nbar-1} (1 - m² / (σ² (A² + (i - 1/2)²)))
 *                          / (2 Π_{i=1..nbar-1, i≠m} (1 - m² / i²))
 * </pre>
 * A length of 1 gives {@code [1]}, whatever the name; a length of 0 is an error, as in SciPy.
 * The periodic ("DFT-even") window of length {@code M} is the symmetric window of length
 * {@code M + 1} without its last value.
 *
 * <p>Values are computed in double with {@code StrictMath}, so they are the same on every
 * platform. The angles go through {@link ExactTrig}, so they are exact rationals of a turn and
 * need no reduction in floating point; the values agree with SciPy's to a few ulps.
 *
 * <p>Windows that need a parameter ({@code kaiser}, {@code gaussian}, {@code chebwin}, ...) are
 * rejected with SciPy's message, as Keras rejects them.
 *
 * <p>References:
 * <ol>
 * <li>Harris, F. J. (1978)
 * <a href="https://doi.org/10.1109/PROC.1978.10837">On the use of windows for harmonic analysis
 * with the discrete Fourier transform</a>. Proceedings of the IEEE 66(1), 51-83. (Hann,
 * Hamming, Blackman, Blackman-Harris, Bartlett/triangle, rectangle, Parzen, Bohman, cosine,
 * Poisson (exponential), Tukey, and the Riemann window that SciPy calls Lanczos.)</li>
 * <li>Nuttall, A. H. (1981)
 * <a href="https://doi.org/10.1109/TASSP.1981.1163506">Some windows with very good sidelobe
 * behavior</a>. IEEE Transactions on Acoustics, Speech, and Signal Processing 29(1), 84-91.</li>
 * <li>Ha, Y. H. and Pearce, J. A. (1989)
 * <a href="https://doi.org/10.1109/29.21693">A new window and comparison to standard
 * windows</a>. IEEE Transactions on Acoustics, Speech, and Signal Processing 37(2), 298-301.
 * (Bartlett-Hann.)</li>
 * <li>D'Antona, G. and Ferrero, A. (2006) <i>Digital Signal Processing for Measurement
 * Systems</i>, p. 91. Springer. (The flat-top coefficients.)</li>
 * <li>Doerry, A. W. (2017) <i>Catalog of Window Taper Functions for Sidelobe Control</i>.
 * Sandia report SAND2017-4042. (Taylor.)</li>
 * </ol>
 */
public final class Windows {

    /** Value {@code n} of the symmetric window of length {@code m}, {@code n} in [0, m), m &gt;= 2. */
    @FunctionalInterface
    private interface Formula {
        double value(int n, long m);
    }

    /** The windows, each with its formula, SciPy name and aliases. */
    private enum Kind {
        BARTHANN((n, m) -> {
            long d = m - 1L;
            long a = Math.abs(2L * n - d);
            double f = (double) a / (2 * d);
            return 0.62 - 0.48 * f + 0.38 * ExactTrig.cosTurns(a, 2 * d);
        }, "barthann", "brthan", "bth"),
        BARTLETT((n, m) -> {
            long d = m - 1L;
            return (double) (d - Math.abs(2L * n - d)) / d;
        }, "bartlett", "bart", "brt"),
        /** Blackman (1958), the rounded "not exact" coefficients. */
        BLACKMAN(cosineSum(0.42, 0.50, 0.08), "blackman", "black", "blk"),
        /** Harris's 4-term Blackman-Harris (-92 dB). */
        BLACKMANHARRIS(cosineSum(0.35875, 0.48829, 0.14128, 0.01168), "blackmanharris", "blackharr", "bkh"),
        BOHMAN((n, m) -> {
            long d = m - 1L;
            long a = Math.abs(2L * n - d);
            double f = (double) a / d;
            return (1 - f) * ExactTrig.cosTurns(a, 2 * d) + ExactTrig.sinTurns(a, 2 * d) / Math.PI;
        }, "bohman", "bman", "bmn"),
        BOXCAR((n, m) -> 1, "boxcar", "box", "ones", "rect", "rectangular"),
        // sin(π (n + 1/2) / M) = cos(π (2n + 1 - M) / (2M)), written so as to be exactly symmetric.
        COSINE((n, m) -> ExactTrig.cosTurns(2L * n + 1 - m, 4L * m), "cosine", "halfcosine"),
        EXPONENTIAL((n, m) -> StrictMath.exp(-Math.abs(2L * n - (m - 1L)) / 2.0), "exponential", "poisson"),
        /** D'Antona and Ferrero's flat top. */
        FLATTOP(cosineSum(0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368), "flattop", "flat", "flt"),
        /** Hamming: alpha 0.54. */
        HAMMING(cosineSum(0.54, 0.46), "hamming", "hamm", "ham"),
        /** Hann: SciPy's general Hamming window with alpha 0.5. */
        HANN(cosineSum(0.5, 0.5), "hann", "han"),
        LANCZOS((n, m) -> {
            long d = m - 1L;
            long a = Math.abs(2L * n - d);
            // sinc(a / d) = sin(π a / d) / (π a / d), even in a.
            return a == 0 ? 1 : ExactTrig.sinTurns(a, 2 * d) / (Math.PI * a / d);
        }, "lanczos", "sinc"),
        /** Nuttall's minimum 4-term Blackman-Harris. */
        NUTTALL(cosineSum(0.3635819, 0.4891775, 0.1365995, 0.0106411), "nuttall", "nutl", "nut"),
        PARZEN((n, m) -> {
            long d = m - 1L;
            long a = Math.abs(2L * n - d);
            double u = (double) a / m;
            // |n - d/2| <= d/4 is the inner piece.
            return 2 * a <= d ? 1 - 6 * u * u + 6 * u * u * u : 2 * (1 - u) * (1 - u) * (1 - u);
        }, "parzen", "parz", "par"),
        TAYLOR(Windows::taylor, "taylor", "taylorwin"),
        TRIANG((n, m) -> {
            long d = m - 1L;
            long l = m % 2 == 0 ? m : m + 1L;
            return (double) (l - Math.abs(2L * n - d)) / l;
        }, "triang", "triangle", "tri"),
        TUKEY((n, m) -> {
            long d = m - 1L;
            long width = d / 4;
            boolean taper = n <= width || n >= d - width;
            return taper ? 0.5 * (1 - ExactTrig.cosTurns(2L * n, d)) : 1;
        }, "tukey", "tuk");

        private final Formula formula;
        private final String[] names;

        Kind(Formula formula, String... names) {
            this.formula = formula;
            this.names = names;
        }
    }

    /** SciPy's default number of nearly constant-level Taylor sidelobes. */
    private static final int TAYLOR_NBAR = 4;

    /** SciPy's default Taylor sidelobe level, in dB below the peak. */
    private static final double TAYLOR_SLL = 30;

    /** F<sub>1</sub> .. F<sub>nbar-1</sub> of the Taylor window. */
    private static final double[] TAYLOR_COEFFICIENTS = taylorCoefficients(TAYLOR_NBAR, TAYLOR_SLL);

    /** 1 / (1 + 2 Σ F<sub>m</sub>): makes the Taylor window 1 at its centre (SciPy's norm=True). */
    private static final double TAYLOR_SCALE = 1 / (1 + 2 * sum(TAYLOR_COEFFICIENTS));

    /** Every accepted name and alias, mapped to its window. */
    private static final Map<String, Kind> BY_NAME = byName();

    /** Names SciPy knows but cannot compute without parameters. */
    private static final Set<String> NEEDS_PARAMETERS = Set.of(
            "chebwin", "cheb",
            "dpss",
            "gaussian", "gauss", "gss",
            "general cosine", "general_cosine",
            "general gaussian", "general_gaussian", "general gauss", "general_gauss", "ggs",
            "general hamming", "general_hamming",
            "kaiser", "ksr",
            "kaiser bessel derived", "kaiser_bessel_derived", "kbd");

    private Windows() {
    }

    /**
     * Every accepted name, aliases included.
     *
     * @return the names, sorted
     */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(BY_NAME.keySet()));
    }

    /**
     * The SciPy function name of a window name or alias ({@code "han"} gives {@code "hann"}).
     *
     * @param name a window name
     * @return the canonical name
     * @throws IllegalArgumentException if the name is unknown or the window needs parameters,
     *     with SciPy's message
     */
    public static String canonicalName(String name) {
        return kind(name).names[0];
    }

    /**
     * A window, as {@code scipy.signal.get_window(name, length, fftbins=periodic)}.
     *
     * @param name a window name or alias
     * @param length the number of values, &gt;= 1
     * @param periodic true for the periodic (DFT-even) window, false for the symmetric one
     * @return the values
     * @throws IllegalArgumentException if the name is unknown, the window needs parameters or
     *     the length is less than 1
     */
    public static double[] get(String name, int length, boolean periodic) {
        Kind kind = kind(name);
        if (length < 1) {
            // SciPy's get_window rejects Nx = 0 too, so Keras does.
            throw new IllegalArgumentException("window length must be >= 1: " + length);
        }
        if (length == 1) {
            // SciPy returns [1] before it would extend a periodic window to length 2.
            return new double[] {1};
        }
        double[] w = new double[length];
        long m = periodic ? length + 1L : length;
        for (int n = 0; n < length; n++) {
            w[n] = kind.formula.value(n, m);
        }
        return w;
    }

    private static Kind kind(String name) {
        if (name == null) {
            throw new IllegalArgumentException("window must not be null: null");
        }
        Kind kind = BY_NAME.get(name);
        if (kind != null) {
            return kind;
        }
        if (NEEDS_PARAMETERS.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' must have parameters, but window='" + name + "'!");
        }
        throw new IllegalArgumentException("Invalid window name '" + name + "' in parameter window='" + name + "'!");
    }

    /** Σ (-1)<sup>k</sup> a<sub>k</sub> cos(2πkn/d), summed from k = 0 as SciPy does. */
    private static Formula cosineSum(double... a) {
        return (n, m) -> {
            long d = m - 1L;
            double w = 0;
            for (int k = 0; k < a.length; k++) {
                double term = a[k] * ExactTrig.cosTurns((long) k * n, d);
                w += k % 2 == 0 ? term : -term;
            }
            return w;
        };
    }

    /** The Taylor window: (1 + 2 Σ F<sub>h</sub> cos(2πh (n - M/2 + 1/2) / M)) · TAYLOR_SCALE. */
    private static double taylor(int n, long m) {
        double sum = 0;
        for (int i = 0; i < TAYLOR_COEFFICIENTS.length; i++) {
            long harmonic = i + 1L;
            sum += TAYLOR_COEFFICIENTS[i] * ExactTrig.cosTurns(harmonic * (2L * n - m + 1), 2L * m);
        }
        return (1 + 2 * sum) * TAYLOR_SCALE;
    }

    private static double[] taylorCoefficients(int nbar, double sll) {
        double b = StrictMath.pow(10, sll / 20);
        double acosh = StrictMath.log(b + Math.sqrt(b * b - 1));
        double a = acosh / Math.PI;
        double a2 = a * a;
        double sigma2 = (double) nbar * nbar / (a2 + (nbar - 0.5) * (nbar - 0.5));
        double[] f = new double[nbar - 1];
        for (int m = 1; m < nbar; m++) {
            double m2 = (double) m * m;
            double numerator = m % 2 == 1 ? 1 : -1;
            double denominator = 2;
            for (int i = 1; i < nbar; i++) {
                numerator *= 1 - m2 / sigma2 / (a2 + (i - 0.5) * (i - 0.5));
                if (i != m) {
                    denominator *= 1 - m2 / ((double) i * i);
                }
            }
            f[m - 1] = numerator / denominator;
        }
        return f;
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static Map<String, Kind> byName() {
        Map<String, Kind> map = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            for (String name : kind.names) {
                map.put(name, kind);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
