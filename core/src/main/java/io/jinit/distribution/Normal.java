package io.jinit.distribution;

import io.jinit.internal.Checks;
import io.jinit.internal.ChunkWalk;
import io.jinit.random.CounterLayout;
import io.jinit.random.WordSource;

/**
 * The normal distribution N(mean, stddev<sup>2</sup>).
 *
 * <p>Stream use: Box-Muller on fixed word pairs ({@link io.jinit.internal.BoxMuller}, layout in
 * {@link io.jinit.random.CounterLayout}); two words per pair of elements: in chunk {@code c},
 * the words of elements {@code 1024c + p} (radius) and {@code 1024c + 512 + p} (angle),
 * {@code p < 512}, give elements {@code 1024c + p} (cos) and {@code 1024c + 512 + p} (sin). The value is
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
    public void fill(WordSource words, long from, float[] out, int offset, int length) {
        if (Math.abs(mean) + MAX_ABS_Z * stddev > Float.MAX_VALUE) {
            throw new IllegalArgumentException("mean ± 6.77·stddev must fit float32 for a float32 fill: mean="
                    + mean + ", stddev=" + stddev);
        }
        double[] v = new double[CounterLayout.CHUNK_ELEMENTS];
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
            s.normals(words, chunk, mean, stddev, v, 0);
            for (int i = 0; i < 1024; i++) {
                dst[o + i] = (float) v[i]; // alone in its loop: C2 on JDK 17 cannot vectorise the conversion
            }
        });
    }

    @Override
    public void fill(WordSource words, long from, double[] out, int offset, int length) {
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> s.normals(words, chunk, mean, stddev, dst, o));
    }
}
