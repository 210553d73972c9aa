package io.jinit.init;

import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;

/**
 * PyTorch's {@code dirac_}: a convolution kernel {@code (out, in, k...)} of rank 3, 4 or 5 that
 * passes its input through unchanged. With {@code groups} groups of {@code out/groups} output
 * channels, element {@code [g·(out/groups) + d, d, k1/2, k2/2, ...]} is 1 for every group
 * {@code g} and {@code d < min(out/groups, in)}; all others are 0. The centre is
 * {@code size / 2} (rounded down), PyTorch's choice; JAX's {@code delta_orthogonal} uses
 * {@code (size - 1) / 2}.
 *
 * @param groups the number of groups, &gt;= 1, dividing the output channels
 * @since 0.1
 */
public record Dirac(int groups) implements Deterministic, ComputedInDouble {

    /**
     * Validates the number of groups.
     *
     * @param groups the number of groups, &gt;= 1, dividing the output channels
     */
    public Dirac {
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be >= 1: " + groups);
        }
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        check(shape, from, out.length, offset, length);
        for (int i = 0; i < length; i++) {
            out[offset + i] = isOne(shape, from + i) ? 1.0 : 0.0;
        }
    }

    private boolean isOne(Shape shape, long element) {
        long rest = element;
        for (int axis = shape.rank() - 1; axis >= 2; axis--) {
            long size = shape.dim(axis);
            if (rest % size != size / 2) {
                return false;
            }
            rest /= size;
        }
        long in = rest % shape.dim(1);
        long outChannel = rest / shape.dim(1);
        long perGroup = shape.dim(0) / groups;
        long d = outChannel % perGroup;
        return d == in && d < Math.min(perGroup, shape.dim(1));
    }

    private void check(Shape shape, long from, int arrayLength, int offset, int length) {
        if (shape.rank() < 3 || shape.rank() > 5) {
            throw new IllegalArgumentException("shape must have rank 3, 4 or 5 for dirac: " + shape);
        }
        if (shape.dim(0) % groups != 0) {
            throw new IllegalArgumentException("shape[0] must be divisible by groups=" + groups + ": " + shape);
        }
        Checks.range(from, arrayLength, offset, length);
        Checks.within(shape, from, length);
    }
}
