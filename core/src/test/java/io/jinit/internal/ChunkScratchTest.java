package io.jinit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.random.Philox4x32;
import io.jinit.random.RandomKey;
import org.junit.jupiter.api.Test;

/**
 * Philox's words read as longs (the form of 64-bit lane kernels) and as ints (the form of 32-bit
 * lane kernels) give the same values in every chunk kernel, whichever form this machine uses.
 */
class ChunkScratchTest {
    private static final Philox4x32 WORDS = Philox4x32.keyed(RandomKey.of(20_261_207L));
    private static final long[] CHUNKS = {0, 1, 77, 0xFFFF_FFL, 0x1_0000_0001L};

    @Test
    void normalsAreTheSameFromLongAndIntWords() {
        ChunkScratch longs = new ChunkScratch(true);
        ChunkScratch ints = new ChunkScratch(false);
        for (long chunk : CHUNKS) {
            double[] a = new double[1030];
            double[] b = new double[1030];
            longs.normals(WORDS, chunk, 0.25, 3.0, a, 3);
            ints.normals(WORDS, chunk, 0.25, 3.0, b, 3);
            assertThat(a).as("chunk %d", chunk).containsExactly(b);
            assertThat(a[3]).isNotZero();
        }
    }

    @Test
    void uniformWordsAreTheSameFromLongAndIntWords() {
        ChunkScratch longs = new ChunkScratch(true);
        ChunkScratch ints = new ChunkScratch(false);
        for (long chunk : CHUNKS) {
            float[] topA = new float[1024];
            float[] topB = new float[1024];
            longs.topBits(WORDS, chunk, topA, 0);
            ints.topBits(WORDS, chunk, topB, 0);
            assertThat(topA).as("chunk %d", chunk).containsExactly(topB);
            double[] centredA = new double[1024];
            double[] centredB = new double[1024];
            longs.centredWords(WORDS, chunk, centredA, 0);
            ints.centredWords(WORDS, chunk, centredB, 0);
            assertThat(centredA).as("chunk %d", chunk).containsExactly(centredB);
            int[] x0 = new int[256];
            int[] x1 = new int[256];
            int[] x2 = new int[256];
            int[] x3 = new int[256];
            WORDS.blocks(chunk * 256, 0, 0, x0, x1, x2, x3, 256);
            assertThat(centredA[300]).isEqualTo((double) x1[300 - 256] - 0x1p31 + (x1[300 - 256] < 0 ? 0x1p32 : 0));
            assertThat(topA[5]).isEqualTo((float) (x0[5] >>> 8));
        }
    }
}
