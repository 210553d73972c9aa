package io.jinit.init;

import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Arrays;

/**
 * Every element equal to {@code value}: Keras {@code Constant}, {@code Zeros}, {@code Ones};
 * torch {@code constant_}, {@code zeros_}, {@code ones_}. Any shape, rank 0 included.
 *
 * @param value the value, finite
 * @since 0.1
 */
public record Constant(double value) implements Deterministic {

    /**
     * Validates the value.
     *
     * @param value the value, finite
     */
    public Constant {
        Checks.finite("value", value);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        if (!Float.isFinite((float) value)) {
            // (float) 1e39 is infinity: refused, as RandomNormal refuses a float32 fill it cannot hold.
            throw new IllegalArgumentException("value overflows float32 (largest finite " + Float.MAX_VALUE
                    + "), write float64: " + value);
        }
        Checks.range(from, out.length, offset, length);
        Checks.within(shape, from, length);
        Arrays.fill(out, offset, offset + length, (float) value);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        Checks.range(from, out.length, offset, length);
        Checks.within(shape, from, length);
        Arrays.fill(out, offset, offset + length, value);
    }
}
