package io.jinit.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes tensors as a {@code .safetensors} file (see {@link SafetensorsHeader} for the layout):
 * the 8-byte header length, the JSON header written with Jackson, then each tensor's data
 * little-endian in C order, contiguous, in the given order. All four writable dtypes: F32, F64,
 * BF16, F16.
 *
 * <p>{@code __metadata__} holds {@code "format": "pt"} (so that {@code safetensors.torch}
 * loads the file as a PyTorch checkpoint), {@code "jinit.version"}, this writer's
 * {@link #metadata} (which may replace those two), and each source's
 * {@link TensorSource#metadata()}: for an {@link InitializedTensor}, {@code "jinit.seed"} and
 * {@code "jinit.init.NAME"}, the JSON of the initializer's Keras-shaped dict. Sources may not
 * disagree on a key (two seeds in one file would leave {@code jinit.seed} ambiguous).
 *
 * <p>Tensors are laid out in the given order without padding; the safetensors Python library
 * sorts by dtype size so that every tensor is aligned to its element size, which callers get by
 * passing wider dtypes first.
 *
 * <p>Writing is streamed and atomic as for {@link NpyWriter}: bounded memory, tensors of any size,
 * and the file appears at the destination only when complete.
 *
 * <p>Reference: Hugging Face <a href="https://github.com/huggingface/safetensors#format">safetensors
 * format</a>.
 *
 * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
 * @param metadata extra {@code __metadata__} entries
 * @since 0.1
 */
public record SafetensorsWriter(int chunkElements, Map<String, String> metadata) {

    /**
     * Validates the chunk size and copies the metadata.
     *
     * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
     * @param metadata extra {@code __metadata__} entries
     */
    public SafetensorsWriter {
        ChunkStreamer.checkChunkElements(chunkElements);
        if (metadata == null) {
            throw new IllegalArgumentException("metadata must not be null: null");
        }
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("metadata keys and values must not be null: " + e);
            }
            SafetensorsHeader.checkText("metadata key", e.getKey());
            SafetensorsHeader.checkText("metadata value of " + TensorFiles.printable(e.getKey()), e.getValue());
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * A writer with chunks of 2<sup>20</sup> elements and no extra metadata.
     *
     * @return the writer
     */
    public static SafetensorsWriter of() {
        return new SafetensorsWriter(ChunkStreamer.DEFAULT_CHUNK_ELEMENTS, Map.of());
    }

    /**
     * This writer with another chunk size.
     *
     * @param chunkElements elements per chunk
     * @return the writer
     */
    public SafetensorsWriter withChunkElements(int chunkElements) {
        return new SafetensorsWriter(chunkElements, metadata);
    }

    /**
     * This writer with extra metadata entries.
     *
     * @param metadata entries written after {@code format} and {@code jinit.version}
     * @return the writer
     */
    public SafetensorsWriter withMetadata(Map<String, String> metadata) {
        return new SafetensorsWriter(chunkElements, metadata);
    }

    /**
     * Writes tensors to a file, replacing it atomically.
     *
     * @param out the destination
     * @param sources the tensors, with distinct non-empty names other than {@code __metadata__}
     * @throws IllegalArgumentException before anything is written if a source is null, has a
     *     duplicate or reserved name or an unwritable dtype, sources disagree on a metadata key,
     *     or the destination cannot be written
     * @throws IOException if writing fails; no file is then left at the destination
     */
    public void write(Path out, List<? extends TensorSource> sources) throws IOException {
        write(out, sources, AtomicFile.DIRECT_IO_MIN_BYTES);
    }

    /** As {@link #write(Path, List)}, with direct I/O from files of {@code directIoMinBytes} on. */
    void write(Path out, List<? extends TensorSource> sources, long directIoMinBytes) throws IOException {
        ByteBuffer head = head(sources);
        long bytes = head.remaining();
        for (TensorSource s : sources) {
            bytes += s.shape().size() * s.dtype().byteSize();
        }
        AtomicFile.write(out, bytes, bytes >= directIoMinBytes, (channel, alignment) ->
                stream(head, sources, channel, alignment));
    }

    /**
     * Streams tensors as a {@code .safetensors} file into a channel: the bytes {@link #write(Path,
     * List)} puts in a file, for a destination that is not a local path (a distributed file
     * system's output stream), whose writer makes the file appear atomically.
     *
     * @param channel the destination, written from its position on
     * @param sources the tensors, as for {@link #write(Path, List)}
     * @throws IllegalArgumentException before anything is written if the sources are not
     *     writable, as for {@link #write(Path, List)}
     * @throws IOException if writing fails
     */
    public void write(WritableByteChannel channel, List<? extends TensorSource> sources) throws IOException {
        stream(head(sources), sources, channel, 1);
    }

    private void stream(ByteBuffer head, List<? extends TensorSource> sources, WritableByteChannel channel,
            int alignment) throws IOException {
        try (ChunkStreamer streamer = new ChunkStreamer(chunkElements, channel, alignment, null)) {
            streamer.write(head);
            for (TensorSource s : sources) {
                streamer.stream(s);
            }
            streamer.finish();
        }
    }

    /** The file's first bytes: the header's length (8 bytes, little-endian) and the header. */
    ByteBuffer head(List<? extends TensorSource> sources) {
        byte[] json = header(sources).encode();
        ByteBuffer head = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
        return head.putLong(json.length).put(json).flip();
    }

    /** The header of the sources with this writer's metadata, after checking them. */
    SafetensorsHeader header(List<? extends TensorSource> sources) {
        if (sources == null) {
            throw new IllegalArgumentException("sources must not be null: null");
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("format", "pt");
        all.put("jinit.version", JinitVersion.VERSION);
        all.putAll(metadata);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            TensorSource s = sources.get(i);
            if (s == null) {
                throw new IllegalArgumentException("source " + i + " must not be null: null");
            }
            String name = s.name();
            if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("name of tensor " + i + " must be a non-empty string other than "
                        + SafetensorsHeader.METADATA_KEY + ": " + name);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("tensor names must be distinct, repeated: " + name);
            }
            SafetensorsHeader.checkText("name of tensor " + i, name);
            if (s.dtype() == null || !s.dtype().isWritable()) {
                throw new IllegalArgumentException("dtype of tensor " + name
                        + " must be FLOAT32, FLOAT64, BFLOAT16 or FLOAT16: " + s.dtype());
            }
            TensorFiles.checkRank(name, s.shape());
            for (Map.Entry<String, String> e : s.metadata().entrySet()) {
                SafetensorsHeader.checkText("metadata key of tensor " + TensorFiles.printable(name), e.getKey());
                SafetensorsHeader.checkText("metadata value " + TensorFiles.printable(e.getKey()) + " of tensor "
                        + TensorFiles.printable(name), e.getValue());
                String previous = all.putIfAbsent(e.getKey(), e.getValue());
                if (previous != null && !previous.equals(e.getValue())) {
                    throw new IllegalArgumentException("metadata key " + e.getKey() + " of tensor " + name
                            + " conflicts with an earlier value (" + previous + "): " + e.getValue());
                }
            }
        }
        return SafetensorsHeader.of(all, sources);
    }
}
