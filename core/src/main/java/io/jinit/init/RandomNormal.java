package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.shape.Shape;

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
public record RandomNormal(double mean, double stddev, long seed) implements DistributionInitializer, Seeded {

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
}
