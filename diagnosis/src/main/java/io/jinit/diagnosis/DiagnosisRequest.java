package io.jinit.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/**
 * What {@link Diagnoser#run} diagnoses: the network's widths, the activations and initializations
 * to compare, the batch and where its values come from, and the threads to run on. Every argument
 * is checked here, before anything is allocated; change one with a {@code with} copy.
 *
 * <pre>{@code
 * DiagnosisRequest request = DiagnosisRequest.of(List.of(64, 64, 64, 64), List.of("relu"),
 *         List.of("he_normal", "std=0.01")).withBatch(256).withSeed(7);
 * }</pre>
 *
 * <p>The request holds the {@code data} array it is given, without copying it: the batch may be
 * the largest array of a diagnosis, and {@link Diagnoser#checkHeap} counts it twice (the caller's
 * and the run's rows), not three times. {@link Diagnoser#run} reads it and does not change it.
 *
 * @param widths {@code n_0, ..., n_L}, at least two, each &gt;= 1
 * @param activations the activations to compare, at least one, each used on every layer of its runs
 * @param initializations the initializations to compare, at least one, each used on every layer of
 *     its runs
 * @param batch the batch size, &gt;= 1; the rows of {@code data} when it is given
 * @param seed the seed of the input, weights and projection
 * @param data the input batch, {@code batch x n_0} values row-major, or null for standard normals
 *     under {@code RandomKey.of(seed).derive("input")}
 * @param executor runs the tasks; the calling thread takes part
 * @param threads how many tasks may run at once, counting the calling thread, &gt;= 1
 * @since 0.1
 */
public record DiagnosisRequest(List<Integer> widths, List<Activation> activations,
                               List<Initialization> initializations, int batch, long seed, float[] data,
                               Executor executor, int threads) {
    /**
     * Checks every argument and copies the lists.
     *
     * @param widths {@code n_0, ..., n_L}, at least two, each &gt;= 1
     * @param activations the activations to compare, at least one, each used on every layer of its runs
     * @param initializations the initializations to compare, at least one, each used on every layer of
     *         its runs
     * @param batch the batch size, &gt;= 1; the rows of {@code data} when it is given
     * @param seed the seed of the input, weights and projection
     * @param data the input batch, {@code batch x n_0} values row-major, or null for standard normals
     *         under {@code RandomKey.of(seed).derive("input")}
     * @param executor runs the tasks; the calling thread takes part
     * @param threads how many tasks may run at once, counting the calling thread, &gt;= 1
     * @throws IllegalArgumentException if an argument is malformed, naming it and its value
     */
    public DiagnosisRequest {
        int[] w = Network.checkWidths(widths);
        widths = List.copyOf(widths);
        activations = nonEmpty(activations, "activation");
        initializations = nonEmpty(initializations, "initializer");
        Diagnoser.checkBatch(batch, w);
        if (data == null) {
            Diagnoser.checkSize(batch, w[0]);
        } else {
            Diagnoser.checkLength(data, batch, w[0]);
        }
        Diagnoser.checkThreads(executor, threads);
    }

    /**
     * The default diagnosis ({@code jinit diagnose} with no arguments): seed 002's six initializers
     * under relu, tanh, sigmoid and selu, 10 layers of 256, batch 1024, seed 42, standard normal
     * input, on the common pool and the calling thread, one thread per core.
     *
     * @return the request of 24 runs
     */
    public static DiagnosisRequest defaults() {
        return of(Diagnoser.DEFAULT_WIDTHS, Diagnoser.DEFAULT_ACTIVATIONS, Diagnoser.DEFAULT_INITIALIZERS);
    }

    /**
     * A request by names, with the defaults for the rest: batch {@value Diagnoser#DEFAULT_BATCH},
     * seed {@value Diagnoser#DEFAULT_SEED}, standard normal input, the common fork-join pool and
     * one thread per core.
     *
     * @param widths {@code n_0, ..., n_L}, at least two, each &gt;= 1
     * @param activations names {@link Activation#of} reads, at least one
     * @param initializations names {@link Initialization#parse} reads, at least one
     * @return the request
     * @throws IllegalArgumentException if an argument is malformed, naming it and its value
     */
    public static DiagnosisRequest of(List<Integer> widths, List<String> activations,
                                      List<String> initializations) {
        Network.checkWidths(widths);
        return new DiagnosisRequest(widths, read(activations, Activation::of),
                read(initializations, Initialization::parse),
                Diagnoser.DEFAULT_BATCH, Diagnoser.DEFAULT_SEED, null, ForkJoinPool.commonPool(),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * This request with another batch size, of standard normal input.
     *
     * @param batch the batch size, &gt;= 1
     * @return the copy
     * @throws IllegalArgumentException if the batch is malformed
     */
    public DiagnosisRequest withBatch(int batch) {
        return new DiagnosisRequest(widths, activations, initializations, batch, seed, null, executor, threads);
    }

    /**
     * This request with another seed.
     *
     * @param seed the seed of the input, weights and projection
     * @return the copy
     */
    public DiagnosisRequest withSeed(long seed) {
        return new DiagnosisRequest(widths, activations, initializations, batch, seed, data, executor, threads);
    }

    /**
     * This request on a given batch: its rows are the batch size.
     *
     * @param data the input batch, {@code rows x n_0} finite values, not all equal, row-major
     * @return the copy
     * @throws IllegalArgumentException if data is null or its length is not a positive multiple of
     *     {@code n_0}
     */
    public DiagnosisRequest withData(float[] data) {
        if (data == null || data.length == 0 || data.length % widths.get(0) != 0) {
            throw new IllegalArgumentException("data must hold rows x n_0 values, n_0 = " + widths.get(0) + ": "
                    + (data == null ? "null" : data.length + " values"));
        }
        return new DiagnosisRequest(widths, activations, initializations, data.length / widths.get(0), seed, data,
                executor, threads);
    }

    /**
     * This request on other threads.
     *
     * @param executor runs the tasks; the calling thread takes part
     * @param threads how many tasks may run at once, counting the calling thread, &gt;= 1
     * @return the copy
     * @throws IllegalArgumentException if the executor is null or threads &lt; 1
     */
    public DiagnosisRequest withThreads(Executor executor, int threads) {
        return new DiagnosisRequest(widths, activations, initializations, batch, seed, data, executor, threads);
    }

    /** Each name read by {@code reader}; null for null, which the constructor refuses. */
    private static <T> List<T> read(List<String> names, Function<String, T> reader) {
        if (names == null) {
            return null;
        }
        List<T> read = new ArrayList<>();
        for (String name : names) {
            read.add(reader.apply(name));
        }
        return read;
    }

    /** A copy of a list that holds at least one {@code what} and no null. */
    private static <T> List<T> nonEmpty(List<T> list, String what) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException(what + "s must name at least one " + what + ": " + list);
        }
        if (list.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(what + "s must not hold null: " + list);
        }
        return List.copyOf(list);
    }
}
