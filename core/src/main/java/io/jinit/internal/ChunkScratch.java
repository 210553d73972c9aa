package io.jinit.internal;

import io.jinit.random.CounterLayout;
import io.jinit.random.Philox4x32;
import io.jinit.random.WordSource;

/**
 * Per-call working memory for filling one chunk of {@value CounterLayout#CHUNK_ELEMENTS}
 * elements: the words of its 256 blocks and the Box-Muller intermediates. One fill call (one
 * thread) owns one instance; it is the only mutable helper on the value path. Its arrays stay
 * inside: each method writes what it computes into the caller's array.
 *
 * <p>The words of a chunk are read in element order: element {@code 1024c + 256r + j} of
 * chunk {@code c} reads word {@code r} of block {@code 256c + j} ({@link CounterLayout}).
 */
public final class ChunkScratch {
    private static final int PAIRS = CounterLayout.CHUNK_ELEMENTS / 2;
    private static final int QUARTER = CounterLayout.BLOCKS_PER_CHUNK;

    /** Elements per call of {@link #redrawNormals}. */
    public static final int REDRAW_BATCH = PAIRS / 2;

    /** Words 0..3 of the chunk's blocks. */
    private final int[] x0 = new int[QUARTER];
    private final int[] x1 = new int[QUARTER];
    private final int[] x2 = new int[QUARTER];
    private final int[] x3 = new int[QUARTER];
    /**
     * The same words as unsigned longs, where Philox computes them in 64-bit lanes
     * ({@link Philox4x32#longLanes}): reading them so saves narrowing them to ints first.
     */
    private final long[] y0 = new long[QUARTER];
    private final long[] y1 = new long[QUARTER];
    private final long[] y2 = new long[QUARTER];
    private final long[] y3 = new long[QUARTER];
    /** Whether Philox's words are read as longs (y0..y3) or as ints (x0..x3). */
    private final boolean longWords;
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
    /** Counters, then words, of the redraw blocks. */
    private final int[] r0 = new int[REDRAW_BATCH];
    private final int[] r1 = new int[REDRAW_BATCH];
    private final int[] r2 = new int[REDRAW_BATCH];
    private final int[] r3 = new int[REDRAW_BATCH];

    /** Scratch that reads Philox's words in the form that is faster on this JVM. */
    public ChunkScratch() {
        this(Philox4x32.longLanes());
    }

    /**
     * Scratch that reads Philox's words in the given form; both give the same values.
     *
     * @param longWords whether to read Philox's words as longs rather than ints
     */
    public ChunkScratch(boolean longWords) {
        this.longWords = longWords;
    }

    /**
     * Computes the words of a chunk's primary blocks: into y0..y3 when the source is Philox and
     * the words are read as longs, else into x0..x3.
     *
     * @return whether the words are in y0..y3
     */
    private boolean words(WordSource source, long chunk) {
        long first = CounterLayout.firstBlock(chunk);
        if (longWords && source instanceof Philox4x32) {
            ((Philox4x32) source).blocks(first, 0, CounterLayout.PRIMARY_DOMAIN, y0, y1, y2, y3, QUARTER);
            return true;
        }
        source.blocks(first, 0, CounterLayout.PRIMARY_DOMAIN, x0, x1, x2, x3, QUARTER);
        return false;
    }

    /**
     * The top 24 bits of each of the chunk's 1024 words, {@code w >>> 8}, as floats (exact), in
     * element order.
     *
     * @param source the words
     * @param chunk the chunk index
     * @param dst receives the values at {@code dst[offset .. offset + 1024)}
     * @param offset where to write
     */
    public void topBits(WordSource source, long chunk, float[] dst, int offset) {
        // One call per quarter, written out: C2 compiles these as straight calls to the two loops
        // below, which a loop over the quarters through a functional interface slowed by 10-15 %
        // on JDK 25 with AVX-512 (FF harness, docs/performance.md).
        if (words(source, chunk)) {
            topBits(y0, dst, offset);
            topBits(y1, dst, offset + QUARTER);
            topBits(y2, dst, offset + 2 * QUARTER);
            topBits(y3, dst, offset + 3 * QUARTER);
        } else {
            topBits(x0, dst, offset);
            topBits(x1, dst, offset + QUARTER);
            topBits(x2, dst, offset + 2 * QUARTER);
            topBits(x3, dst, offset + 3 * QUARTER);
        }
    }

    /** The conversion alone in its loop: C2 on JDK 17 vectorises it only so. */
    private static void topBits(int[] words, float[] dst, int offset) {
        for (int j = 0; j < QUARTER; j++) {
            dst[offset + j] = (float) (words[j] >>> 8);
        }
    }

    /** As for int words; the 24 bits go through an int, which C2 converts faster than a long. */
    private static void topBits(long[] words, float[] dst, int offset) {
        for (int j = 0; j < QUARTER; j++) {
            dst[offset + j] = (float) (int) (words[j] >>> 8);
        }
    }

    /**
     * Each of the chunk's 1024 words centred on zero, {@code w - 2^31}, as doubles (exact), in
     * element order. Adding {@code 2^31 + 0.5} to one gives {@code w + 0.5} exactly.
     *
     * @param source the words
     * @param chunk the chunk index
     * @param dst receives the values at {@code dst[offset .. offset + 1024)}
     * @param offset where to write
     */
    public void centredWords(WordSource source, long chunk, double[] dst, int offset) {
        if (words(source, chunk)) {
            centred(y0, dst, offset);
            centred(y1, dst, offset + QUARTER);
            centred(y2, dst, offset + 2 * QUARTER);
            centred(y3, dst, offset + 3 * QUARTER);
        } else {
            centred(x0, dst, offset);
            centred(x1, dst, offset + QUARTER);
            centred(x2, dst, offset + 2 * QUARTER);
            centred(x3, dst, offset + 3 * QUARTER);
        }
    }

    /** {@code w ^ 0x80000000} read as a signed int is {@code w - 2^31}. */
    private static void centred(int[] words, double[] dst, int offset) {
        for (int j = 0; j < QUARTER; j++) {
            dst[offset + j] = words[j] ^ Integer.MIN_VALUE;
        }
    }

    /** As for int words, through an int: C2 converts int to double faster than long on JDK 17. */
    private static void centred(long[] words, double[] dst, int offset) {
        for (int j = 0; j < QUARTER; j++) {
            dst[offset + j] = (int) words[j] ^ Integer.MIN_VALUE;
        }
    }

    /**
     * Computes {@code mean + stddev·z} for the chunk's 1024 standard normals z (layout in
     * {@link CounterLayout}).
     *
     * @param source the words
     * @param chunk the chunk index
     * @param mean the mean
     * @param stddev the standard deviation
     * @param dst receives the values at {@code dst[offset .. offset + 1024)}
     * @param offset where to write
     */
    public void normals(WordSource source, long chunk, double mean, double stddev, double[] dst, int offset) {
        polar(source, chunk);
        for (int p = 0; p < PAIRS; p++) {
            dst[offset + p] = mean + stddev * (radius[p] * cos[p]);
        }
        for (int p = 0; p < PAIRS; p++) {
            dst[offset + PAIRS + p] = mean + stddev * (radius[p] * sin[p]);
        }
    }

    /**
     * The Box-Muller radii and angles of the chunk's 512 pairs (pair p: radius word = word p of
     * (x0, x1), angle word = word p of (x2, x3)) into radius, cos and sin, computed in
     * {@link BoxMuller}'s small per-step loops.
     */
    private void polar(WordSource source, long chunk) {
        if (words(source, chunk)) {
            BoxMuller.radiusUniforms(y0, QUARTER, t0, 0);
            BoxMuller.radiusUniforms(y1, QUARTER, t0, QUARTER);
            radii(PAIRS);
            BoxMuller.quarterAngles(y2, QUARTER, t0, 0);
            BoxMuller.quarterAngles(y3, QUARTER, t0, QUARTER);
            angles(PAIRS);
        } else {
            transform(x0, x2, QUARTER, x1, x3, QUARTER);
        }
    }

    /**
     * Box-Muller on countA + countB pairs: pair p &lt; countA takes radius word {@code rA[p]} and
     * angle word {@code aA[p]}, pair countA + p takes {@code rB[p]} and {@code aB[p]}; the radii
     * and angles go to radius[0 .. countA + countB), cos and sin.
     */
    private void transform(int[] rA, int[] aA, int countA, int[] rB, int[] aB, int countB) {
        BoxMuller.radiusUniforms(rA, countA, t0, 0);
        BoxMuller.radiusUniforms(rB, countB, t0, countA);
        radii(countA + countB);
        BoxMuller.quarterAngles(aA, countA, t0, 0);
        BoxMuller.quarterAngles(aB, countB, t0, countA);
        angles(countA + countB);
    }

    /** The radii of pairs [0, n) from their uniforms u1 in t0. */
    private void radii(int n) {
        // ln u1 = k ln 2 + ln(1 + f)
        BoxMuller.rawBits(t0, bits, n);
        BoxMuller.splitExponent(bits, exponents, n);
        BoxMuller.mantissas(bits, f, n);
        BoxMuller.exponents(exponents, k, n);
        BoxMuller.logSeries(f, t0, t1, n); // t0 = s, t1 = r
        BoxMuller.radii(f, k, t0, t1, radius, n);
    }

    /** (cos θ, sin θ) of pairs [0, n) from their quarter angles b in t0, by two doublings. */
    private void angles(int n) {
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
     * with counter {@code (lo32(e), hi32(e), attempt, REDRAW_DOMAIN)}, and {@code candidates[2q]}
     * and {@code [2q + 1]} get r·cos θ and r·sin θ of its pair (x0, x2), the same values the
     * chunk kernels give for such a pair of words ({@link BoxMuller}). The block's other pair, (x1, x3), gives the third and
     * fourth candidates, computed by {@link #laterRedrawNormals} only for the few elements that
     * reject both of the first two. The elements need not be consecutive nor in one chunk; the
     * more of them per call, the better the loops vectorise.
     *
     * @param source the words
     * @param elements element indices
     * @param from first entry of elements to use
     * @param count number of entries, at most {@value #REDRAW_BATCH}
     * @param attempt the attempt number, &gt;= 1
     * @param candidates receives the candidates at [0, 2 count)
     */
    public void redrawNormals(WordSource source, long[] elements, int from, int count, int attempt,
                              double[] candidates) {
        for (int q = 0; q < count; q++) {
            long e = elements[from + q];
            r0[q] = (int) e;
            r1[q] = (int) (e >>> 32);
            r2[q] = attempt;
            r3[q] = CounterLayout.REDRAW_DOMAIN;
        }
        source.blocksAt(r0, r1, r2, r3, count);
        transform(r0, r2, count, r1, r3, 0);
        double[] c = candidates;
        for (int q = 0; q < count; q++) {
            c[2 * q] = radius[q] * cos[q];
            c[2 * q + 1] = radius[q] * sin[q];
        }
    }

    /**
     * The third and fourth redraw candidates, from the pair (x1, x3) of the blocks of the last
     * {@link #redrawNormals} call: for {@code i < m}, entry {@code q = which[i]} of that call gets
     * them in {@code candidates[2i]} and {@code [2i + 1]}.
     *
     * @param which entries of the last redrawNormals call, increasing
     * @param m how many
     * @param candidates receives the candidates at [0, 2 m)
     */
    public void laterRedrawNormals(int[] which, int m, double[] candidates) {
        for (int i = 0; i < m; i++) {
            r0[i] = r1[which[i]];
            r2[i] = r3[which[i]];
        }
        transform(r0, r2, m, r1, r3, 0);
        double[] c = candidates;
        for (int i = 0; i < m; i++) {
            c[2 * i] = radius[i] * cos[i];
            c[2 * i + 1] = radius[i] * sin[i];
        }
    }
}
