package io.jinit.cli;

/** The {@code --threads} option of every command: one bound, one message. */
final class Threads {
    /**
     * Most threads accepted: the fills split into ranges, so threads beyond the cores add start-up
     * cost and never speed; 100,000 threads cost seconds before any value is computed.
     */
    static final int MAX = 1024;

    private Threads() {
    }

    /**
     * Checks {@code --threads}.
     *
     * @param threads the option's value, or null when absent
     * @return the number of threads to use: the value, or the available processors when absent
     * @throws IllegalArgumentException naming the option if it is outside [1, {@value #MAX}]
     */
    static int check(Integer threads) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1 || threads > MAX) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX + ": " + threads);
        }
        return threads;
    }
}
