package io.jinit.random;

/**
 * Where each element of a tensor finds its random words.
 *
 * <p>Elements are grouped in chunks of {@value #CHUNK_ELEMENTS}. Chunk {@code c} owns the
 * {@value #BLOCKS_PER_CHUNK} Philox blocks {@code b = 256c + j}, {@code j in [0, 256)}, each with
 * counter {@code (lo32(b), hi32(b), 0, 0)} and words {@code (x0, x1, x2, x3)}:
 * <pre>
 *   one word per element:   element 1024c + 256r + j  reads  word r of block 256c + j
 *   Box-Muller pairs:       (x0, x2) of block 256c + j  gives elements 1024c + j (cos), 1024c + 512 + j (sin)
 *                           (x1, x3) of block 256c + j  gives elements 1024c + 256 + j (cos), 1024c + 768 + j (sin)
 * </pre>
 * Block numbers are 64-bit, so tensors of up to 2<sup>63</sup> elements have distinct words.
 * Redraws of element {@code i} (truncated normals) read blocks with counter
 * {@code (lo32(i), hi32(i), attempt, 1)}, {@code attempt = 1, 2, ...}; word 3 = 1 keeps them apart
 * from the primary blocks, whose word 3 is 0. Sparse masks read blocks
 * {@code (lo32(column), hi32(column), n, 2)}.
 *
 * <p>This layout makes every store unit-stride, which is what lets the JIT vectorise the fills.
 *
 * @since 0.1
 */
public final class CounterLayout {
    /** Elements per chunk. */
    public static final int CHUNK_ELEMENTS = 1024;
    /** Philox blocks per chunk. */
    public static final int BLOCKS_PER_CHUNK = 256;
    /** Counter word 3 of the primary blocks. */
    public static final int PRIMARY_DOMAIN = 0;
    /** Counter word 3 of redraw blocks. */
    public static final int REDRAW_DOMAIN = 1;
    /** Counter word 3 of sparse-mask blocks. */
    public static final int SPARSE_DOMAIN = 2;

    private CounterLayout() {
    }

    /**
     * The chunk that holds an element.
     *
     * @param element the element index
     * @return {@code element / 1024}
     */
    public static long chunkOf(long element) {
        return element >>> 10;
    }

    /**
     * The number of the first block of a chunk.
     *
     * @param chunk the chunk index
     * @return {@code 256 * chunk}
     */
    public static long firstBlock(long chunk) {
        return chunk << 8;
    }
}
