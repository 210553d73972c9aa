package io.jinit.compat;

/**
 * The random stream behind {@link WeightInits}.
 *
 * @since 0.1
 */
public enum Rng {
    /**
     * jinit's counter-based stream: layer {@code i}'s weights use the key
     * {@code RandomKey.of(seed).derive("layers." + i + ".weight")} (biases, when random,
     * {@code "layers." + i + ".bias"}), so each layer's values depend on the seed, its index and
     * its shape only, and are the same on every platform and thread count.
     */
    PHILOX,
    /**
     * NumPy's legacy global stream, as the Python original uses it: {@code np.random.seed(seed)}
     * once, then {@code np.random.randn} per array in layer order. The arrays equal the Python
     * original's bit for bit (see {@link io.jinit.compat.NumpyLegacy} for the platforms); the
     * seed must lie in [0, 2<sup>32</sup> - 1], and a layer's values depend on every layer before
     * it.
     */
    NUMPY_LEGACY
}
