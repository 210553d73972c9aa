package io.jinit.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the chunks of a range on an executor, the calling thread taking part. Helpers that start
 * late (a busy pool) find no chunk left and return, and the caller never waits for a chunk that has
 * not started, so nested use on the same bounded pool cannot deadlock. The parallel fills, the
 * Householder QR and the diagnosis engine all run their work through this one class.
 */
public final class Workers {
    /** Chunks per thread, so that a slow thread does not hold the others back. */
    private static final int CHUNKS_PER_THREAD = 4;

    private final Executor executor;
    private final int threads;

    /**
     * Workers on an executor.
     *
     * @param executor runs the helpers
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     */
    public Workers(Executor executor, int threads) {
        this.executor = executor;
        this.threads = threads;
    }

    /** A range task: {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        /**
         * @param from first index
         * @param to last index, exclusive
         */
        void run(int from, int to);
    }

    /** A range task that also learns its thread's slot, for per-thread scratch memory. */
    @FunctionalInterface
    public interface SlotRange {
        /**
         * @param slot the running thread's slot: 0 for the caller, 1 .. threads - 1 for helpers
         * @param from first index
         * @param to last index, exclusive
         */
        void run(int slot, int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, count)} cut into about {@value #CHUNKS_PER_THREAD} chunks per
     * thread of at least {@code grain} indices. Errors are rethrown after every started chunk has
     * finished.
     *
     * @param count the number of indices, {@code [0, count)}
     * @param grain the fewest indices worth one chunk
     * @param body the work, given each chunk's {@code [from, to)}
     */
    public void forRange(int count, int grain, Range body) {
        long byGrain = Math.max(1, count / Math.max(1, grain));
        forChunks(count, (int) Math.min((long) threads * CHUNKS_PER_THREAD, byGrain), body);
    }

    /**
     * Runs {@code body} over {@code [0, count)} cut into {@code chunks} nearly equal chunks (at most
     * {@code count}). Errors are rethrown after every started chunk has finished.
     *
     * @param count the number of indices, {@code [0, count)}
     * @param requested the number of chunks wanted
     * @param body the work, given each chunk's {@code [from, to)}
     */
    public void forChunks(int count, int requested, Range body) {
        forChunks(count, requested, (slot, from, to) -> body.run(from, to));
    }

    /**
     * As {@link #forChunks(int, int, Range)}, telling each chunk its thread's slot.
     *
     * @param count the number of indices, {@code [0, count)}
     * @param requested the number of chunks wanted
     * @param body the work, given each chunk's {@code [from, to)}
     */
    public void forChunks(int count, int requested, SlotRange body) {
        int chunks = Math.min(count, requested);
        if (threads == 1 || chunks <= 1) {
            if (count > 0) {
                body.run(0, 0, count);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(chunks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        java.util.function.IntConsumer worker = slot -> {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    body.run(slot, (int) ((long) c * count / chunks), (int) ((long) (c + 1) * count / chunks));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 1; h < Math.min(threads, chunks); h++) {
            int slot = h;
            try {
                executor.execute(() -> worker.accept(slot));
            } catch (RejectedExecutionException e) {
                break; // the caller takes the chunks instead
            }
        }
        worker.accept(0);
        awaitUninterruptibly(done);
        Throwable e = failure.get();
        if (e instanceof RuntimeException) {
            throw (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits for the helpers' chunks. Returning early on an interrupt would leave helpers writing
     * into arrays the caller goes on to read, so the interrupt is kept for later instead.
     */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
