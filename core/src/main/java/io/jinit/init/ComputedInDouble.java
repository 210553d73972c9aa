package io.jinit.init;

import io.jinit.Initializer;
import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;

/**
 * A family computed in double whose float32 value of every element is its float64 value rounded
 * to nearest, once: the float32 fill is the float64 fill, rounded.
 *
 * @implNote The float32 fill computes blocks of at most 4096 doubles at a time, so it needs no
 * double array of the whole range.
 *
 * @since 0.1
 */
public interface ComputedInDouble extends Initializer {

    @Override
    default void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null: null");
        }
        Checks.range(from, out.length, offset, length);
        double[] block = new double[Math.min(length, 4096)];
        int done = 0;
        do {
            int n = Math.min(block.length, length - done);
            fill(shape, key, from + done, block, 0, n);
            for (int i = 0; i < n; i++) {
                out[offset + done + i] = (float) block[i];
            }
            done += n;
        } while (done < length);
    }
}
