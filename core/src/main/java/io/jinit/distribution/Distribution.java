package io.jinit.distribution;

import io.jinit.random.RandomKey;

/**
 * A recipe that turns the Philox words of a key into values. Element {@code i} of the output is a
 * pure function of {@code (key, i)} and the recipe's parameters, so a fill of any range gives the
 * bits of the same range of the whole fill. Each recipe documents the words it reads
 * (see {@link io.jinit.random.CounterLayout}).
 *
 * @since 0.1
 */
public sealed interface Distribution permits Uniform, Normal, TruncatedNormal {

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float32.
     *
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(RandomKey key, long from, float[] out, int offset, int length);

    /**
     * Writes elements {@code [from, from + length)} to {@code out[offset ..]} as float64.
     *
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(RandomKey key, long from, double[] out, int offset, int length);
}
