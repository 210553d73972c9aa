package io.jinit.formats;

/**
 * Summary statistics of a tensor's elements: the count of all elements and of the NaNs and
 * infinities among them, and the mean, standard deviation, minimum and maximum of the finite
 * ones, as numpy computes them on {@code a[np.isfinite(a)]} with {@code mean()}, {@code std()}
 * (population, {@code ddof=0}), {@code min()} and {@code max()}.
 *
 * <p>Computed in one streaming pass in double precision, in bounded memory: each chunk's mean and
 * sum of squared deviations are computed in two passes over the chunk, and chunks are merged with
 * the pairwise update of Chan, Golub and LeVeque,
 * <pre>
 *   n = n_a + n_b,  δ = mean_b - mean_a
 *   mean = mean_a + δ · n_b / n
 *   M2   = M2_a + M2_b + δ² · n_a · n_b / n,      std = sqrt(M2 / n)
 * </pre>
 * which, unlike the textbook sum of squares, does not cancel catastrophically when the mean is
 * large relative to the spread (Welford's update is its one-element case).
 *
 * <p>Non-finite elements are counted, not averaged: numpy's own {@code mean()} of an array
 * holding one NaN is NaN, which hides both how many there are and what the other elements look
 * like. A tensor without finite elements (empty, or all NaN or infinite) has NaN statistics
 * (numpy's {@code min} of an empty array would raise).
 *
 * <p>Reference: Chan, T. F., Golub, G. H. and LeVeque, R. J. (1979)
 * <a href="http://i.stanford.edu/pub/cstr/reports/cs/tr/79/773/CS-TR-79-773.pdf">Updating
 * Formulae and a Pairwise Algorithm for Computing Sample Variances</a>. Stanford CS-TR-79-773.
 *
 * @param count number of elements, finite or not
 * @param mean arithmetic mean of the finite elements
 * @param std population standard deviation of the finite elements
 * @param min smallest finite element
 * @param max largest finite element
 * @param nans number of NaN elements
 * @param positiveInfinities number of +infinity elements
 * @param negativeInfinities number of -infinity elements
 * @since 0.1
 */
public record TensorStats(long count, double mean, double std, double min, double max, long nans,
        long positiveInfinities, long negativeInfinities) {

    /**
     * Checks the counts.
     *
     * @param count number of elements, finite or not
     * @param mean arithmetic mean of the finite elements
     * @param std population standard deviation of the finite elements
     * @param min smallest finite element
     * @param max largest finite element
     * @param nans number of NaN elements
     * @param positiveInfinities number of +infinity elements
     * @param negativeInfinities number of -infinity elements
     */
    public TensorStats {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        if (nans < 0 || positiveInfinities < 0 || negativeInfinities < 0
                || nans > count - positiveInfinities - negativeInfinities) {
            throw new IllegalArgumentException("nans, positiveInfinities and negativeInfinities must be >= 0 and sum"
                    + " to at most count " + count + ": " + nans + ", " + positiveInfinities + ", "
                    + negativeInfinities);
        }
    }

    /**
     * Statistics of a tensor whose elements are all finite.
     *
     * @param count number of elements
     * @param mean arithmetic mean
     * @param std population standard deviation
     * @param min smallest element
     * @param max largest element
     */
    public TensorStats(long count, double mean, double std, double min, double max) {
        this(count, mean, std, min, max, 0, 0, 0);
    }

    /**
     * The number of NaN and infinite elements.
     *
     * @return nans + positiveInfinities + negativeInfinities
     */
    public long nonFinite() {
        return nans + positiveInfinities + negativeInfinities;
    }

    /** Accumulates chunks of values; not thread-safe. */
    static final class Accumulator {
        private long n;
        private double mean;
        private double m2;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private long nans;
        private long positiveInfinities;
        private long negativeInfinities;

        /** Adds {@code values[0 .. length)}. */
        void add(double[] values, int length) {
            long finite = 0;
            double sum = 0;
            for (int i = 0; i < length; i++) {
                double x = values[i];
                if (x - x == 0) {
                    finite++;
                    sum += x;
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                } else if (x != x) {
                    nans++;
                } else if (x > 0) {
                    positiveInfinities++;
                } else {
                    negativeInfinities++;
                }
            }
            if (finite == 0) {
                return;
            }
            double chunkMean = sum / finite;
            double chunkM2 = 0;
            for (int i = 0; i < length; i++) {
                double x = values[i];
                if (x - x == 0) {
                    double d = x - chunkMean;
                    chunkM2 += d * d;
                }
            }
            if (n == 0) {
                n = finite;
                mean = chunkMean;
                m2 = chunkM2;
                return;
            }
            long total = n + finite;
            double delta = chunkMean - mean;
            mean += delta * ((double) finite / total);
            m2 += chunkM2 + delta * delta * ((double) n * finite / total);
            n = total;
        }

        TensorStats result() {
            long count = n + nans + positiveInfinities + negativeInfinities;
            if (n == 0) {
                return new TensorStats(count, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nans, positiveInfinities,
                        negativeInfinities);
            }
            return new TensorStats(count, mean, Math.sqrt(m2 / n), min, max, nans, positiveInfinities,
                    negativeInfinities);
        }
    }
}
