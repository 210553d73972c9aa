package io.jinit.formats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Streams tensors to a channel in bounded memory: each chunk of at most {@code chunkElements}
 * elements is filled and encoded little-endian on the calling thread while the previous chunk is
 * written by a background thread, so filling and writing overlap. Two slots alternate, each with
 * a fill array and a direct buffer of encoded bytes: at most 16 bytes per element of a chunk and
 * slot, 32 MB at the default of 2<sup>20</sup> elements, whatever the tensor's size.
 *
 * <p>Bytes reach the channel in order, at its position. Optionally a CRC-32 of everything written
 * is kept (for zip members).
 */
final class ChunkStreamer implements AutoCloseable {
    /** Default elements per chunk. */
    static final int DEFAULT_CHUNK_ELEMENTS = 1 << 20;
    /** Largest chunk: 8-byte elements must fit a ByteBuffer. */
    static final int MAX_CHUNK_ELEMENTS = 1 << 27;

    private final int chunkElements;
    private final WritableByteChannel channel;
    private final CRC32 crc;
    private final Slot[] slots = {new Slot(), new Slot()};
    private final ExecutorService writer;
    private Future<?> pending;
    private int next;

    /**
     * @param chunkElements elements per chunk, checked by {@link #checkChunkElements}
     * @param channel where the bytes go
     * @param crc updated with every byte written, or null
     */
    ChunkStreamer(int chunkElements, WritableByteChannel channel, CRC32 crc) {
        this.chunkElements = checkChunkElements(chunkElements);
        this.channel = channel;
        this.crc = crc;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jinit-writer");
            t.setDaemon(true);
            return t;
        });
    }

    static int checkChunkElements(int chunkElements) {
        if (chunkElements < 1 || chunkElements > MAX_CHUNK_ELEMENTS) {
            throw new IllegalArgumentException("chunkElements must be in [1, " + MAX_CHUNK_ELEMENTS + "]: " + chunkElements);
        }
        return chunkElements;
    }

    /**
     * Writes bytes after everything streamed so far.
     *
     * @param bytes the bytes, consumed
     */
    void write(ByteBuffer bytes) throws IOException {
        awaitPending();
        if (crc != null) {
            crc.update(bytes.duplicate());
        }
        writeFully(channel, bytes);
    }

    /**
     * Writes a tensor's elements, little-endian, in its dtype, after everything streamed so far.
     *
     * @param source the tensor
     */
    void stream(TensorSource source) throws IOException {
        long size = source.shape().size();
        DType dtype = source.dtype();
        for (long from = 0; from < size; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while writing tensor " + source.name());
            }
            int n = (int) Math.min(chunkElements, size - from);
            ByteBuffer chunk = slots[next].encode(source, dtype, from, n, (int) Math.min(chunkElements, size));
            next ^= 1;
            awaitPending();
            pending = writer.submit(() -> {
                if (crc != null) {
                    crc.update(chunk.duplicate());
                }
                writeFully(channel, chunk);
                return null;
            });
            from += n;
        }
    }

    /** Waits until every byte streamed has been written. */
    void flush() throws IOException {
        awaitPending();
    }

    /** Stops the background thread; a write still running is interrupted (this aborts the file). */
    @Override
    public void close() {
        if (pending != null) {
            pending.cancel(true);
        }
        writer.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (writer.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPending() throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
            pending = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a write");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IOException(cause);
        }
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Scratch for one chunk: the fill array and the encoded bytes (direct, so writes do not copy). */
    private static final class Slot {
        private float[] floats;
        private double[] doubles;
        private ByteBuffer bytes;

        ByteBuffer encode(TensorSource source, DType dtype, long from, int n, int capacity) {
            int width = dtype.byteSize();
            if (bytes == null || bytes.capacity() < n * width) {
                bytes = ByteBuffer.allocateDirect(capacity * width).order(ByteOrder.LITTLE_ENDIAN);
            }
            bytes.clear();
            switch (dtype) {
                case FLOAT32:
                    if (floats == null || floats.length < n) {
                        floats = new float[capacity];
                    }
                    source.fill(from, floats, 0, n);
                    bytes.asFloatBuffer().put(floats, 0, n);
                    break;
                case FLOAT64:
                    fillDoubles(source, from, n, capacity);
                    bytes.asDoubleBuffer().put(doubles, 0, n);
                    break;
                case FLOAT16:
                    fillDoubles(source, from, n, capacity);
                    for (int i = 0; i < n; i++) {
                        bytes.putShort(2 * i, HalfFloats.toFloat16Bits(doubles[i]));
                    }
                    break;
                case BFLOAT16:
                    fillDoubles(source, from, n, capacity);
                    for (int i = 0; i < n; i++) {
                        bytes.putShort(2 * i, HalfFloats.toBfloat16Bits(doubles[i]));
                    }
                    break;
                default:
                    throw new IllegalArgumentException("dtype of tensor " + source.name() + " cannot be written: " + dtype);
            }
            bytes.limit(n * width);
            return bytes;
        }

        private void fillDoubles(TensorSource source, long from, int n, int capacity) {
            if (doubles == null || doubles.length < n) {
                doubles = new double[capacity];
            }
            source.fill(from, doubles, 0, n);
        }
    }
}
