package io.jinit.random;

import java.security.SecureRandom;

/**
 * Draws the seed of an initializer built without one. Like Keras 3's
 * {@code make_default_seed}, the seed is drawn once, at construction, from [1, 10<sup>9</sup>],
 * so it is valid in every Keras backend and the initializer gives the same values on every call.
 *
 * @since 0.1
 */
public final class Seeds {
    /** Largest drawn seed, Keras's bound. */
    public static final long MAX_DRAWN = 1_000_000_000L;
    private static final SecureRandom SOURCE = new SecureRandom();

    private Seeds() {
    }

    /**
     * A fresh seed in [1, 10<sup>9</sup>].
     *
     * @return the seed
     */
    public static long draw() {
        synchronized (SOURCE) {
            return 1 + (long) SOURCE.nextInt((int) MAX_DRAWN);
        }
    }
}
