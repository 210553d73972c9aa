package io.jinit.internal;

import io.jinit.random.CounterLayout;
import io.jinit.random.Philox4x32;
import io.jinit.random.RandomKey;

/**
 * Per-call working memory for filling one chunk of {@value CounterLayout#CHUNK_ELEMENTS}
 * elements: the words of its 256 Philox blocks and the Box-Muller intermediates. One fill call
 * (one thread) owns one instance; it is the only mutable helper on the value path.
 */
public final class ChunkScratch {
    private static final int PAIRS = CounterLayout.CHUNK_ELEMENTS / 2;

    /** Words 0..3 of the chunk's blocks. */
    public final long[] x0 = new long[CounterLayout.BLOCKS_PER_CHUNK];
    /** Word 1. */
    public final long[] x1 = new long[CounterLayout.BLOCKS_PER_CHUNK];
    /** Word 2. */
    public final long[] x2 = new long[CounterLayout.BLOCKS_PER_CHUNK];
    /** Word 3. */
    public final long[] x3 = new long[CounterLayout.BLOCKS_PER_CHUNK];
    /** Standard normals of the chunk, or any double values of it. */
    public final double[] values = new double[CounterLayout.CHUNK_ELEMENTS];
    /** Float values of a partial chunk. */
    public final float[] floats = new float[CounterLayout.CHUNK_ELEMENTS];
    private final double[] f = new double[PAIRS];
    private final double[] k = new double[PAIRS];
    private final double[] radius = new double[PAIRS];
    private final double[] cos = new double[PAIRS];
    private final double[] sin = new double[PAIRS];
    private final double[] pair = new double[2];

    /**
     * Computes the words of a chunk's blocks into {@link #x0}..{@link #x3}.
     *
     * @param key the key
     * @param chunk the chunk index
     */
    public void words(RandomKey key, long chunk) {
        Philox4x32.blocks(key.k0(), key.k1(), CounterLayout.firstBlock(chunk), 0, CounterLayout.PRIMARY_DOMAIN,
                x0, x1, x2, x3, CounterLayout.BLOCKS_PER_CHUNK);
    }

    /**
     * Computes the chunk's 1024 standard normals into {@link #values} (layout in
     * {@link CounterLayout}).
     *
     * @param key the key
     * @param chunk the chunk index
     */
    public void standardNormals(RandomKey key, long chunk) {
        words(key, chunk);
        int half = CounterLayout.BLOCKS_PER_CHUNK;
        BoxMuller.reduce(x0, half, f, k, 0);
        BoxMuller.reduce(x1, half, f, k, half);
        BoxMuller.radius(f, k, radius, PAIRS);
        BoxMuller.angle(x2, half, cos, sin, 0);
        BoxMuller.angle(x3, half, cos, sin, half);
        double[] v = values;
        for (int p = 0; p < PAIRS; p++) {
            v[p] = radius[p] * cos[p];
        }
        for (int p = 0; p < PAIRS; p++) {
            v[PAIRS + p] = radius[p] * sin[p];
        }
    }

    /**
     * The reusable two-element buffer of {@link BoxMuller#pair}.
     *
     * @return the buffer
     */
    public double[] pairBuffer() {
        return pair;
    }
}
