package io.jinit.testing;

/**
 * Moments of a sample of floats, as the tests of initial values read them: summed in double, the
 * mean taken first so that the spread is not lost to cancellation.
 *
 * @since 0.1
 */
public final class SampleMoments {
    private SampleMoments() {
    }

    /**
     * The population standard deviation, {@code sqrt(Σ (x - mean)² / n)}, in two passes.
     *
     * @param values the sample, not empty
     * @return the standard deviation
     * @throws IllegalArgumentException if the sample is empty
     */
    public static double std(float[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty: 0 values");
        }
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    /**
     * The largest magnitude.
     *
     * @param values the sample
     * @return {@code max |x|}, 0 for an empty sample
     */
    public static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
