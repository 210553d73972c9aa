package io.jinit.init;

import io.jinit.Initializer;
import io.jinit.random.RandomKey;

/**
 * A random family built with a seed: its default key is the key of that seed.
 *
 * @since 0.1
 */
public interface Seeded extends Initializer {

    /**
     * The seed.
     *
     * @return the seed
     */
    long seed();

    /**
     * The key of the seed.
     *
     * @return {@code RandomKey.of(seed())}
     */
    @Override
    default RandomKey key() {
        return RandomKey.of(seed());
    }
}
