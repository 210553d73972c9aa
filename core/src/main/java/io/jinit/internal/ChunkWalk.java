package io.jinit.internal;

import io.jinit.random.CounterLayout;
import java.lang.reflect.Array;

/**
 * Walks an element range chunk by chunk: whole chunks are written in place, partial ones are
 * computed whole into scratch and the needed part copied. This is what makes a fill of any range
 * give the same bits as the whole fill.
 */
public final class ChunkWalk {
    private ChunkWalk() {
    }

    /**
     * Writes the 1024 values of one chunk.
     *
     * @param <A> the destination array type, {@code float[]} or {@code double[]}
     */
    @FunctionalInterface
    public interface ChunkWriter<A> {
        /**
         * @param chunk the chunk index
         * @param dst where to write
         * @param offset index of the chunk's first element in dst
         * @param scratch working memory
         */
        void write(long chunk, A dst, int offset, ChunkScratch scratch);
    }

    /**
     * Completes what chunk writers left for later (values they write in batches over several
     * chunks). Called after a partial chunk was written into scratch, before its part is copied
     * out, and once at the end of the walk.
     */
    @FunctionalInterface
    public interface Finish {
        /**
         * @param scratch working memory of the walk
         */
        void finish(ChunkScratch scratch);
    }

    private static final Finish NOTHING = s -> { };

    /**
     * Fills {@code out[offset .. offset + length)} with elements {@code [from, from + length)}.
     *
     * @param <A> the array type, {@code float[]} or {@code double[]}
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     * @param chunks the per-chunk writer
     */
    public static <A> void fill(long from, A out, int offset, int length, ChunkWriter<A> chunks) {
        fill(from, out, offset, length, chunks, NOTHING);
    }

    /**
     * Fills {@code out[offset .. offset + length)} with elements {@code [from, from + length)},
     * calling {@code finish} where the writer's deferred values must be complete. Partial chunks
     * are written whole into an array of out's type and their part copied.
     *
     * @param <A> the array type, {@code float[]} or {@code double[]}
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     * @param chunks the per-chunk writer
     * @param finish completes deferred values
     */
    public static <A> void fill(long from, A out, int offset, int length, ChunkWriter<A> chunks, Finish finish) {
        if (!(out instanceof float[] || out instanceof double[])) {
            throw new IllegalArgumentException("out must be a float[] or a double[]: " + out);
        }
        Checks.range(from, Array.getLength(out), offset, length);
        @SuppressWarnings("unchecked") // an array of out's own class
        A partial = (A) Array.newInstance(out.getClass().getComponentType(), CounterLayout.CHUNK_ELEMENTS);
        ChunkScratch scratch = new ChunkScratch();
        long pos = from;
        long end = from + length;
        int o = offset;
        while (pos < end) {
            long chunk = CounterLayout.chunkOf(pos);
            int within = (int) (pos & (CounterLayout.CHUNK_ELEMENTS - 1));
            int n = (int) Math.min(CounterLayout.CHUNK_ELEMENTS - within, end - pos);
            if (n == CounterLayout.CHUNK_ELEMENTS) {
                chunks.write(chunk, out, o, scratch);
            } else {
                chunks.write(chunk, partial, 0, scratch);
                finish.finish(scratch);
                System.arraycopy(partial, within, out, o, n);
            }
            pos += n;
            o += n;
        }
        finish.finish(scratch);
    }
}
