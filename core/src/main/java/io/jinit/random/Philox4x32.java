package io.jinit.random;

/**
 * Philox4x32-10, the counter-based generator of Salmon <i>et al</i> (2011), as a pure function
 * from a 64-bit key and a 128-bit counter to four 32-bit words.
 *
 * <p>One round maps the counter words {@code (x0, x1, x2, x3)} under the round key
 * {@code (k0, k1)} to
 * <pre>
 *   (hi0, lo0) = M0 * x0        (full 64-bit product of two unsigned 32-bit words)
 *   (hi1, lo1) = M1 * x2
 *   x0' = hi1 ^ x1 ^ k0,  x1' = lo1,  x2' = hi0 ^ x3 ^ k1,  x3' = lo0
 * </pre>
 * and the key is bumped by the Weyl constants {@code (W0, W1)} between rounds. Ten rounds are
 * applied, as in Random123, cuRAND and TensorFlow.
 *
 * <p>{@link #keyed} binds a key and gives the function as a {@link WordSource}.
 *
 * <p>{@link #block} is the reference form. {@link #blocks} computes many consecutive counters at
 * once in structure-of-arrays form, one round per pass, which the JIT turns into SIMD code; both
 * give the same words, which the tests check.
 *
 * <p>References:
 * <ol>
 * <li>Salmon, J. K. <i>et al</i> (2011)
 * <a href="https://doi.org/10.1145/2063384.2063405">Parallel random numbers: as easy as 1, 2, 3</a>.
 * SC '11.</li>
 * </ol>
 *
 * @since 0.1
 */
public final class Philox4x32 implements WordSource {
    /** Number of rounds. */
    public static final int ROUNDS = 10;
    /** Multiplier applied to word 0. */
    public static final int M0 = 0xD2511F53;
    /** Multiplier applied to word 2. */
    public static final int M1 = 0xCD9E8D57;
    /** Weyl increment of key word 0 (golden ratio). */
    public static final int W0 = 0x9E3779B9;
    /** Weyl increment of key word 1 (sqrt(3) - 1). */
    public static final int W1 = 0xBB67AE85;

    private static final long MASK = 0xFFFF_FFFFL;
    private static final long M0_UNSIGNED = M0 & MASK;
    private static final long M1_UNSIGNED = M1 & MASK;

    private final int k0;
    private final int k1;

    private Philox4x32(int k0, int k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /**
     * The generator under a key, as a word source.
     *
     * @param key the key
     * @return the source whose blocks are those of {@link #blocks} and {@link #blocksInPlace}
     *     under {@code (key.k0(), key.k1())}
     */
    public static Philox4x32 keyed(RandomKey key) {
        return new Philox4x32(key.k0(), key.k1());
    }

    @Override
    public void blocks(long firstBlock, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
    }

    @Override
    public void blocksAt(int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        blocksInPlace(k0, k1, x0, x1, x2, x3, count);
    }

    /**
     * Two keyed generators are equal when their keys are.
     *
     * @param o another object
     * @return whether o is a Philox4x32 under the same key
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Philox4x32 && ((Philox4x32) o).k0 == k0 && ((Philox4x32) o).k1 == k1;
    }

    @Override
    public int hashCode() {
        return 31 * k0 + k1;
    }

    @Override
    public String toString() {
        return String.format("Philox4x32[%08x, %08x]", k0, k1);
    }

    /**
     * Computes one block.
     *
     * @param k0 key word 0
     * @param k1 key word 1
     * @param c0 counter word 0 (least significant)
     * @param c1 counter word 1
     * @param c2 counter word 2
     * @param c3 counter word 3
     * @param out receives the four output words at indices 0..3
     */
    public static void block(int k0, int k1, int c0, int c1, int c2, int c3, int[] out) {
        long x0 = c0 & MASK;
        long x1 = c1 & MASK;
        long x2 = c2 & MASK;
        long x3 = c3 & MASK;
        long key0 = k0 & MASK;
        long key1 = k1 & MASK;
        for (int r = 0; r < ROUNDS; r++) {
            long p0 = M0_UNSIGNED * x0;
            long p1 = M1_UNSIGNED * x2;
            long n0 = (p1 >>> 32) ^ x1 ^ key0;
            long n2 = (p0 >>> 32) ^ x3 ^ key1;
            x1 = p1 & MASK;
            x3 = p0 & MASK;
            x0 = n0;
            x2 = n2;
            key0 = (key0 + (W0 & MASK)) & MASK;
            key1 = (key1 + (W1 & MASK)) & MASK;
        }
        out[0] = (int) x0;
        out[1] = (int) x1;
        out[2] = (int) x2;
        out[3] = (int) x3;
    }

    /**
     * Computes {@code count} consecutive blocks whose 64-bit block numbers are
     * {@code firstBlock, firstBlock + 1, ...}: block {@code b} has counter
     * {@code (lo32(b), hi32(b), c2, c3)}. Word {@code w} of block {@code firstBlock + j} is left in
     * {@code xw[j]}.
     *
     * @implNote One pass over the arrays per round keeps the loop body small enough for C2 to
     * vectorise it; folding several rounds into one pass makes it scalar again. The products are
     * 64-bit lane multiplies where the JIT has them in one instruction, else assembled from
     * 32-bit multiplies of 16-bit pieces ({@code LaneMultiply} chooses); the words are the same.
     *
     * @param k0 key word 0
     * @param k1 key word 1
     * @param firstBlock block number of the first block
     * @param c2 counter word 2 of every block
     * @param c3 counter word 3 of every block
     * @param x0 receives word 0 of each block
     * @param x1 receives word 1 of each block
     * @param x2 receives word 2 of each block
     * @param x3 receives word 3 of each block
     * @param count number of blocks, at most the length of each array
     */
    public static void blocks(int k0, int k1, long firstBlock, int c2, int c3,
                              int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        if (LaneMultiply.LONG_LANES) {
            PhiloxLongLanes.blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
        } else {
            PhiloxIntLanes.blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
        }
    }

    /**
     * Whether this JVM computes blocks faster with 64-bit lane products, in which case the words
     * come cheapest as longs ({@link #blocks(long, int, int, long[], long[], long[], long[], int)}):
     * true where the JIT multiplies 64-bit vector lanes in one instruction (x86 with AVX-512, ARM
     * with SVE), false under AVX2, SSE and 128-bit NEON, where the products are assembled from
     * 32-bit multiplies instead. Both forms give the same words; this only says which is faster.
     *
     * @return whether the long forms are the fast ones here
     */
    public static boolean longLanes() {
        return LaneMultiply.LONG_LANES;
    }

    /**
     * {@link #blocks(long, int, int, int[], int[], int[], int[], int)} with the words as unsigned
     * values in the low 32 bits of longs, computed without narrowing where
     * {@link #longLanes()}.
     *
     * @param firstBlock block number of the first block
     * @param c2 counter word 2 of every block
     * @param c3 counter word 3 of every block
     * @param x0 receives word 0 of each block
     * @param x1 receives word 1 of each block
     * @param x2 receives word 2 of each block
     * @param x3 receives word 3 of each block
     * @param count number of blocks, at most the length of each array
     */
    public void blocks(long firstBlock, int c2, int c3, long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
    }

    /**
     * {@link #blocks(int, int, long, int, int, int[], int[], int[], int[], int)} with the words as
     * unsigned values in the low 32 bits of longs, always computed in 64-bit lanes.
     *
     * @param k0 key word 0
     * @param k1 key word 1
     * @param firstBlock block number of the first block
     * @param c2 counter word 2 of every block
     * @param c3 counter word 3 of every block
     * @param x0 receives word 0 of each block
     * @param x1 receives word 1 of each block
     * @param x2 receives word 2 of each block
     * @param x3 receives word 3 of each block
     * @param count number of blocks, at most the length of each array
     */
    public static void blocks(int k0, int k1, long firstBlock, int c2, int c3,
                              long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        PhiloxLongLanes.blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
    }

    /**
     * Computes {@code count} blocks whose counters are given: on entry {@code xw[j]} holds counter
     * word {@code w} of block {@code j}, on return output word {@code w}. The words are those of
     * {@link #block}; this is {@link #blocks} for counters that are not consecutive.
     *
     * @param k0 key word 0
     * @param k1 key word 1
     * @param x0 counter word 0 in, output word 0 out
     * @param x1 counter word 1 in, output word 1 out
     * @param x2 counter word 2 in, output word 2 out
     * @param x3 counter word 3 in, output word 3 out
     * @param count number of blocks, at most the length of each array
     */
    public static void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        if (LaneMultiply.LONG_LANES) {
            PhiloxLongLanes.blocksInPlace(k0, k1, x0, x1, x2, x3, count);
        } else {
            PhiloxIntLanes.blocksInPlace(k0, k1, x0, x1, x2, x3, count);
        }
    }
}
