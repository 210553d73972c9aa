package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;

/**
 * Independent N(mean, stddev<sup>2</sup>) elements truncated to {@code [low, high]}.
 * Keras {@code TruncatedNormal(mean, stddev)} cuts at {@code mean ± 2·stddev} ({@link #keras});
 * torch {@code trunc_normal_(mean, std, a, b)} at the absolute bounds {@code a, b}
 * ({@link #torch}). Neither corrects the variance: the standard deviation after a 2σ cut is
 * 0.8796·stddev.
 *
 * @param mean the mean of the untruncated normal
 * @param stddev its standard deviation, &gt; 0
 * @param low the lower bound
 * @param high the upper bound
 * @param seed the seed
 * @see io.jinit.distribution.TruncatedNormal
 * @since 0.1
 */
public record TruncatedNormal(double mean, double stddev, double low, double high, long seed)
        implements DistributionInitializer {

    /**
     * Validates the parameters.
     *
     * @param mean the mean of the untruncated normal
     * @param stddev its standard deviation, &gt; 0
     * @param low the lower bound
     * @param high the upper bound
     * @param seed the seed
     */
    public TruncatedNormal {
        new io.jinit.distribution.TruncatedNormal(mean, stddev, low, high);
    }

    /**
     * Keras's {@code TruncatedNormal}: cut at {@code mean ± 2·stddev}.
     *
     * @param mean the mean
     * @param stddev the standard deviation before truncation
     * @param seed the seed
     * @return the initializer
     */
    public static TruncatedNormal keras(double mean, double stddev, long seed) {
        return new TruncatedNormal(mean, stddev, mean - 2.0 * stddev, mean + 2.0 * stddev, seed);
    }

    /**
     * Torch's {@code trunc_normal_}: cut at the absolute bounds a and b.
     *
     * @param mean the mean
     * @param std the standard deviation before truncation
     * @param a the lower bound
     * @param b the upper bound
     * @param seed the seed
     * @return the initializer
     */
    public static TruncatedNormal torch(double mean, double std, double a, double b, long seed) {
        return new TruncatedNormal(mean, std, a, b, seed);
    }

    private boolean isTwoSigma() {
        return low == mean - 2.0 * stddev && high == mean + 2.0 * stddev;
    }

    @Override
    public Distribution distribution(Shape shape) {
        return new io.jinit.distribution.TruncatedNormal(mean, stddev, low, high);
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    /** Keras's {@code TruncatedNormal} for a 2σ cut, torch's {@code trunc_normal_} otherwise. */
    @Override
    public String className() {
        return isTwoSigma() ? "TruncatedNormal" : "trunc_normal_";
    }

    @Override
    public String module() {
        return isTwoSigma() ? "keras.initializers" : "torch.nn.init";
    }

    @Override
    public Map<String, Object> config() {
        if (isTwoSigma()) {
            return Configs.of("seed", seed, "mean", mean, "stddev", stddev);
        }
        return Configs.of("mean", mean, "std", stddev, "a", low, "b", high, "seed", seed);
    }
}
