package io.jinit.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Writes one tensor as a {@code .npy} file (NumPy format 1.0, or 2.0 when the header exceeds
 * 65535 bytes): the header exactly as {@code numpy.save} writes it (see {@link NpyHeader}), then
 * the elements little-endian in C order, starting at a multiple of 64 bytes. Float32, float64
 * and float16 ({@code '<f4'}, {@code '<f8'}, {@code '<f2'}); NumPy has no bfloat16.
 *
 * <p>The tensor is streamed in chunks of {@link #chunkElements} elements, so its size is bounded
 * by the disk, not the heap (it may exceed 2<sup>31</sup> elements). The file appears at the
 * destination only once complete: it is written to a temporary file beside it, forced to the
 * device and renamed; a failure or an interruption deletes the temporary file and leaves the
 * destination unchanged.
 *
 * <pre>{@code
 * NpyWriter.of().write(Path.of("w.npy"),
 *         InitializedTensor.of("w", Shape.of(784, 128), DType.FLOAT32, Initializers.get("he_normal"), 42));
 * // numpy.load("w.npy"): float32, shape (784, 128)
 * }</pre>
 * (compiled and run in the module's ExampleTest)
 *
 * <p>Reference: <a href="https://numpy.org/neps/nep-0001-npy-format.html">NEP 1, A simple file
 * format for NumPy arrays</a>.
 *
 * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
 * @since 0.1
 */
public record NpyWriter(int chunkElements) {

    /**
     * Validates the chunk size.
     *
     * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
     */
    public NpyWriter {
        ChunkStreamer.checkChunkElements(chunkElements);
    }

    /**
     * A writer with chunks of 2<sup>20</sup> elements.
     *
     * @return the writer
     */
    public static NpyWriter of() {
        return new NpyWriter(ChunkStreamer.DEFAULT_CHUNK_ELEMENTS);
    }

    /**
     * This writer with another chunk size.
     *
     * @param chunkElements elements per chunk
     * @return the writer
     */
    public NpyWriter withChunkElements(int chunkElements) {
        return new NpyWriter(chunkElements);
    }

    /**
     * Writes a tensor to a file, replacing it atomically.
     *
     * @param out the destination
     * @param source the tensor
     * @throws IllegalArgumentException before anything is written if the source is null, its dtype
     *     is bfloat16 or the destination cannot be written
     * @throws IOException if writing fails; no file is then left at the destination
     */
    public void write(Path out, TensorSource source) throws IOException {
        write(out, source, AtomicFile.DIRECT_IO_MIN_BYTES);
    }

    /** As {@link #write(Path, TensorSource)}, with direct I/O from files of {@code directIoMinBytes} on. */
    void write(Path out, TensorSource source, long directIoMinBytes) throws IOException {
        byte[] header = header(source);
        long bytes = header.length + source.shape().size() * source.dtype().byteSize();
        AtomicFile.write(out, bytes, bytes >= directIoMinBytes, (channel, alignment) -> {
            try (ChunkStreamer streamer = new ChunkStreamer(chunkElements, channel, alignment, null)) {
                streamer.write(ByteBuffer.wrap(header));
                streamer.stream(source);
                streamer.finish();
            }
        });
    }

    /**
     * The header of a source, checking that .npy can hold it.
     *
     * @param source the tensor
     * @return the header bytes
     */
    static byte[] header(TensorSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null: null");
        }
        DType dtype = source.dtype();
        if (dtype == null || !dtype.isWritable() || !dtype.hasNumpyDescr()) {
            throw new IllegalArgumentException("dtype of tensor " + source.name() + " cannot be written to .npy or .npz"
                    + " (they hold FLOAT32, FLOAT64 and FLOAT16; NumPy has no bfloat16, write it to .safetensors): "
                    + dtype);
        }
        TensorFiles.checkRank(source.name(), source.shape());
        NpyHeader header = NpyHeader.of(dtype, source.shape());
        header.dataBytes();
        return header.encode();
    }
}
