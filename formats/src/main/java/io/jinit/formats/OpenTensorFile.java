package io.jinit.formats;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor file opened for reading: its tensors, where each one's data starts, and its metadata.
 * The format is recognised by content, not by name: the {@code .npy} magic string, a zip
 * signature ({@code .npz}), otherwise a safetensors header length. Every size and offset is
 * checked against the file's length before anything is allocated.
 *
 * <p>PyTorch checkpoints are recognised and refused with a way to convert them: a
 * {@code torch.save} zip holds {@code ARCHIVE/data.pkl} (and {@code ARCHIVE/data/0}, ...), a
 * legacy {@code torch.save} or {@code pickle.dump} file starts with the pickle PROTO opcode
 * {@code 0x80} and a protocol from 2 to 5. A zip archive without any {@code .npy} member is
 * refused too, rather than read as a file of no tensors (an archive of no members at all is the
 * empty {@code .npz} that {@code numpy.savez()} writes).
 */
final class OpenTensorFile implements Closeable {
    private static final byte[] ZIP_LOCAL = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 5, 6};
    /** The pickle PROTO opcode, first byte of protocols 2 to 5. */
    private static final int PICKLE_PROTO = 0x80;
    /** How to turn a PyTorch checkpoint into a file jinit reads. */
    private static final String CONVERT = "jinit reads .safetensors, .npy and .npz: convert it with"
            + " safetensors.torch.save_file(torch.load(FILE), 'model.safetensors')";

    /**
     * A tensor and where its data is.
     *
     * @param info name, shape and dtype
     * @param order the data's byte order
     * @param fortranOrder whether the data is column-major (.npy only)
     * @param member the zip member holding it, or null for data in the file itself
     * @param dataOffset the data's first byte in the file, or in the member
     */
    record Stored(TensorInfo info, ByteOrder order, boolean fortranOrder, StoredZip.Member member, long dataOffset) {
    }

    private final Path file;
    private final String where;
    /** The file, open for positional reads of every tensor. */
    private final FileChannel channel;
    private final List<Stored> tensors;
    private final Map<String, String> metadata;

    private OpenTensorFile(Path file, FileChannel channel, List<Stored> tensors, Map<String, String> metadata) {
        this.file = file;
        this.where = file.toString();
        this.channel = channel;
        this.tensors = Collections.unmodifiableList(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens a file and reads its headers.
     *
     * @param file a .npy, .npz or .safetensors file
     * @return the opened file, to be closed
     * @throws IllegalArgumentException naming the file if it is missing, malformed or unsupported
     */
    static OpenTensorFile open(Path file) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null: null");
        }
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file does not exist or is not a regular file: " + where);
        }
        long length = Files.size(file);
        byte[] start = new byte[9];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(start, 0, 9);
            if (n < 8) {
                throw new IllegalArgumentException(where + ": too short (" + n + " bytes) to be .npy, .npz or .safetensors");
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file does not exist: " + where, e);
        }
        // A safetensors header of 640 + 65536k bytes also starts with 0x80 and 2..5, but its JSON then
        // starts at byte 8 with '{'; a pickle has an opcode there.
        if ((start[0] & 0xFF) == PICKLE_PROTO && start[1] >= 2 && start[1] <= 5 && start[8] != '{') {
            throw new IllegalArgumentException(where + " is a Python pickle (a legacy torch.save checkpoint or"
                    + " pickle.dump), not a tensor file; " + CONVERT.replace("FILE", "'" + where + "'"));
        }
        try {
            if (startsWith(start, NpyHeader.MAGIC)) {
                return openNpy(file, length);
            }
            if (startsWith(start, ZIP_LOCAL) || startsWith(start, ZIP_EMPTY)) {
                return openNpz(file);
            }
            return openSafetensors(file, length, ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN).getLong());
        } catch (OutOfMemoryError e) {
            // Every allocation is bounded by the file's size, but a header within the limits (100 MB
            // of safetensors JSON, a central directory as large as the file) can still list more
            // tensors than a small heap holds, a few hundred bytes each. What the tensors held is
            // garbage once this is thrown.
            throw new IllegalArgumentException(where + ": its headers list more tensors than fit in the Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB", e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static OpenTensorFile openNpy(Path file, long length) throws IOException {
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
        return new OpenTensorFile(file, FileChannel.open(file, StandardOpenOption.READ), tensors, new LinkedHashMap<>());
    }

    private static OpenTensorFile openNpz(Path file) throws IOException {
        String where = file.toString();
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            List<StoredZip.Member> members = StoredZip.members(channel, where);
            List<Stored> tensors = new ArrayList<>();
            for (StoredZip.Member m : members) {
                if (m.name().equals("data.pkl") || m.name().endsWith("/data.pkl")) {
                    throw new IllegalArgumentException(where + " is a PyTorch checkpoint (torch.save, "
                            + TensorFiles.printable(m.name()) + "), not a .npz; "
                            + CONVERT.replace("FILE", "'" + where + "'"));
                }
            }
            for (StoredZip.Member m : members) {
                if (!m.name().endsWith(".npy")) {
                    continue;
                }
                String member = where + "!" + TensorFiles.printable(m.name());
                NpyHeader.Parsed parsed;
                try (InputStream in = new StoredZip.MemberStream(channel, m, member, false)) {
                    parsed = NpyHeader.read(in, m.size(), member);
                }
                NpyHeader h = parsed.header();
                String name = m.name().substring(0, m.name().length() - 4);
                tensors.add(new Stored(new TensorInfo(name, h.shape(), h.dtype()), h.order(), h.fortranOrder(), m,
                        parsed.length()));
            }
            if (tensors.isEmpty() && !members.isEmpty()) {
                throw new IllegalArgumentException(where + ": a zip archive of " + members.size() + " members, none"
                        + " of them a .npy array, so not a .npz (first member: "
                        + TensorFiles.printable(abbreviate(members.get(0).name())) + ")");
            }
            return new OpenTensorFile(file, channel, tensors, new LinkedHashMap<>());
        } catch (IOException | RuntimeException | Error e) {
            channel.close();
            throw e;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static OpenTensorFile openSafetensors(Path file, long length, long headerLength) throws IOException {
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
        return new OpenTensorFile(file, FileChannel.open(file, StandardOpenOption.READ), tensors,
                new LinkedHashMap<>(header.metadata()));
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
        throw new IllegalArgumentException("name is not a tensor of " + where + ": " + TensorFiles.printable(name));
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
        String what = t.member() == null ? where : where + "!" + TensorFiles.printable(t.member().name());
        int chunk = (int) Math.max(1, Math.min(chunkElements, count));
        byte[] bytes = new byte[chunk * width];
        double[] values = new double[chunk];
        // A scan of a whole zip member reads it to its end, which checks its CRC-32.
        boolean whole = from == 0 && count == t.info().shape().size();
        if (count == 0 && !whole) {
            return;
        }
        try (StoredZip.MemberStream in = data(t, from * width, what, whole)) {
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(chunk, count - done);
                int got = in.readNBytes(bytes, 0, n * width);
                if (got < n * width) {
                    throw new IllegalArgumentException(what + ": truncated in the data of tensor "
                            + TensorFiles.printable(t.info().name()));
                }
                ElementDecoder.decode(ByteBuffer.wrap(bytes, 0, got).order(t.order()), t.info().dtype(), values, 0, n);
                consumer.accept(values, n);
                done += n;
            }
            if (whole && t.member() != null) {
                in.readToEnd();
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException(what + ": truncated in the data of tensor "
                    + TensorFiles.printable(t.info().name()), e);
        }
    }

    private StoredZip.MemberStream data(Stored t, long skip, String what, boolean verify) throws IOException {
        StoredZip.Member range = t.member();
        if (range == null) {
            // The tensor's bytes in the file itself, read as a STORED range without a CRC.
            long bytes = t.info().shape().size() * t.info().dtype().byteSize();
            range = new StoredZip.Member(t.info().name(), StoredZip.STORED, 0, bytes, bytes, t.dataOffset());
        }
        StoredZip.MemberStream in = new StoredZip.MemberStream(channel, range, what, verify && t.member() != null);
        try {
            NpyHeader.skipFully(in, (t.member() == null ? 0 : t.dataOffset()) + skip);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return in;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
