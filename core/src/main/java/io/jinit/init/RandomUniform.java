package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;

/**
 * Independent uniform elements on {@code [minval, maxval)}: Keras {@code RandomUniform} (default
 * ±0.05), torch {@code uniform_} (default [0, 1)).
 *
 * @param minval the inclusive lower bound
 * @param maxval the exclusive upper bound, &gt;= minval
 * @param seed the seed
 * @see Uniform
 * @since 0.1
 */
public record RandomUniform(double minval, double maxval, long seed) implements DistributionInitializer {

    /** Validates the bounds. */
    public RandomUniform {
        new Uniform(minval, maxval);
    }

    @Override
    public Distribution distribution(Shape shape) {
        return new Uniform(minval, maxval);
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public String module() {
        return "keras.initializers";
    }

    @Override
    public Map<String, Object> config() {
        return Configs.of("seed", seed, "minval", minval, "maxval", maxval);
    }
}
