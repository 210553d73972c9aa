package io.jinit.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.random.WordSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The distributions read the words their documentation names, from any {@link WordSource}:
 * element {@code 1024c + 256r + j} reads word {@code r} of block {@code 256c + j}.
 */
class WordConsumptionTest {

    /** Word r of a block is a fixed mix of its counter; one element's word can be changed. */
    private static final class MixedWords implements WordSource {
        private final long changedElement;

        MixedWords(long changedElement) {
            this.changedElement = changedElement;
        }

        long word(long block, int c2, int c3, int r) {
            long w = ((block * 4 + r) * 0x9E37_79B9_7F4A_7C15L + c2 * 31L + c3) >>> 32;
            long element = (block >>> 8 << 10) + 256L * r + (block & 255);
            return c2 == 0 && c3 == 0 && element == changedElement ? w ^ 0x5555_5555L : w;
        }

        @Override
        public void blocks(long firstBlock, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int count) {
            for (int j = 0; j < count; j++) {
                x0[j] = (int) word(firstBlock + j, c2, c3, 0);
                x1[j] = (int) word(firstBlock + j, c2, c3, 1);
                x2[j] = (int) word(firstBlock + j, c2, c3, 2);
                x3[j] = (int) word(firstBlock + j, c2, c3, 3);
            }
        }

        @Override
        public void blocksAt(int[] x0, int[] x1, int[] x2, int[] x3, int count) {
            for (int j = 0; j < count; j++) {
                long block = (x0[j] & 0xFFFF_FFFFL) | ((long) x1[j] << 32);
                int c2 = x2[j];
                int c3 = x3[j];
                x0[j] = (int) word(block, c2, c3, 0);
                x1[j] = (int) word(block, c2, c3, 1);
                x2[j] = (int) word(block, c2, c3, 2);
                x3[j] = (int) word(block, c2, c3, 3);
            }
        }

        /** The word element i reads. */
        long wordOf(long i) {
            long within = i & 1023;
            return word((i >>> 10 << 8) + (within & 255), 0, 0, (int) (within >>> 8));
        }
    }

    @Test
    void uniformReadsOneWordPerElementAsDocumented() {
        MixedWords words = new MixedWords(-1);
        Uniform uniform = new Uniform(-1.0, 3.0);
        long from = 5000;
        double[] doubles = new double[2100];
        float[] floats = new float[2100];
        uniform.fill(words, from, doubles, 0, doubles.length);
        uniform.fill(words, from, floats, 0, floats.length);
        for (int k = 0; k < doubles.length; k++) {
            long w = words.wordOf(from + k);
            assertThat(doubles[k]).as("element %d", from + k).isEqualTo(-1.0 + 4.0 * ((w + 0.5) * 0x1p-32));
            assertThat(floats[k]).as("element %d", from + k).isEqualTo(-1f + 4f * ((w >>> 8) * 0x1p-24f));
        }
    }

    @Test
    void normalPairsTheWordsOfElementsPAndPPlus512() {
        Normal normal = new Normal(0.5, 2.0);
        for (long changed : new long[] {1024 + 188, 1024 + 700, 2048 + 511, 2048 + 512}) {
            long partner = (changed & 1023) < 512 ? changed + 512 : changed - 512;
            assertThat(changedElements(normal, changed)).as("word of element %d", changed)
                    .containsExactlyInAnyOrder(Math.min(changed, partner), Math.max(changed, partner));
        }
    }

    @Test
    void inverseCdfTruncatedNormalReadsOneWordPerElement() {
        TruncatedNormal tail = new TruncatedNormal(0.0, 1.0, 2.0, 3.0);
        assertThat(tail.usesRejection()).isFalse();
        assertThat(changedElements(tail, 1024 + 700)).containsExactly(1024L + 700);
    }

    /** The elements of [0, 4096) whose value changes when the word of one element does. */
    private static List<Long> changedElements(Distribution d, long changedWord) {
        double[] before = new double[4096];
        double[] after = new double[4096];
        d.fill(new MixedWords(-1), 0, before, 0, before.length);
        d.fill(new MixedWords(changedWord), 0, after, 0, after.length);
        List<Long> changed = new ArrayList<>();
        for (int i = 0; i < before.length; i++) {
            if (Double.compare(before[i], after[i]) != 0) {
                changed.add((long) i);
            }
        }
        return changed;
    }
}
