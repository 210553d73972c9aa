package io.jinit.init;

import io.jinit.internal.Checks;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;

/**
 * {@code gain · eye(rows, cols)} for rank-2 shapes: ones on the main diagonal {@code (i, i)},
 * {@code i < min(rows, cols)}, zeros elsewhere, with no tiling for non-square shapes (Keras 3
 * {@code Identity}, torch {@code eye_}, NumPy {@code eye(N, M)}). Computed as Keras does,
 * {@code gain * eye}, so a negative gain gives {@code -0.0} off the diagonal.
 *
 * <p>Serializes its gain, which Keras 3 drops ({@code get_config} returns {}); a config without
 * gain reads as gain 1.
 *
 * @param gain the diagonal value, finite
 * @since 0.1
 */
public record Identity(double gain) implements Deterministic, ComputedInDouble {

    /**
     * Validates the gain.
     *
     * @param gain the diagonal value, finite
     */
    public Identity {
        Checks.finite("gain", gain);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        check(shape, from, out.length, offset, length);
        long cols = shape.dim(1);
        for (int i = 0; i < length; i++) {
            long e = from + i;
            out[offset + i] = gain * (e / cols == e % cols ? 1.0 : 0.0);
        }
    }

    private static void check(Shape shape, long from, int arrayLength, int offset, int length) {
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("shape must have rank 2 for an identity matrix: " + shape);
        }
        Checks.range(from, arrayLength, offset, length);
        Checks.within(shape, from, length);
    }
}
