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

    /** The structure-of-arrays form gives the words of the block function, carry into word 1 included. */
    @Test
    void blocksEqualsBlockAcrossTheLow32BitBoundary() {
        int n = 300;
        long first = 0xFFFF_FF00L + (5L << 32);
        long[] x0 = new long[n];
        long[] x1 = new long[n];
        long[] x2 = new long[n];
        long[] x3 = new long[n];
        Philox4x32.blocks(0x1234, 0xBEEF, first, 7, 9, x0, x1, x2, x3, n);
        for (int j = 0; j < n; j++) {
            long b = first + j;
            int[] expected = block(0x1234, 0xBEEF, (int) b, (int) (b >>> 32), 7, 9);
            assertThat(new int[] {(int) x0[j], (int) x1[j], (int) x2[j], (int) x3[j]})
                    .as("block %d", b).containsExactly(expected);
            assertThat(x0[j] >>> 32).isZero();
            assertThat(x3[j] >>> 32).isZero();
        }
    }

    /** As a word source under a key, both methods give the words of the block function. */
    @Test
    void keyedSourceGivesTheWordsOfTheBlockFunction() {
        RandomKey key = RandomKey.of(0x0000_BEEF_0000_1234L);
        WordSource source = Philox4x32.keyed(key);
        int n = 40;
        long first = 0xFFFF_FFF0L;
        long[] x0 = new long[n];
        long[] x1 = new long[n];
        long[] x2 = new long[n];
        long[] x3 = new long[n];
        source.blocks(first, 3, 1, x0, x1, x2, x3, n);
        long[] y0 = new long[n];
        long[] y1 = new long[n];
        long[] y2 = new long[n];
        long[] y3 = new long[n];
        for (int j = 0; j < n; j++) {
            long b = first + j;
            int[] expected = block(0x1234, 0xBEEF, (int) b, (int) (b >>> 32), 3, 1);
            assertThat(new int[] {(int) x0[j], (int) x1[j], (int) x2[j], (int) x3[j]})
                    .as("block %d", b).containsExactly(expected);
            y0[j] = b & 0xFFFF_FFFFL;
            y1[j] = b >>> 32;
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
