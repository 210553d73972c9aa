package io.jinit.internal;

/**
 * The standard normal CDF and quantile, with only {@code + - * /}, {@code Math.sqrt} and
 * {@code StrictMath}, so every platform gives the same bits.
 *
 * <pre>
 *   Φ(x), x &gt; -3:   0.5 + φ(x) · Σ(n≥0) x²ⁿ⁺¹ / (1·3·5···(2n+1))   (Marsaglia 2004)
 *   Φ(x), x ≤ -3:   φ(t) / (t + 1/(t + 2/(t + 3/(t + ...)))),  t = -x, 80 terms  (Laplace's continued fraction)
 *   Φ(x), x &gt; 0:    1 - Φ(-x)
 *   Φ⁻¹(p):         Abramowitz and Stegun 26.2.23 start, then 3 Halley steps on Φ
 * </pre>
 * Relative error of Φ below 3e-13 on [-37, 0] (checked against SciPy's {@code ndtr}).
 *
 * <p>References:
 * <ol>
 * <li>Marsaglia, G. (2004) <a href="https://doi.org/10.18637/jss.v011.i04">Evaluating the Normal
 * Distribution</a>. Journal of Statistical Software 11(4).</li>
 * <li>Abramowitz, M. and Stegun, I. A. (1964) Handbook of Mathematical Functions, 26.2.23.</li>
 * </ol>
 */
public final class NormalMath {
    /** 1 / sqrt(2π). */
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    /** sqrt(2π). */
    private static final double SQRT_2PI = 2.5066282746310002;
    /** Below this, the continued fraction is used instead of the series. */
    private static final double SERIES_LIMIT = -3.0;
    /** Terms of the continued fraction, enough for full accuracy at x = -3. */
    private static final int FRACTION_TERMS = 80;
    /** Halley steps after the rational start (error 4.5e-4 -> below 1e-15 after two). */
    private static final int HALLEY_STEPS = 3;

    private NormalMath() {
    }

    /**
     * The standard normal density.
     *
     * @param x the point
     * @return φ(x)
     */
    public static double pdf(double x) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    /**
     * The standard normal CDF, accurate relative to its value in the lower tail.
     *
     * @param x the point
     * @return Φ(x)
     */
    public static double cdf(double x) {
        if (x > 0) {
            return 1.0 - cdf(-x);
        }
        if (x > SERIES_LIMIT) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term = term * x2 / (2 * n + 1);
                double next = sum + term;
                if (next == sum) {
                    break;
                }
                sum = next;
            }
            return 0.5 + pdf(x) * sum;
        }
        double t = -x;
        double f = t;
        for (int k = FRACTION_TERMS; k > 0; k--) {
            f = t + k / f;
        }
        return pdf(t) / f;
    }

    /**
     * The standard normal quantile.
     *
     * @param p a probability in (0, 1)
     * @return x with Φ(x) = p
     */
    public static double quantile(double p) {
        if (p > 0.5) {
            return -quantile(1.0 - p);
        }
        double t = Math.sqrt(-2.0 * StrictMath.log(p));
        double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328))
                / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
        for (int i = 0; i < HALLEY_STEPS; i++) {
            double e = cdf(x) - p;
            double u = e * SQRT_2PI * StrictMath.exp(0.5 * x * x);
            x = x - u / (1.0 + 0.5 * x * u);
        }
        return x;
    }
}
