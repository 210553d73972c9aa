package io.jinit.cli;

import io.jinit.ParallelFill;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of every command that computes tensors: one declaration, one
 * bound, one message. A command's own wording of the option, where it has one, is in
 * {@link OptionTexts}.
 */
final class Threads {
    /**
     * Most threads accepted: the fills split into ranges, so threads beyond the cores add start-up
     * cost and never speed; 100,000 threads cost seconds before any value is computed.
     */
    static final int MAX = 1024;

    @Option(names = "--threads", paramLabel = "N", descriptionKey = "threads",
            description = "Threads (default: all cores). Never changes the values.")
    private Integer given;

    /**
     * Checks {@code --threads}.
     *
     * @return the number of threads to use: the value, or the available processors when absent
     * @throws IllegalArgumentException naming the option if it is outside [1, {@value #MAX}]
     */
    int check() {
        if (given == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (given < 1 || given > MAX) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX + ": " + given);
        }
        return given;
    }

    /**
     * A filler on the threads asked for, after {@link #check()}: a pool of that many threads, or
     * the common fork-join pool when the option is absent.
     *
     * @return the filler, to be closed when the run ends
     */
    Filling open() {
        check();
        if (given == null) {
            return new Filling(ParallelFill.common(), null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(given);
        return new Filling(ParallelFill.on(pool, given), pool);
    }

    /**
     * A filler and the pool it runs on, which closing shuts down.
     *
     * @param filler fills ranges on the threads asked for
     * @param pool the pool, or null for the common pool, which is never shut down
     */
    record Filling(ParallelFill filler, ExecutorService pool) implements AutoCloseable {
        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
