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
    public void blocks(long firstBlock, int c2, int c3, long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        blocks(k0, k1, firstBlock, c2, c3, x0, x1, x2, x3, count);
    }

    @Override
    public void blocksAt(long[] x0, long[] x1, long[] x2, long[] x3, int count) {
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
     * {@code (lo32(b), hi32(b), c2, c3)}. Word {@code w} of block {@code firstBlock + j} is left,
     * as an unsigned value in the low 32 bits, in {@code xw[j]}.
     *
     * @implNote One pass over the arrays per round keeps the loop body small enough for C2 to
     * vectorise the 64-bit multiplies; folding several rounds into one pass makes it scalar again.
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
        long lo = firstBlock & MASK;
        long hi = firstBlock >>> 32;
        long w2 = c2 & MASK;
        long w3 = c3 & MASK;
        for (int j = 0; j < count; j++) {
            long c = lo + j;
            x0[j] = c & MASK;
            x2[j] = w2;
            x3[j] = (((hi + (c >>> 32)) & MASK) << 32) | w3; // words 1 and 3, packed: see rounds
        }
        rounds(k0, k1, x0, x1, x2, x3, count);
    }

    /**
     * Computes {@code count} blocks whose counters are given: on entry {@code xw[j]} holds counter
     * word {@code w} of block {@code j} as an unsigned value in the low 32 bits, on return output
     * word {@code w}. The words are those of {@link #block}; this is {@link #blocks} for counters
     * that are not consecutive.
     *
     * @param k0 key word 0
     * @param k1 key word 1
     * @param x0 counter word 0 in, output word 0 out
     * @param x1 counter word 1 in, output word 1 out
     * @param x2 counter word 2 in, output word 2 out
     * @param x3 counter word 3 in, output word 3 out
     * @param count number of blocks, at most the length of each array
     */
    public static void blocksInPlace(int k0, int k1, long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        for (int j = 0; j < count; j++) {
            x3[j] = (x1[j] << 32) | x3[j];
        }
        rounds(k0, k1, x0, x1, x2, x3, count);
    }

    /**
     * The ten rounds on words 0 and 2 in x0 and x2 and words 1 and 3 packed as
     * {@code (x1 << 32) | x3} in x3; unpacks words 1 and 3 at the end. Packing the two words that
     * each round only passes on (they are the low halves of the products) saves one load and one
     * store per block and round.
     */
    private static void rounds(int k0, int k1, long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        long key0 = k0 & MASK;
        long key1 = k1 & MASK;
        for (int r = 0; r < ROUNDS; r++) {
            round(x0, x2, x3, count, key0, key1);
            key0 = (key0 + (W0 & MASK)) & MASK;
            key1 = (key1 + (W1 & MASK)) & MASK;
        }
        for (int j = 0; j < count; j++) {
            long packed = x3[j];
            x1[j] = packed >>> 32;
            x3[j] = packed & MASK;
        }
    }

    /** One round: as in {@link #block}, with words 1 and 3 packed in {@code x13}. */
    private static void round(long[] x0, long[] x2, long[] x13, int count, long key0, long key1) {
        for (int j = 0; j < count; j++) {
            long p0 = M0_UNSIGNED * x0[j];
            long p1 = M1_UNSIGNED * x2[j];
            long packed = x13[j];
            x0[j] = (p1 >>> 32) ^ (packed >>> 32) ^ key0;
            x2[j] = (p0 >>> 32) ^ (packed & MASK) ^ key1;
            x13[j] = (p1 << 32) | (p0 & MASK);
        }
    }
}
