package io.jinit.internal;

/**
 * Cosine and sine of a rational number of turns, {@code 2π p / q}, with the period removed in
 * exact integer arithmetic before any rounding:
 * <pre>
 *   r = p mod q                      (exact, in [0, q))
 *   x = r / q                        (one rounding, in [0, 1))
 *   fold x into [0, 1/8] by the symmetries of cos and sin, then StrictMath.cos or .sin
 * </pre>
 *
 * <p>Computing {@code StrictMath.cos(2 * Math.PI * p / q)} directly loses accuracy as
 * {@code p} grows, because the rounding of the argument grows with it; here the error stays
 * within a few ulps of the result for every {@code p}. The folding also makes the values at
 * multiples of a quarter turn exact ({@code cos} and {@code sin} of 0, 1/4, 1/2, 3/4 turn are
 * exactly 0 or ±1).
 */
public final class ExactTrig {
    /** 2π as a double. */
    private static final double TWO_PI = 2 * Math.PI;

    private ExactTrig() {
    }

    /**
     * {@code cos(2π p / q)}.
     *
     * @param p the numerator, any sign
     * @param q the denominator, &gt; 0
     * @return the cosine
     */
    public static double cosTurns(long p, long q) {
        long r = Math.floorMod(p, q);
        // cos(2π - θ) = cos θ: fold to at most half a turn.
        double x = (double) Math.min(r, q - r) / q;
        // cos(π - θ) = -cos θ: fold to at most a quarter turn.
        return x > 0.25 ? -cosQuarter(0.5 - x) : cosQuarter(x);
    }

    /**
     * {@code sin(2π p / q)}.
     *
     * @param p the numerator, any sign
     * @param q the denominator, &gt; 0
     * @return the sine
     */
    public static double sinTurns(long p, long q) {
        long r = Math.floorMod(p, q);
        // sin(2π - θ) = -sin θ: fold to at most half a turn.
        boolean negative = r > q - r;
        double x = (double) (negative ? q - r : r) / q;
        // sin(π - θ) = sin θ: fold to at most a quarter turn.
        double s = sinQuarter(x > 0.25 ? 0.5 - x : x);
        return negative ? -s : s;
    }

    /** cos(2π x) for x in [0, 1/4]; the subtractions below are exact (Sterbenz). */
    private static double cosQuarter(double x) {
        return x > 0.125 ? StrictMath.sin(TWO_PI * (0.25 - x)) : StrictMath.cos(TWO_PI * x);
    }

    /** sin(2π x) for x in [0, 1/4]. */
    private static double sinQuarter(double x) {
        return x > 0.125 ? StrictMath.cos(TWO_PI * (0.25 - x)) : StrictMath.sin(TWO_PI * x);
    }
}
