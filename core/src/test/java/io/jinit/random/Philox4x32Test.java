package io.jinit.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Philox4x32Test {

    private static int[] block(int k0, int k1, int c0, int c1, int c2, int c3) {
        int[] out = new int[4];
        Philox4x32.block(k0, k1, c0, c1, c2, c3, out);
        return out;
    }

    /** Random123's known-answer vectors for philox4x32_10 (kat_vectors). */
    @Test
    void random123KnownAnswers() {
        assertThat(block(0, 0, 0, 0, 0, 0))
                .containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(block(-1, -1, -1, -1, -1, -1))
                .containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
        assertThat(block(0xa4093822, 0x299f31d0, 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344))
                .containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
    }

    /**
     * Commons RNG 1.7's Philox4x32 is an independent implementation. Its seed is
     * {key0, key1, counter0..3} and its first output block is that of counter + 1.
     */
    @Test
    void agreesWithCommonsRng() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 50; t++) {
            int k0 = r.nextInt();
            int k1 = r.nextInt();
            int c0 = r.nextInt(Integer.MAX_VALUE);
            int c1 = r.nextInt();
            int c2 = r.nextInt();
            int c3 = r.nextInt();
            org.apache.commons.rng.core.source32.Philox4x32 reference =
                    new org.apache.commons.rng.core.source32.Philox4x32(new int[] {k0, k1, c0, c1, c2, c3});
            int[] expected = {reference.nextInt(), reference.nextInt(), reference.nextInt(), reference.nextInt()};
            assertThat(block(k0, k1, c0 + 1, c1, c2, c3)).containsExactly(expected);
        }
    }

    /** The kernels of the structure-of-arrays form, each called directly. */
    private enum Kernel {
        LONG_LANES {
            @Override
            void blocks(int k0, int k1, long first, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int n) {
                PhiloxLongLanes.blocks(k0, k1, first, c2, c3, x0, x1, x2, x3, n);
            }

            @Override
            void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int n) {
                PhiloxLongLanes.blocksInPlace(k0, k1, x0, x1, x2, x3, n);
            }
        },
        INT_LANES {
            @Override
            void blocks(int k0, int k1, long first, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int n) {
                PhiloxIntLanes.blocks(k0, k1, first, c2, c3, x0, x1, x2, x3, n);
            }

            @Override
            void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int n) {
                PhiloxIntLanes.blocksInPlace(k0, k1, x0, x1, x2, x3, n);
            }
        };

        abstract void blocks(int k0, int k1, long first, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int n);

        abstract void blocksInPlace(int k0, int k1, int[] x0, int[] x1, int[] x2, int[] x3, int n);
    }

    /**
     * Both kernels give the words of the block function, carry into word 1 included, for counts
     * below, at and above the arrays' earlier sizes (the 64-bit kernel's scratch grows), and leave
     * the arrays beyond count alone.
     */
    @Test
    void bothKernelsGiveTheWordsOfTheBlockFunction() {
        SplittableRandom r = new SplittableRandom(5);
        for (Kernel kernel : Kernel.values()) {
            for (int n : new int[] {1, 7, 300, 256, 1025}) {
                int k0 = r.nextInt();
                int k1 = r.nextInt();
                long first = 0xFFFF_FF00L + (5L << 32) + r.nextInt(512);
                int c2 = r.nextInt();
                int c3 = r.nextInt();
                int[] x0 = new int[n + 3];
                int[] x1 = new int[n + 3];
                int[] x2 = new int[n + 3];
                int[] x3 = new int[n + 3];
                java.util.Arrays.fill(x3, n, n + 3, 77);
                kernel.blocks(k0, k1, first, c2, c3, x0, x1, x2, x3, n);
                int[] y0 = new int[n];
                int[] y1 = new int[n];
                int[] y2 = new int[n];
                int[] y3 = new int[n];
                for (int j = 0; j < n; j++) {
                    long b = first + j;
                    int[] expected = block(k0, k1, (int) b, (int) (b >>> 32), c2, c3);
                    assertThat(new int[] {x0[j], x1[j], x2[j], x3[j]}).as("%s block %d", kernel, b)
                            .containsExactly(expected);
                    y0[j] = (int) b;
                    y1[j] = (int) (b >>> 32);
                    y2[j] = c2;
                    y3[j] = c3;
                }
                assertThat(x3[n]).isEqualTo(77);
                kernel.blocksInPlace(k0, k1, y0, y1, y2, y3, n);
                assertThat(y0).containsExactly(java.util.Arrays.copyOf(x0, n));
                assertThat(y1).containsExactly(java.util.Arrays.copyOf(x1, n));
                assertThat(y2).containsExactly(java.util.Arrays.copyOf(x2, n));
                assertThat(y3).containsExactly(java.util.Arrays.copyOf(x3, n));
            }
        }
    }

    /** The long form gives the words of the block function as unsigned longs, carry into word 1 included. */
    @Test
    void longFormGivesTheWordsOfTheBlockFunction() {
        int n = 300;
        long first = 0xFFFF_FF00L + (5L << 32);
        long[] x0 = new long[n];
        long[] x1 = new long[n];
        long[] x2 = new long[n];
        long[] x3 = new long[n];
        Philox4x32.keyed(RandomKey.of(0x0000_BEEF_0000_1234L)).blocks(first, 7, 9, x0, x1, x2, x3, n);
        for (int j = 0; j < n; j++) {
            long b = first + j;
            int[] expected = block(0x1234, 0xBEEF, (int) b, (int) (b >>> 32), 7, 9);
            assertThat(new long[] {x0[j], x1[j], x2[j], x3[j]}).as("block %d", b).containsExactly(
                    expected[0] & 0xFFFF_FFFFL, expected[1] & 0xFFFF_FFFFL,
                    expected[2] & 0xFFFF_FFFFL, expected[3] & 0xFFFF_FFFFL);
        }
    }

    /** As a word source under a key, both methods give the words of the block function. */
    @Test
    void keyedSourceGivesTheWordsOfTheBlockFunction() {
        RandomKey key = RandomKey.of(0x0000_BEEF_0000_1234L);
        WordSource source = Philox4x32.keyed(key);
        int n = 40;
        long first = 0xFFFF_FFF0L;
        int[] x0 = new int[n];
        int[] x1 = new int[n];
        int[] x2 = new int[n];
        int[] x3 = new int[n];
        source.blocks(first, 3, 1, x0, x1, x2, x3, n);
        int[] y0 = new int[n];
        int[] y1 = new int[n];
        int[] y2 = new int[n];
        int[] y3 = new int[n];
        for (int j = 0; j < n; j++) {
            long b = first + j;
            int[] expected = block(0x1234, 0xBEEF, (int) b, (int) (b >>> 32), 3, 1);
            assertThat(new int[] {x0[j], x1[j], x2[j], x3[j]}).as("block %d", b).containsExactly(expected);
            y0[j] = (int) b;
            y1[j] = (int) (b >>> 32);
            y2[j] = 3;
            y3[j] = 1;
        }
        source.blocksAt(y0, y1, y2, y3, n);
        assertThat(y0).containsExactly(x0);
        assertThat(y1).containsExactly(x1);
        assertThat(y2).containsExactly(x2);
        assertThat(y3).containsExactly(x3);
        assertThat(source).isEqualTo(Philox4x32.keyed(key)).hasSameHashCodeAs(Philox4x32.keyed(key))
                .isNotEqualTo(Philox4x32.keyed(key.derive("w")));
    }
}
