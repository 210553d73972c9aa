package io.jinit.random;

/**
 * The ten Philox4x32 rounds over many blocks in 32-bit lanes only: the fast form where the JIT
 * has no 64-bit lane multiply (AVX2, SSE, 128-bit NEON), and vectorises 32-bit multiplies eight or
 * four lanes wide instead. The high half of each 32 x 32 bit product is assembled from 16-bit
 * pieces (Warren, <i>Hacker's Delight</i>, 2nd ed., §8-2, unsigned {@code mulhu}); for a word
 * {@code x = a·2^16 + b} and a multiplier {@code M = c·2^16 + d}:
 * <pre>
 *   t = b·d
 *   u = a·d + (t &gt;&gt;&gt; 16)                   below 2^32: no overflow
 *   v = b·c + (u &amp; 0xFFFF)
 *   hi = a·c + (u &gt;&gt;&gt; 16) + (v &gt;&gt;&gt; 16)
 *   lo = x·M  (mod 2^32)
 * </pre>
 * Every output word is that of {@link Philox4x32#block}; the blocks are computed in place in the
 * caller's arrays.
 */
final class PhiloxIntLanes {
    private static final int M0_HIGH = Philox4x32.M0 >>> 16;
    private static final int M0_LOW = Philox4x32.M0 & 0xFFFF;
    private static final int M1_HIGH = Philox4x32.M1 >>> 16;
    private static final int M1_LOW = Philox4x32.M1 & 0xFFFF;

    private PhiloxIntLanes() {
    }

    /** As {@link Philox4x32#blocks}. */
    static void blocks(int k0, int k1, long firstBlock, int c2, int c3,
                       int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        for (int j = 0; j < count; j++) {
            long b = firstBlock + j;
            x0[j] = (int) b;
            x1[j] = (int) (b >>> 32);
            x2[j] = c2;
            x3[j] = c3;
        }
        blocksInPlace(k0, k1, x0, x1, x2, x3, count);
    }

    /** As {@link Philox4x32#blocksInPlace}. */
    static void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
        int key0 = k0;
        int key1 = k1;
        for (int r = 0; r < Philox4x32.ROUNDS; r++) {
            round(x0, x1, x2, x3, count, key0, key1);
            key0 += Philox4x32.W0;
            key1 += Philox4x32.W1;
        }
    }

    /** One round, as in {@link Philox4x32#block}. */
    private static void round(int[] x0, int[] x1, int[] x2, int[] x3, int count, int key0, int key1) {
        for (int j = 0; j < count; j++) {
            int w0 = x0[j];
            int w2 = x2[j];
            int a0 = w0 >>> 16;
            int b0 = w0 & 0xFFFF;
            int a2 = w2 >>> 16;
            int b2 = w2 & 0xFFFF;
            int u0 = a0 * M0_LOW + ((b0 * M0_LOW) >>> 16);
            int u2 = a2 * M1_LOW + ((b2 * M1_LOW) >>> 16);
            int v0 = b0 * M0_HIGH + (u0 & 0xFFFF);
            int v2 = b2 * M1_HIGH + (u2 & 0xFFFF);
            int hi0 = a0 * M0_HIGH + (u0 >>> 16) + (v0 >>> 16);
            int hi2 = a2 * M1_HIGH + (u2 >>> 16) + (v2 >>> 16);
            x0[j] = hi2 ^ x1[j] ^ key0;
            x2[j] = hi0 ^ x3[j] ^ key1;
            x1[j] = w2 * Philox4x32.M1;
            x3[j] = w0 * Philox4x32.M0;
        }
    }
}
