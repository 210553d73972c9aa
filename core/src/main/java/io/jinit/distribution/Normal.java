package io.jinit.distribution;

import io.jinit.internal.Checks;
import io.jinit.internal.ChunkScratch;
import io.jinit.internal.ChunkWalk;
import io.jinit.random.RandomKey;

/**
 * The normal distribution N(mean, stddev<sup>2</sup>).
 *
 * <p>Stream use: Box-Muller on fixed word pairs ({@link io.jinit.internal.BoxMuller}, layout in
 * {@link io.jinit.random.CounterLayout}); two words per pair of elements. The value is
 * {@code mean + stddev · z} in double; the float32 value is that double rounded to nearest.
 *
 * @param mean the mean
 * @param stddev the standard deviation, &gt;= 0
 * @since 0.1
 */
public record Normal(double mean, double stddev) implements Distribution {
    /** A bound on |z| of the Box-Muller stream: sqrt(-2 ln 2<sup>-33</sup>) = 6.7637. */
    public static final double MAX_ABS_Z = 6.77;

    /**
     * Validates the parameters.
     *
     * @param mean the mean
     * @param stddev the standard deviation, &gt;= 0
     * @throws IllegalArgumentException if mean is not finite or stddev is negative or not finite
     */
    public Normal {
        Checks.finite("mean", mean);
        Checks.nonNegative("stddev", stddev);
    }

    @Override
    public void fill(RandomKey key, long from, float[] out, int offset, int length) {
        if (Math.abs(mean) + MAX_ABS_Z * stddev > Float.MAX_VALUE) {
            throw new IllegalArgumentException("mean ± 6.77·stddev must fit float32 for a float32 fill: mean="
                    + mean + ", stddev=" + stddev);
        }
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
            s.normals(key, chunk, mean, stddev);
            double[] v = s.values;
            for (int i = 0; i < 1024; i++) {
                dst[o + i] = (float) v[i]; // alone in its loop: C2 on JDK 17 cannot vectorise the conversion
            }
        });
    }

    @Override
    public void fill(RandomKey key, long from, double[] out, int offset, int length) {
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> writeDoubles(key, chunk, dst, o, s));
    }

    private void writeDoubles(RandomKey key, long chunk, double[] dst, int o, ChunkScratch s) {
        s.normals(key, chunk, mean, stddev);
        System.arraycopy(s.values, 0, dst, o, 1024);
    }
}
