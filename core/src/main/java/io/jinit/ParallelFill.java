package io.jinit;

import io.jinit.internal.Checks;
import io.jinit.internal.Workers;
import io.jinit.random.CounterLayout;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Fills large tensors on several threads. The range is cut into tasks of whole chunks; since
 * element {@code i} is a pure function of {@code (key, i)}, the bits are the same for every
 * executor, thread count and split, which the tests check. Initializers that are not element-wise
 * (orthogonal, sparse) are filled by one call, which may parallelise inside.
 *
 * <pre>{@code
 * float[] w = ParallelFill.common().sample(Initializers.get("he_normal"), Shape.of(4096, 4096));
 * }</pre>
 *
 * @since 0.1
 */
public final class ParallelFill {
    /** Ranges below this many elements are filled on the calling thread. */
    public static final int MIN_PARALLEL_ELEMENTS = 1 << 16;
    /** Tasks per thread, so that a slow thread does not hold the others back. */
    private static final int TASKS_PER_THREAD = 4;

    /**
     * The common pool's workers plus the calling thread, which takes its share of the work: on a
     * 2-core machine the common pool has one worker, and the caller makes two.
     */
    private static final ParallelFill COMMON = new ParallelFill(ForkJoinPool.commonPool(),
            Math.max(1, ForkJoinPool.getCommonPoolParallelism()) + 1);
    private static final ParallelFill SEQUENTIAL = new ParallelFill(Runnable::run, 1);

    private final Executor executor;
    private final int parallelism;

    private ParallelFill(Executor executor, int parallelism) {
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /**
     * Fills on the common fork-join pool and the calling thread: one thread per core.
     *
     * @return the shared instance
     */
    public static ParallelFill common() {
        return COMMON;
    }

    /**
     * Fills on the calling thread only.
     *
     * @return the sequential instance
     */
    public static ParallelFill sequential() {
        return SEQUENTIAL;
    }

    /**
     * Fills on a given executor and the calling thread, which always takes part, so that a fill
     * never waits on an executor that is busy or has fewer threads than expected.
     *
     * @param executor runs the helper tasks
     * @param parallelism how many threads fill at once, counting the caller, &gt;= 1
     * @return the filler
     */
    public static ParallelFill on(Executor executor, int parallelism) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        return new ParallelFill(executor, parallelism);
    }

    /**
     * The whole tensor as float32 under the initializer's own key.
     *
     * @param init the initializer
     * @param shape the shape
     * @return the values, row-major
     */
    public float[] sample(Initializer init, Shape shape) {
        return sample(init, shape, init.key());
    }

    /**
     * The whole tensor as float32.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @return the values, row-major
     */
    public float[] sample(Initializer init, Shape shape, RandomKey key) {
        float[] out = new float[shape.intSize()];
        fill(init, shape, key, 0, out, 0, out.length);
        return out;
    }

    /**
     * The whole tensor as float64.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @return the values, row-major
     */
    public double[] sampleDouble(Initializer init, Shape shape, RandomKey key) {
        double[] out = new double[shape.intSize()];
        fill(init, shape, key, 0, out, 0, out.length);
        return out;
    }

    /**
     * Writes elements {@code [from, from + length)} as float32, in parallel.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    public void fill(Initializer init, Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        Checks.range(from, out.length, offset, length);
        run(init, length, from, offset, (f, o, n) -> init.fill(shape, key, f, out, o, n));
    }

    /**
     * Writes elements {@code [from, from + length)} as float64, in parallel.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    public void fill(Initializer init, Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        Checks.range(from, out.length, offset, length);
        run(init, length, from, offset, (f, o, n) -> init.fill(shape, key, f, out, o, n));
    }

    @FunctionalInterface
    private interface RangeTask {
        void fill(long from, int offset, int length);
    }

    private void run(Initializer init, int length, long from, int offset, RangeTask task) {
        if (parallelism == 1 || !init.isElementwise() || length < MIN_PARALLEL_ELEMENTS) {
            task.fill(from, offset, length);
            return;
        }
        // Cut at whole chunks of the counter layout, so that no chunk is computed twice.
        int chunks = (length + CounterLayout.CHUNK_ELEMENTS - 1) / CounterLayout.CHUNK_ELEMENTS;
        int tasks = (int) Math.min((long) parallelism * TASKS_PER_THREAD, length / (MIN_PARALLEL_ELEMENTS / 4));
        new Workers(executor, parallelism).forChunks(chunks, tasks, (c0, c1) -> {
            int start = c0 * CounterLayout.CHUNK_ELEMENTS;
            int end = (int) Math.min((long) c1 * CounterLayout.CHUNK_ELEMENTS, length);
            task.fill(from + start, offset + start, end - start);
        });
    }
}
