package io.jinit.formats;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A tensor file opened for reading: its tensors, where each one's data starts, and its metadata.
 * The format is recognised by content, not by name: the {@code .npy} magic string, a zip
 * signature ({@code .npz}), otherwise a safetensors header length. Every size and offset is
 * checked against the file's length before anything is allocated.
 */
final class TensorCatalog implements Closeable {
    private static final byte[] ZIP_LOCAL = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 5, 6};

    /**
     * A tensor and where its data is.
     *
     * @param info name, shape and dtype
     * @param order the data's byte order
     * @param fortranOrder whether the data is column-major (.npy only)
     * @param member the zip member holding it, or null for data in the file itself
     * @param dataOffset the data's first byte in the file, or in the member
     */
    record Stored(TensorInfo info, ByteOrder order, boolean fortranOrder, String member, long dataOffset) {
    }

    private final Path file;
    private final String where;
    private final ZipFile zip;
    private final List<Stored> tensors;
    private final Map<String, String> metadata;

    private TensorCatalog(Path file, ZipFile zip, List<Stored> tensors, Map<String, String> metadata) {
        this.file = file;
        this.where = file.toString();
        this.zip = zip;
        this.tensors = Collections.unmodifiableList(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a file and reads its headers.
     *
     * @param file a .npy, .npz or .safetensors file
     * @return the catalog, to be closed
     * @throws IllegalArgumentException naming the file if it is missing, malformed or unsupported
     */
    static TensorCatalog open(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null: null");
        }
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file does not exist or is not a regular file: " + where);
        }
        long length = Files.size(file);
        byte[] start = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(start, 0, 8);
            if (n < 8) {
                throw new IllegalArgumentException(where + ": too short (" + n + " bytes) to be .npy, .npz or .safetensors");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file does not exist: " + where, e);
        }
        if (startsWith(start, NpyHeader.MAGIC)) {
            return openNpy(file, length);
        }
        if (startsWith(start, ZIP_LOCAL) || startsWith(start, ZIP_EMPTY)) {
            return openNpz(file);
        }
        return openSafetensors(file, length, ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getLong());
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static TensorCatalog openNpy(Path file, long length) throws IOException {
        NpyHeader.Parsed parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = NpyHeader.read(in, length, file.toString());
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".npy")) {
            name = name.substring(0, name.length() - 4);
        }
        NpyHeader h = parsed.header();
        List<Stored> tensors = new ArrayList<>();
        tensors.add(new Stored(new TensorInfo(name, h.shape(), h.dtype()), h.order(), h.fortranOrder(), null,
                parsed.length()));
        return new TensorCatalog(file, null, tensors, new LinkedHashMap<>());
    }

    private static TensorCatalog openNpz(Path file) throws IOException {
        String where = file.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IllegalArgumentException(where + ": malformed .npz (zip) file: " + e.getMessage(), e);
        }
        try {
            List<Stored> tensors = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry entry = en.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String member = where + "!" + entry.getName();
                NpyHeader.Parsed parsed;
                try (InputStream in = zip.getInputStream(entry)) {
                    parsed = NpyHeader.read(in, entry.getSize(), member);
                } catch (ZipException | EOFException e) {
                    throw new IllegalArgumentException(member + ": malformed zip member: " + e.getMessage(), e);
                }
                NpyHeader h = parsed.header();
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                tensors.add(new Stored(new TensorInfo(name, h.shape(), h.dtype()), h.order(), h.fortranOrder(),
                        entry.getName(), parsed.length()));
            }
            return new TensorCatalog(file, zip, tensors, new LinkedHashMap<>());
        } catch (IOException | RuntimeException | Error e) {
            zip.close();
            throw e;
        }
    }

    private static TensorCatalog openSafetensors(Path file, long length, long headerLength) throws IOException {
        String where = file.toString();
        if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException(where + ": not .npy or .npz, and as .safetensors its header length "
                    + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + SafetensorsHeader.MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > length - 8) {
            throw new IllegalArgumentException(where + ": safetensors header length " + headerLength
                    + " runs past the end of the file (" + length + " bytes)");
        }
        ByteBuffer json = ByteBuffer.allocate((int) headerLength);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (json.hasRemaining()) {
                if (channel.read(json, 8 + json.position()) < 0) {
                    throw new IllegalArgumentException(where + ": truncated in the safetensors header");
                }
            }
        }
        SafetensorsHeader header = SafetensorsHeader.parse(json.array(), length - 8 - headerLength, where);
        List<Stored> tensors = new ArrayList<>();
        for (SafetensorsHeader.Entry e : header.tensors()) {
            tensors.add(new Stored(new TensorInfo(e.name(), e.shape(), e.dtype()), ByteOrder.LITTLE_ENDIAN, false, null,
                    8 + headerLength + e.begin()));
        }
        return new TensorCatalog(file, null, tensors, new LinkedHashMap<>(header.metadata()));
    }

    List<Stored> tensors() {
        return tensors;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    Stored tensor(String name) {
        for (Stored t : tensors) {
            if (t.info().name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("name is not a tensor of " + where + ": " + name);
    }

    /** Receives decoded chunks. */
    @FunctionalInterface
    interface ChunkConsumer {
        void accept(double[] values, int length);
    }

    /**
     * Decodes elements {@code [from, from + count)} of a tensor, in storage order, chunk by chunk.
     *
     * @param t the tensor
     * @param from first element
     * @param count number of elements
     * @param chunkElements largest chunk
     * @param consumer receives each chunk; the array is reused
     */
    void scan(Stored t, long from, long count, int chunkElements, ChunkConsumer consumer) throws IOException {
        int width = t.info().dtype().byteSize();
        String what = t.member() == null ? where : where + "!" + t.member();
        int chunk = (int) Math.max(1, Math.min(chunkElements, count));
        byte[] bytes = new byte[chunk * width];
        double[] values = new double[chunk];
        try (InputStream in = data(t, from * width)) {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(chunk, count - done);
                int got = in.readNBytes(bytes, 0, n * width);
                if (got < n * width) {
                    throw new IllegalArgumentException(what + ": truncated in the data of tensor " + t.info().name());
                }
                ElementDecoder.decode(ByteBuffer.wrap(bytes, 0, got).order(t.order()), t.info().dtype(), values, 0, n);
                consumer.accept(values, n);
                done += n;
            }
        } catch (ZipException | EOFException e) {
            throw new IllegalArgumentException(what + ": malformed data of tensor " + t.info().name() + ": "
                    + e.getMessage(), e);
        }
    }

    private InputStream data(Stored t, long skip) throws IOException {
        if (t.member() == null) {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(t.dataOffset() + skip);
            return Channels.newInputStream(channel);
        }
        ZipEntry entry = zip.getEntry(t.member());
        InputStream in = zip.getInputStream(entry);
        try {
            NpyHeader.skipFully(in, t.dataOffset() + skip);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}
