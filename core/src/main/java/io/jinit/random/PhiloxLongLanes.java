package io.jinit.random;

/**
 * The ten Philox4x32 rounds over many blocks with each 32 x 32 bit product taken as one 64-bit
 * multiply: the fast form where the JIT multiplies 64-bit vector lanes in one instruction
 * (AVX-512DQ's {@code vpmullq}, SVE). Words 1 and 3, which a round only passes on, travel packed
 * as {@code (x1 << 32) | x3} in one long, so a round pass loads and stores three arrays, not
 * four.
 *
 * <p>Every output word is that of {@link Philox4x32#block}. The words are computed as unsigned
 * values in the low 32 bits of longs, the form callers that can read them so take directly; for
 * int arrays they are computed in per-thread scratch, reused from call to call, and narrowed.
 */
final class PhiloxLongLanes {
    private static final long MASK = 0xFFFF_FFFFL;
    private static final long M0_UNSIGNED = Philox4x32.M0 & MASK;
    private static final long M1_UNSIGNED = Philox4x32.M1 & MASK;

    /** Words 0, 2 and (1, 3) packed, of the blocks of one call. */
    private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[3][0]);

    private PhiloxLongLanes() {
    }

    /** As {@link Philox4x32#blocks(int, int, long, int, int, long[], long[], long[], long[], int)}. */
    static void blocks(int k0, int k1, long firstBlock, int c2, int c3,
                       long[] x0, long[] x1, long[] x2, long[] x3, int count) {
        long lo = firstBlock & MASK;
        long hi = firstBlock >>> 32;
        long w2 = c2 & MASK;
        long w3 = c3 & MASK;
        for (int j = 0; j < count; j++) {
            long c = lo + j;
            x0[j] = c & MASK;
            x2[j] = w2;
            x3[j] = (((hi + (c >>> 32)) & MASK) << 32) | w3;
        }
        rounds(k0, k1, x0, x2, x3, count);
        for (int j = 0; j < count; j++) {
            long packed = x3[j];
            x1[j] = packed >>> 32;
            x3[j] = packed & MASK;
        }
    }

    /** As {@link Philox4x32#blocks(int, int, long, int, int, int[], int[], int[], int[], int)}. */
    static void blocks(int k0, int k1, long firstBlock, int c2, int c3,
                       int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        long[][] s = scratch(count);
        long[] y0 = s[0];
        long[] y2 = s[1];
        long[] y13 = s[2];
        long lo = firstBlock & MASK;
        long hi = firstBlock >>> 32;
        long w2 = c2 & MASK;
        long w3 = c3 & MASK;
        for (int j = 0; j < count; j++) {
            long c = lo + j;
            y0[j] = c & MASK;
            y2[j] = w2;
            y13[j] = (((hi + (c >>> 32)) & MASK) << 32) | w3;
        }
        rounds(k0, k1, y0, y2, y13, count);
        narrow(y0, y2, y13, x0, x1, x2, x3, count);
    }

    /** As {@link Philox4x32#blocksInPlace}. */
    static void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        long[][] s = scratch(count);
        long[] y0 = s[0];
        long[] y2 = s[1];
        long[] y13 = s[2];
        for (int j = 0; j < count; j++) {
            y0[j] = x0[j] & MASK;
            y2[j] = x2[j] & MASK;
            y13[j] = ((long) x1[j] << 32) | (x3[j] & MASK);
        }
        rounds(k0, k1, y0, y2, y13, count);
        narrow(y0, y2, y13, x0, x1, x2, x3, count);
    }

    private static long[][] scratch(int count) {
        long[][] s = SCRATCH.get();
        if (s[0].length < count) {
            for (int i = 0; i < s.length; i++) {
                s[i] = new long[count];
            }
        }
        return s;
    }

    private static void rounds(int k0, int k1, long[] y0, long[] y2, long[] y13, int count) {
        long key0 = k0 & MASK;
        long key1 = k1 & MASK;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            round(y0, y2, y13, count, key0, key1);
            key0 = (key0 + (Philox4x32.W0 & MASK)) & MASK;
            key1 = (key1 + (Philox4x32.W1 & MASK)) & MASK;
        }
    }

    /** One round, as in {@link Philox4x32#block}, with words 1 and 3 packed in {@code y13}. */
    private static void round(long[] y0, long[] y2, long[] y13, int count, long key0, long key1) {
        for (int j = 0; j < count; j++) {
            long p0 = M0_UNSIGNED * y0[j];
            long p1 = M1_UNSIGNED * y2[j];
            long packed = y13[j];
            y0[j] = (p1 >>> 32) ^ (packed >>> 32) ^ key0;
            y2[j] = (p0 >>> 32) ^ (packed & MASK) ^ key1;
            y13[j] = (p1 << 32) | (p0 & MASK);
        }
    }

    /** The output words as ints, each in a loop of its own. */
    private static void narrow(long[] y0, long[] y2, long[] y13, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        for (int j = 0; j < count; j++) {
            x0[j] = (int) y0[j];
        }
        for (int j = 0; j < count; j++) {
            x1[j] = (int) (y13[j] >>> 32);
        }
        for (int j = 0; j < count; j++) {
            x2[j] = (int) y2[j];
        }
        for (int j = 0; j < count; j++) {
            x3[j] = (int) y13[j];
        }
    }
}
