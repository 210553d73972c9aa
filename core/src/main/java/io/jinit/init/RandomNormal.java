package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;

/**
 * Independent N(mean, stddev<sup>2</sup>) elements: Keras {@code RandomNormal} (default stddev
 * 0.05), torch {@code normal_} (default std 1).
 *
 * @param mean the mean, finite
 * @param stddev the standard deviation, finite and &gt;= 0
 * @param seed the seed
 * @see Normal
 * @since 0.1
 */
public record RandomNormal(double mean, double stddev, long seed) implements DistributionInitializer {

    /**
     * Validates the parameters.
     *
     * @param mean the mean, finite
     * @param stddev the standard deviation, finite and &gt;= 0
     * @param seed the seed
     */
    public RandomNormal {
        new Normal(mean, stddev);
    }

    @Override
    public Distribution distribution(Shape shape) {
        return new Normal(mean, stddev);
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    @Override
    public String className() {
        return "RandomNormal";
    }

    @Override
    public String module() {
        return "keras.initializers";
    }

    @Override
    public Map<String, Object> config() {
        return Configs.of("seed", seed, "mean", mean, "stddev", stddev);
    }
}
