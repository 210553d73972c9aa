package io.jinit.formats;

import io.jinit.HalfFloats;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Streams tensors to a channel in bounded memory: each chunk of at most {@code chunkElements}
 * elements is filled on the calling thread while a background thread checks, encodes
 * little-endian and writes the chunks filled before it, so filling, encoding and writing overlap.
 * {@value #SLOTS} slots take turns, each with a fill array and a direct buffer of encoded bytes:
 * the filling runs up to {@value #SLOTS} chunks ahead of the writing, which absorbs the pauses of
 * either side (a slow write of the device, a fill slowed by another process) instead of passing
 * them on. Per element of a chunk and slot: 8 bytes for float32 (the float and its encoding), 16
 * for float64, 12 for float16 and bfloat16 (the double, its 16 bits, their encoding), at most 22
 * when one file mixes them; 32 to 88 MB at the default of 2<sup>20</sup> elements, whatever the
 * tensor's size.
 *
 * <p>Bytes reach the channel in order, from its position at construction (a file's), or as a
 * stream (any other channel, such as a distributed file system's output stream). Optionally a CRC-32 of
 * everything written is kept (for zip members).
 *
 * <p>With an alignment above 1 (a channel opened for direct I/O, see {@link AtomicFile}) every
 * write starts at a multiple of the alignment in the file, from an aligned address, for a
 * multiple of the alignment in length. The bytes of a last partial block are carried into the
 * next write: a chunk is encoded at offset {@code streamed % alignment} of its aligned buffer and
 * the carried bytes are copied in front of it, so no more than one block per chunk is copied
 * twice. {@link #finish} writes the final partial block padded with zeros and cuts the file back
 * to the length streamed.
 */
final class ChunkStreamer implements AutoCloseable {
    /** Default elements per chunk. */
    static final int DEFAULT_CHUNK_ELEMENTS = 1 << 20;
    /** Largest chunk: 8-byte elements must fit a ByteBuffer. */
    static final int MAX_CHUNK_ELEMENTS = 1 << 27;
    /** Chunks in flight: filled and waiting, or being written. */
    static final int SLOTS = 4;

    private final int chunkElements;
    private final WritableByteChannel channel;
    private final int alignment;
    private final long start;
    private final CRC32 crc;
    private final Slot[] slots;
    /**
     * The bytes streamed after the last whole block written. One thread at a time touches it: the
     * writer's task, or the caller once no task is pending (Future.get orders the two).
     */
    private final ByteBuffer carry;
    private final ExecutorService writer;
    /** The writes submitted and not yet awaited, oldest first; the writer runs them in this order. */
    private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
    private int next;
    private long streamed;

    /**
     * @param chunkElements elements per chunk, checked by {@link #checkChunkElements}
     * @param channel where the bytes go, from its position on if it is a file's
     * @param alignment 1, or the power-of-two alignment of a file channel opened for direct I/O,
     *     whose position must then be a multiple of it
     * @param crc updated with every byte written, or null
     */
    ChunkStreamer(int chunkElements, WritableByteChannel channel, int alignment, CRC32 crc) throws IOException {
        this.chunkElements = checkChunkElements(chunkElements);
        if (alignment < 1 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        if (alignment > 1 && !(channel instanceof FileChannel)) {
            throw new IllegalArgumentException("only a file channel can be aligned for direct I/O: " + alignment);
        }
        this.channel = channel;
        this.alignment = alignment;
        this.start = channel instanceof FileChannel file ? file.position() : 0;
        if (start % alignment != 0) {
            throw new IllegalArgumentException("channel position must be a multiple of the alignment " + alignment
                    + ": " + start);
        }
        this.crc = crc;
        this.slots = new Slot[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot(alignment);
        }
        this.carry = alignedBuffer(alignment, alignment);
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
        streamed += bytes.remaining();
        if (alignment == 1) {
            writeFully(channel, bytes);
            return;
        }
        while (bytes.hasRemaining()) {
            int n = Math.min(bytes.remaining(), carry.remaining());
            carry.put(carry.position(), bytes, bytes.position(), n);
            carry.position(carry.position() + n);
            bytes.position(bytes.position() + n);
            if (!carry.hasRemaining()) {
                writeFully(channel, carry.flip());
                carry.clear();
            }
        }
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
            int capacity = (int) Math.min(chunkElements, size);
            // The slot's previous chunk was submitted SLOTS chunks ago, by the oldest pending write.
            while (pending.size() >= SLOTS) {
                awaitOldest();
            }
            Slot slot = slots[next];
            slot.fill(source, dtype, from, n, capacity);
            int lead = (int) (streamed % alignment);
            int end = lead + n * dtype.byteSize();
            next = (next + 1) % SLOTS;
            streamed += end - lead;
            pending.add(writer.submit(() -> {
                writeAfterCarry(slot.encode(dtype, n, capacity, lead), lead, end);
                return null;
            }));
            from += n;
        }
    }

    /**
     * On the writing thread: puts the carried bytes in front of the chunk's bytes
     * {@code [lead, end)}, writes the whole blocks and carries the rest.
     */
    private void writeAfterCarry(ByteBuffer chunk, int lead, int end) throws IOException {
        if (crc != null) {
            crc.update(chunk.duplicate().limit(end).position(lead));
        }
        chunk.put(0, carry, 0, lead);
        int whole = end - end % alignment;
        carry.clear();
        carry.put(0, chunk, whole, end - whole);
        carry.position(end - whole);
        writeFully(channel, chunk.limit(whole).position(0));
    }

    /**
     * Waits until every byte streamed has been written, but for a partial last block under an
     * alignment, which only {@link #finish} writes.
     */
    void flush() throws IOException {
        awaitPending();
    }

    /**
     * Writes everything streamed, the last partial block included, and leaves the channel's size
     * at the end of the bytes streamed. Nothing may be streamed afterwards.
     */
    void finish() throws IOException {
        awaitPending();
        int rest = carry.position();
        if (rest > 0) {
            carry.put(rest, new byte[alignment - rest]);
            writeFully(channel, carry.clear());
            ((FileChannel) channel).truncate(start + streamed);
            carry.clear();
        }
    }

    /** Stops the background thread; a write still running is interrupted (this aborts the file). */
    @Override
    public void close() {
        for (Future<?> write : pending) {
            write.cancel(true);
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
        while (!pending.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() throws IOException {
        try {
            pending.peek().get();
            pending.remove();
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

    /**
     * A direct buffer of at least {@code size} bytes whose address is a multiple of the alignment
     * ({@link ByteBuffer#alignedSlice} also rounds the end down, hence the rounded size).
     */
    static ByteBuffer alignedBuffer(int size, int alignment) {
        int rounded = (size + alignment - 1) & -alignment;
        ByteBuffer b = ByteBuffer.allocateDirect(rounded + alignment - 1).alignedSlice(alignment);
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Scratch for one chunk: the fill array and the encoded bytes (direct, so writes do not copy;
     * aligned, with room for a carried partial block in front).
     */
    private static final class Slot {
        /** Exponent bits of float16 and bfloat16; all set is infinity or NaN. */
        private static final int FLOAT16_EXPONENT = 0x7C00;
        private static final int BFLOAT16_EXPONENT = 0x7F80;

        private final int alignment;
        /** The tensor filled last, named in errors. */
        private String name;
        /** The index in its tensor of the first element filled last, given in errors. */
        private long first;
        /** Whether the source of the elements filled last says they are all finite. */
        private boolean finiteValues;
        private float[] floats;
        private double[] doubles;
        /** The chunk narrowed to 16 bits, copied into the buffer in one bulk put. */
        private short[] halves;
        private ByteBuffer bytes;

        Slot(int alignment) {
            this.alignment = alignment;
        }

        /** Fills elements {@code [from, from + n)} into the slot's array for the dtype. */
        void fill(TensorSource source, DType dtype, long from, int n, int capacity) {
            name = source.name();
            first = from;
            finiteValues = source.finiteValues();
            if (dtype == DType.FLOAT32) {
                if (floats == null || floats.length < n) {
                    floats = new float[capacity];
                }
                source.fill(from, floats, 0, n);
            } else if (dtype.isWritable()) {
                fillDoubles(source, from, n, capacity);
            } else {
                throw new IllegalArgumentException("dtype of tensor " + source.name() + " cannot be written: " + dtype);
            }
        }

        /**
         * Encodes the n elements filled last at offset {@code lead} of the slot's buffer, refusing
         * a non-finite one where the source says they must be finite (on the writer's thread, so
         * that the caller's threads only fill).
         */
        ByteBuffer encode(DType dtype, int n, int capacity, int lead) {
            // The 16-bit paths check while narrowing: a non-finite double gives an all-ones exponent.
            if (finiteValues && dtype == DType.FLOAT32) {
                FiniteValues.check(name, floats, n, first, "float32");
            } else if (finiteValues && dtype == DType.FLOAT64) {
                FiniteValues.check(name, doubles, n, first, "float64");
            }
            int width = dtype.byteSize();
            if (bytes == null || bytes.capacity() < alignment + n * width) {
                bytes = alignedBuffer(alignment + capacity * width, alignment);
            }
            bytes.clear().position(lead);
            switch (dtype) {
                case FLOAT32:
                    bytes.asFloatBuffer().put(floats, 0, n);
                    break;
                case FLOAT64:
                    bytes.asDoubleBuffer().put(doubles, 0, n);
                    break;
                default: // FLOAT16 or BFLOAT16, the last writable dtypes: fill refused the others
                    putHalves(dtype == DType.BFLOAT16, lead, n);
            }
            return bytes.clear();
        }

        /**
         * Narrows the chunk's doubles to binary16 or bfloat16 (rounded once, ties to even) into
         * the buffer from byte {@code lead} on, refusing a finite value that overflows to infinity.
         */
        private void putHalves(boolean bfloat16, int lead, int n) {
            if (halves == null || halves.length < n) {
                halves = new short[doubles.length];
            }
            boolean nonFinite = HalfFloats.narrow(doubles, halves, n, bfloat16);
            if (nonFinite) {
                DType dtype = bfloat16 ? DType.BFLOAT16 : DType.FLOAT16;
                if (finiteValues) {
                    FiniteValues.check(name, doubles, n, first, dtype.name().toLowerCase(Locale.ROOT));
                }
                refuseOverflow(dtype, n);
            }
            bytes.position(lead);
            bytes.asShortBuffer().put(halves, 0, n);
        }

        /**
         * Refuses a finite value that the narrow dtype cannot hold: rounding it to infinity
         * (65520 and above in float16), as NumPy's {@code astype(np.float16)} and torch's
         * {@code .to(torch.float16)} do silently, would write a tensor no initializer meant.
         * Infinities and NaNs that a source gives on purpose are written as they are.
         */
        private void refuseOverflow(DType dtype, int n) {
            int exponent = dtype == DType.FLOAT16 ? FLOAT16_EXPONENT : BFLOAT16_EXPONENT;
            for (int i = 0; i < n; i++) {
                double v = doubles[i];
                if ((halves[i] & exponent) == exponent && Double.isFinite(v)) {
                    throw new IllegalArgumentException("value of tensor " + name + " overflows "
                            + dtype.name().toLowerCase(java.util.Locale.ROOT) + " (largest finite "
                            + (dtype == DType.FLOAT16 ? "65504" : "3.39e38") + "), write a wider dtype: " + v);
                }
            }
        }

        private void fillDoubles(TensorSource source, long from, int n, int capacity) {
            if (doubles == null || doubles.length < n) {
                doubles = new double[capacity];
            }
            source.fill(from, doubles, 0, n);
        }
    }
}
