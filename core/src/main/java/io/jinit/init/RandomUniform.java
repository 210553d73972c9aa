package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;

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
public record RandomUniform(double minval, double maxval, long seed) implements DistributionInitializer, Seeded {

    /**
     * Validates the bounds.
     *
     * @param minval the inclusive lower bound
     * @param maxval the exclusive upper bound, &gt;= minval
     * @param seed the seed
     */
    public RandomUniform {
        // Checked here with Keras's parameter names; Uniform checks the same under its own.
        Checks.finite("minval", minval);
        Checks.finite("maxval", maxval);
        if (minval > maxval) {
            throw new IllegalArgumentException("minval must be <= maxval: minval=" + minval + ", maxval=" + maxval);
        }
        if (!Double.isFinite(maxval - minval)) {
            throw new IllegalArgumentException("maxval - minval must be finite: minval=" + minval + ", maxval="
                    + maxval);
        }
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        if (!Float.isFinite((float) minval) || !Float.isFinite((float) maxval)
                || !Float.isFinite((float) (maxval - minval))) {
            throw new IllegalArgumentException("minval, maxval and maxval - minval must fit float32 for a float32 "
                    + "fill: minval=" + minval + ", maxval=" + maxval);
        }
        DistributionInitializer.super.fill(shape, key, from, out, offset, length);
    }

    @Override
    public Distribution distribution(Shape shape) {
        return new Uniform(minval, maxval);
    }
}
