package io.jinit.init;

import io.jinit.Initializer;
import io.jinit.random.RandomKey;

/**
 * A family that uses no randomness: keys are ignored.
 *
 * @since 0.1
 */
public interface Deterministic extends Initializer {

    /**
     * The key of seed 0, which no fill reads.
     *
     * @return {@code RandomKey.of(0)}
     */
    @Override
    default RandomKey key() {
        return RandomKey.of(0);
    }
}
