package io.jinit.init;

import io.jinit.Initializer;
import io.jinit.distribution.Distribution;
import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;

/**
 * An initializer whose elements are independent draws from one distribution that depends on
 * the shape only through its fans: the element-wise families share this fill, and
 * {@link #distribution} tells exactly which distribution (with which bounds or standard
 * deviation) a shape gets.
 *
 * @since 0.1
 */
public interface DistributionInitializer extends Initializer {

    /**
     * The distribution of every element of a tensor of this shape.
     *
     * @param shape the tensor shape
     * @return the distribution
     * @throws IllegalArgumentException if the shape cannot be served
     */
    Distribution distribution(Shape shape);

    @Override
    default void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        Distribution d = distribution(shape);
        Checks.within(shape, from, length);
        d.fill(key, from, out, offset, length);
    }

    @Override
    default void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        Distribution d = distribution(shape);
        Checks.within(shape, from, length);
        d.fill(key, from, out, offset, length);
    }
}
