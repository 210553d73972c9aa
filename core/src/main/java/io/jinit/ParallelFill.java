package io.jinit;

import io.jinit.internal.Checks;
import io.jinit.internal.Workers;
import io.jinit.random.CounterLayout;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
    /**
     * Elements of the scratch array through which a thread fills a direct buffer: 2^16, a
     * multiple of the counter layout's chunk, 256 KB of floats.
     */
    public static final int BUFFER_CHUNK_ELEMENTS = 1 << 16;
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

    /**
     * Writes elements {@code [from, from + out.remaining())} as float32 into a buffer, from its
     * position to its limit, in parallel, with the bits of the array fill. The position does not
     * move. A heap buffer is filled in place; a direct one through a scratch array of at most
     * {@value #BUFFER_CHUNK_ELEMENTS} elements per thread, never a copy of the whole range (but
     * for an initializer that is not element-wise, which computes the whole tensor at once).
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @param from first element index
     * @param out destination, written from its position to its limit
     * @throws IllegalArgumentException if {@code from} is negative or the buffer is read-only
     */
    public void fill(Initializer init, Shape shape, RandomKey key, long from, FloatBuffer out) {
        checkBuffer(from, out.remaining(), out.isReadOnly());
        int position = out.position();
        if (out.hasArray()) {
            fill(init, shape, key, from, out.array(), out.arrayOffset() + position, out.remaining());
            return;
        }
        run(init, out.remaining(), from, 0, (f, o, n) -> {
            float[] scratch = new float[scratchLength(init, n)];
            FloatBuffer target = out.duplicate();
            inChunks(init, f, o, n, (cf, co, cn) -> {
                init.fill(shape, key, cf, scratch, 0, cn);
                target.put(position + co, scratch, 0, cn);
            });
        });
    }

    /**
     * Writes elements {@code [from, from + out.remaining())} as float64 into a buffer, as
     * {@link #fill(Initializer, Shape, RandomKey, long, FloatBuffer)} does for float32.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @param from first element index
     * @param out destination, written from its position to its limit
     * @throws IllegalArgumentException if {@code from} is negative or the buffer is read-only
     */
    public void fill(Initializer init, Shape shape, RandomKey key, long from, DoubleBuffer out) {
        checkBuffer(from, out.remaining(), out.isReadOnly());
        int position = out.position();
        if (out.hasArray()) {
            fill(init, shape, key, from, out.array(), out.arrayOffset() + position, out.remaining());
            return;
        }
        run(init, out.remaining(), from, 0, (f, o, n) -> {
            double[] scratch = new double[scratchLength(init, n)];
            DoubleBuffer target = out.duplicate();
            inChunks(init, f, o, n, (cf, co, cn) -> {
                init.fill(shape, key, cf, scratch, 0, cn);
                target.put(position + co, scratch, 0, cn);
            });
        });
    }

    /**
     * Writes elements {@code [from, from + out.remaining() / type.byteSize())} into a
     * little-endian byte buffer (a direct one is what the native engines take), from its position,
     * in parallel: the bytes that jinit's {@code .safetensors} and {@code .npy} files of the same
     * dtype hold for these elements. float32 elements are computed in float32; the others in
     * float64, and bfloat16 and float16 rounded once from it ({@link HalfFloats#narrow}). The
     * position does not move; scratch arrays of at most {@value #BUFFER_CHUNK_ELEMENTS} elements
     * per thread, as for {@link #fill(Initializer, Shape, RandomKey, long, FloatBuffer)}.
     *
     * @param init the initializer
     * @param shape the shape
     * @param key the key
     * @param from first element index
     * @param out destination, written from its position; its remaining bytes must be a whole
     *     number of elements
     * @param type how each element is stored
     * @throws IllegalArgumentException if {@code from} is negative, the buffer is read-only or
     *     big-endian (a {@code ByteBuffer}'s default order: engines and files read little-endian
     *     elements, so big-endian ones would be silently wrong), or its remaining bytes are not a
     *     whole number of elements
     */
    public void fill(Initializer init, Shape shape, RandomKey key, long from, ByteBuffer out, ElementType type) {
        if (out.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("out must be little-endian (order(ByteOrder.LITTLE_ENDIAN)), as engines "
                    + "and files read elements: " + out.order());
        }
        if (out.remaining() % type.byteSize() != 0) {
            throw new IllegalArgumentException("out's remaining bytes must be a whole number of " + type + " elements of "
                    + type.byteSize() + " bytes: " + out.remaining());
        }
        int length = out.remaining() / type.byteSize();
        checkBuffer(from, length, out.isReadOnly());
        int position = out.position();
        boolean float32 = type == ElementType.FLOAT32;
        run(init, length, from, 0, (f, o, n) -> {
            int size = scratchLength(init, n);
            float[] floats = float32 ? new float[size] : null;
            double[] doubles = float32 ? null : new double[size];
            short[] halves = type == ElementType.BFLOAT16 || type == ElementType.FLOAT16 ? new short[size] : null;
            ByteBuffer target = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            inChunks(init, f, o, n, (cf, co, cn) -> {
                target.position(position + co * type.byteSize());
                if (float32) {
                    init.fill(shape, key, cf, floats, 0, cn);
                    target.asFloatBuffer().put(floats, 0, cn);
                    return;
                }
                init.fill(shape, key, cf, doubles, 0, cn);
                if (halves == null) {
                    target.asDoubleBuffer().put(doubles, 0, cn);
                } else {
                    HalfFloats.narrow(doubles, halves, cn, type == ElementType.BFLOAT16);
                    target.asShortBuffer().put(halves, 0, cn);
                }
            });
        });
    }

    /** A thread's scratch array: one piece of {@link #inChunks}. */
    private static int scratchLength(Initializer init, int length) {
        return init.isElementwise() ? Math.min(length, BUFFER_CHUNK_ELEMENTS) : length;
    }

    private static void checkBuffer(long from, int length, boolean readOnly) {
        Checks.range(from, length, 0, length);
        if (readOnly) {
            throw new IllegalArgumentException("out must be writable, and is a read-only buffer: " + length
                    + " elements");
        }
    }

    /**
     * Cuts a range of a thread's share into pieces of at most {@value #BUFFER_CHUNK_ELEMENTS}
     * elements that end on multiples of it in the tensor's index (so whole chunks of the counter
     * layout, none computed twice); an initializer that is not element-wise gets the whole range
     * in one piece, since each of its calls computes the whole tensor.
     */
    private static void inChunks(Initializer init, long from, int offset, int length, RangeTask piece) {
        if (!init.isElementwise()) {
            piece.fill(from, offset, length);
            return;
        }
        int done = 0;
        while (done < length) {
            long at = from + done;
            int n = (int) Math.min(length - done, BUFFER_CHUNK_ELEMENTS - at % BUFFER_CHUNK_ELEMENTS);
            piece.fill(at, offset + done, n);
            done += n;
        }
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
