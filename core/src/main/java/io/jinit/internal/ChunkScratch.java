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
    /** Intermediates of the Box-Muller steps; what each holds is noted where it is written. */
    private final double[] t0 = new double[PAIRS];
    private final double[] t1 = new double[PAIRS];
    private final double[] t2 = new double[PAIRS];
    private final long[] bits = new long[PAIRS];
    private final long[] exponents = new long[PAIRS];
    private final double[] pair = new double[2];

    /** Elements per call of {@link #redrawNormals}. */
    public static final int REDRAW_BATCH = PAIRS / 2;
    private static final long MASK = 0xFFFF_FFFFL;
    /** Redraw candidates: {@link #redrawNormals}, {@link #laterRedrawNormals}. */
    public final double[] redraws = new double[2 * REDRAW_BATCH];
    private final long[] r0 = new long[REDRAW_BATCH];
    private final long[] r1 = new long[REDRAW_BATCH];
    private final long[] r2 = new long[REDRAW_BATCH];
    private final long[] r3 = new long[REDRAW_BATCH];

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
        polar(key, chunk);
        double[] v = values;
        for (int p = 0; p < PAIRS; p++) {
            v[p] = radius[p] * cos[p];
        }
        for (int p = 0; p < PAIRS; p++) {
            v[PAIRS + p] = radius[p] * sin[p];
        }
    }

    /**
     * Computes {@code mean + stddev·z} for the chunk's 1024 standard normals z into
     * {@link #values}: the same doubles as {@link #standardNormals} followed by that affine map.
     *
     * @param key the key
     * @param chunk the chunk index
     * @param mean the mean
     * @param stddev the standard deviation
     */
    public void normals(RandomKey key, long chunk, double mean, double stddev) {
        polar(key, chunk);
        double[] v = values;
        for (int p = 0; p < PAIRS; p++) {
            v[p] = mean + stddev * (radius[p] * cos[p]);
        }
        for (int p = 0; p < PAIRS; p++) {
            v[PAIRS + p] = mean + stddev * (radius[p] * sin[p]);
        }
    }

    /**
     * The Box-Muller radii and angles of the chunk's 512 pairs (pair p: radius word = word p of
     * (x0, x1), angle word = word p of (x2, x3)) into radius, cos and sin: the values of
     * {@link BoxMuller#reduce}, {@link BoxMuller#radius} and {@link BoxMuller#angle}, computed
     * in BoxMuller's small per-step loops.
     */
    private void polar(RandomKey key, long chunk) {
        words(key, chunk);
        int half = CounterLayout.BLOCKS_PER_CHUNK;
        transform(x0, x2, half, x1, x3, half);
    }

    /**
     * Box-Muller on countA + countB pairs: pair p &lt; countA takes radius word {@code rA[p]} and
     * angle word {@code aA[p]}, pair countA + p takes {@code rB[p]} and {@code aB[p]}; the radii
     * and angles go to radius[0 .. countA + countB), cos and sin.
     */
    private void transform(long[] rA, long[] aA, int countA, long[] rB, long[] aB, int countB) {
        int n = countA + countB;
        // ln u1 = k ln 2 + ln(1 + f)
        BoxMuller.radiusUniforms(rA, countA, t0, 0);
        BoxMuller.radiusUniforms(rB, countB, t0, countA);
        BoxMuller.rawBits(t0, bits, n);
        BoxMuller.splitExponent(bits, exponents, n);
        BoxMuller.mantissas(bits, f, n);
        BoxMuller.exponents(exponents, k, n);
        BoxMuller.logSeries(f, t0, t1, n); // t0 = s, t1 = r
        BoxMuller.radii(f, k, t0, t1, radius, n);
        // (cos θ, sin θ) from the quarter angle b by two doublings
        BoxMuller.quarterAngles(aA, countA, t0, 0);
        BoxMuller.quarterAngles(aB, countB, t0, countA);
        BoxMuller.sines(t0, t1, n); // t1 = sin b
        BoxMuller.cosines(t0, t2, n); // t2 = cos b
        BoxMuller.doubledCos(t1, t2, f, n); // f = cos 2b
        BoxMuller.doubledSin(t1, t2, k, n); // k = sin 2b
        BoxMuller.doubledCos(k, f, cos, n);
        BoxMuller.doubledSin(k, f, sin, n);
    }

    /**
     * The first two redraw candidates of up to {@value #REDRAW_BATCH} elements for one attempt
     * (layout in {@link CounterLayout}): element {@code e = elements[from + q]} reads the block
     * with counter {@code (lo32(e), hi32(e), attempt, REDRAW_DOMAIN)}, and {@link #redraws}
     * {@code [2q]} and {@code [2q + 1]} get r·cos θ and r·sin θ of its pair (x0, x2), the values of
     * {@link BoxMuller#pair} on those words. The block's other pair, (x1, x3), gives the third and
     * fourth candidates, computed by {@link #laterRedrawNormals} only for the few elements that
     * reject both of the first two. The elements need not be consecutive nor in one chunk; the
     * more of them per call, the better the loops vectorise.
     *
     * @param key the key
     * @param elements element indices
     * @param from first entry of elements to use
     * @param count number of entries, at most {@value #REDRAW_BATCH}
     * @param attempt the attempt number, &gt;= 1
     */
    public void redrawNormals(RandomKey key, long[] elements, int from, int count, int attempt) {
        for (int q = 0; q < count; q++) {
            long e = elements[from + q];
            r0[q] = e & MASK;
            r1[q] = e >>> 32;
            r2[q] = attempt & MASK;
            r3[q] = CounterLayout.REDRAW_DOMAIN;
        }
        Philox4x32.blocksInPlace(key.k0(), key.k1(), r0, r1, r2, r3, count);
        transform(r0, r2, count, r1, r3, 0);
        double[] c = redraws;
        for (int q = 0; q < count; q++) {
            c[2 * q] = radius[q] * cos[q];
            c[2 * q + 1] = radius[q] * sin[q];
        }
    }

    /**
     * The third and fourth redraw candidates, from the pair (x1, x3) of the blocks of the last
     * {@link #redrawNormals} call: for {@code i < m}, entry {@code q = which[i]} of that call gets
     * them in {@link #redraws}{@code [2i]} and {@code [2i + 1]}, replacing the first candidates
     * there.
     *
     * @param which entries of the last redrawNormals call, increasing
     * @param m how many
     */
    public void laterRedrawNormals(int[] which, int m) {
        for (int i = 0; i < m; i++) {
            r0[i] = r1[which[i]];
            r2[i] = r3[which[i]];
        }
        transform(r0, r2, m, r1, r3, 0);
        double[] c = redraws;
        for (int i = 0; i < m; i++) {
            c[2 * i] = radius[i] * cos[i];
            c[2 * i + 1] = radius[i] * sin[i];
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
