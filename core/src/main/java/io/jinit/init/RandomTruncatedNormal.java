package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.TruncatedNormal;
import io.jinit.shape.Shape;

/**
 * Independent N(mean, stddev<sup>2</sup>) elements truncated to {@code [low, high]}: Keras's
 * {@code TruncatedNormal(mean, stddev)} cuts at {@code mean ± 2·stddev} ({@link #twoSigma}),
 * torch's {@code trunc_normal_(mean, std, a, b)} at absolute bounds. Neither corrects the
 * variance: the standard deviation after a 2σ cut is 0.8796·stddev.
 *
 * @param mean the mean of the untruncated normal
 * @param stddev its standard deviation, &gt; 0
 * @param low the lower bound
 * @param high the upper bound
 * @param seed the seed
 * @see TruncatedNormal
 * @since 0.1
 */
public record RandomTruncatedNormal(double mean, double stddev, double low, double high, long seed)
        implements DistributionInitializer, Seeded {

    /**
     * Validates the parameters.
     *
     * @param mean the mean of the untruncated normal
     * @param stddev its standard deviation, &gt; 0
     * @param low the lower bound
     * @param high the upper bound
     * @param seed the seed
     */
    public RandomTruncatedNormal {
        new TruncatedNormal(mean, stddev, low, high);
    }

    /**
     * A normal cut at {@code mean ± 2·stddev}.
     *
     * @param mean the mean
     * @param stddev the standard deviation before truncation
     * @param seed the seed
     * @return the initializer
     */
    public static RandomTruncatedNormal twoSigma(double mean, double stddev, long seed) {
        return new RandomTruncatedNormal(mean, stddev, mean - 2.0 * stddev, mean + 2.0 * stddev, seed);
    }

    @Override
    public Distribution distribution(Shape shape) {
        return new TruncatedNormal(mean, stddev, low, high);
    }
}
