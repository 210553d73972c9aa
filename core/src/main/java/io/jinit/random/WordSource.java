package io.jinit.random;

/**
 * A counter-based source of random 32-bit words: a keyed function from a 128-bit counter to a
 * block of four words, so that any block can be computed without the ones before it. The
 * distributions read their words through this interface, a chunk of blocks at a time, at the
 * places {@link CounterLayout} gives; {@link Philox4x32#keyed} is the implementation every
 * stream of this library uses.
 *
 * <p>Words are passed as {@code int}s holding the 32 bits, in structure-of-arrays form (word
 * {@code w} of block {@code j} in {@code xw[j]}), the form the value loops read without
 * conversion.
 *
 * @implSpec Both methods give the words of the same function: block {@code j} of
 * {@link #blocks} equals {@link #blocksAt} on the counter {@code (lo32(b), hi32(b), c2, c3)},
 * {@code b = firstBlock + j}.
 *
 * @since 0.1
 */
public interface WordSource {

    /**
     * Computes {@code count} consecutive blocks whose 64-bit block numbers are
     * {@code firstBlock, firstBlock + 1, ...}: block {@code b} has counter
     * {@code (lo32(b), hi32(b), c2, c3)}.
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
    void blocks(long firstBlock, int c2, int c3, int[] x0, int[] x1, int[] x2, int[] x3, int count);

    /**
     * Computes {@code count} blocks whose counters are given: on entry {@code xw[j]} holds counter
     * word {@code w} of block {@code j}, on return output word {@code w}.
     *
     * @param x0 counter word 0 in, output word 0 out
     * @param x1 counter word 1 in, output word 1 out
     * @param x2 counter word 2 in, output word 2 out
     * @param x3 counter word 3 in, output word 3 out
     * @param count number of blocks, at most the length of each array
     */
    void blocksAt(int[] x0, int[] x1, int[] x2, int[] x3, int count);
}
