package io.jinit.diagnosis.convolution;

/** The argument checks of this package: each message names the argument and its value. */
final class Checks {
    private Checks() {
    }

    /** Returns {@code value}, or throws if it is below 1. */
    static int positive(String argument, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(argument + " must be >= 1: " + value);
        }
        return value;
    }
}
