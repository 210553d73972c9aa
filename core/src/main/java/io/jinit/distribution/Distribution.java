package io.jinit.distribution;

import io.jinit.random.Philox4x32;
import io.jinit.random.RandomKey;
import io.jinit.random.WordSource;

/**
 * A recipe that turns random words into values. Element {@code i} of the output is a pure
 * function of the word source, {@code i} and the recipe's parameters, so a fill of any range
 * gives the bits of the same range of the whole fill. Each recipe documents the words it reads
 * (see {@link io.jinit.random.CounterLayout}).
 *
 * @since 0.1
 */
public sealed interface Distribution permits Uniform, Normal, TruncatedNormal {

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float32.
     *
     * @param words the word source
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(WordSource words, long from, float[] out, int offset, int length);

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float64.
     *
     * @param words the word source
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(WordSource words, long from, double[] out, int offset, int length);

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float32, from
     * the Philox words of a key.
     *
     * @implSpec Equivalent to {@code fill(Philox4x32.keyed(key), from, out, offset, length)}.
     *
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    default void fill(RandomKey key, long from, float[] out, int offset, int length) {
        fill(Philox4x32.keyed(key), from, out, offset, length);
    }

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float64, from
     * the Philox words of a key.
     *
     * @implSpec Equivalent to {@code fill(Philox4x32.keyed(key), from, out, offset, length)}.
     *
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    default void fill(RandomKey key, long from, double[] out, int offset, int length) {
        fill(Philox4x32.keyed(key), from, out, offset, length);
    }
}
