package io.jinit.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes tensors as a {@code .npz} file, the archive {@code numpy.savez} writes: a zip with one
 * STORED (uncompressed) member {@code NAME.npy} per tensor, in the given order, each an
 * {@link NpyWriter .npy} file. {@code numpy.load} returns them under {@code NAME}.
 *
 * <p>Why STORED and written directly rather than through {@link java.util.zip.ZipOutputStream}:
 * a STORED member needs its CRC-32 in its local header, before the data. ZipOutputStream wants it
 * before the first byte, which would mean computing every tensor twice (once for the CRC, once
 * for the bytes), and its DEFLATED level 0 alternative pushes every byte through a Deflater in
 * 64 KB stored blocks and an OutputStream. Here the data is streamed once through a FileChannel,
 * the CRC is computed on the way, and the 4 CRC bytes of the local header are patched in place
 * afterwards; sizes are known in advance. Members stay uncompressed and contiguous, as numpy's
 * own files are. ZIP64 fields are used for members of 4 GiB or more, offsets past 4 GiB and more
 * than 65534 members, so tensors of any size can be stored (see {@link StoredZip}).
 *
 * <p>Tensor names are refused, before anything is written, where {@code numpy.load} or an unzip
 * tool would not give the tensor back under its name:
 * <ul>
 * <li>a NUL character: Python's zipfile cuts member names at the first NUL, so {@code "a\0b"}
 * would load as {@code "a"};</li>
 * <li>a lone surrogate: not Unicode, so it has no UTF-8 form (numpy.savez raises
 * UnicodeEncodeError), and Java would write it as {@code '?'}, colliding with a real {@code '?'};</li>
 * <li>a name {@code X.npy} beside a name {@code X}: {@code numpy.load(f)["X.npy"]} looks up the
 * member {@code X.npy} first and returns tensor {@code X};</li>
 * <li>paths that escape or alias when the archive is unzipped: a leading {@code '/'}, a backslash
 * (zipfile on Windows reads it as {@code '/'}), and empty, {@code "."} or {@code ".."} segments
 * between slashes.</li>
 * </ul>
 * Slashes between ordinary segments are kept ({@code "dense/kernel:0"} loads under that name), and
 * names that differ only in case are distinct members, as numpy keeps them (an unzip onto a
 * case-insensitive file system would merge them).
 *
 * <p>Writing is streamed and atomic as for {@link NpyWriter}: bounded memory, and the file
 * appears at the destination only when complete.
 *
 * <p>References: <a href="https://numpy.org/doc/stable/reference/generated/numpy.savez.html">numpy.savez</a>;
 * PKWARE <a href="https://pkwaredownloads.blob.core.windows.net/pem/APPNOTE.txt">APPNOTE.TXT</a>.
 *
 * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
 * @since 0.1
 */
public record NpzWriter(int chunkElements) {

    /**
     * Validates the chunk size.
     *
     * @param chunkElements elements filled and written per chunk, in [1, 2<sup>27</sup>]
     */
    public NpzWriter {
        ChunkStreamer.checkChunkElements(chunkElements);
    }

    /**
     * A writer with chunks of 2<sup>20</sup> elements.
     *
     * @return the writer
     */
    public static NpzWriter of() {
        return new NpzWriter(ChunkStreamer.DEFAULT_CHUNK_ELEMENTS);
    }

    /**
     * This writer with another chunk size.
     *
     * @param chunkElements elements per chunk
     * @return the writer
     */
    public NpzWriter withChunkElements(int chunkElements) {
        return new NpzWriter(chunkElements);
    }

    /**
     * Writes tensors to a file, replacing it atomically.
     *
     * @param out the destination
     * @param sources the tensors, with distinct non-empty names
     * @throws IllegalArgumentException before anything is written if a source is null, has a
     *     bfloat16 dtype, a duplicate name or a name refused above, or the destination cannot be
     *     written
     * @throws IOException if writing fails; no file is then left at the destination
     */
    public void write(Path out, List<? extends TensorSource> sources) throws IOException {
        write(out, sources, chunkElements, StoredZip.ZIP64_LIMIT);
    }

    /** Writes with a given ZIP64 threshold (lowered by tests to exercise the ZIP64 records). */
    static void write(Path out, List<? extends TensorSource> sources, int chunkElements, long zip64Threshold)
            throws IOException {
        if (sources == null) {
            throw new IllegalArgumentException("sources must not be null: null");
        }
        byte[][] headers = new byte[sources.size()][];
        Set<String> names = new HashSet<>();
        long bytes = 0;
        for (int i = 0; i < headers.length; i++) {
            TensorSource s = sources.get(i);
            headers[i] = NpyWriter.header(s);
            bytes += headers[i].length + NpyHeader.of(s.dtype(), s.shape()).dataBytes();
            String name = s.name();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name of tensor " + i + " must be a non-empty string: " + name);
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("tensor names must be distinct, repeated: " + name);
            }
            checkName(name);
            StoredZip.memberName(name + ".npy");
        }
        for (String name : names) {
            if (name.endsWith(".npy") && names.contains(name.substring(0, name.length() - 4))) {
                String shown = TensorFiles.printable(name);
                throw new IllegalArgumentException("tensor names X and X.npy cannot share a .npz, since"
                        + " numpy.load(f)['X.npy'] finds the member X.npy, which holds tensor X: " + shown);
            }
        }
        // Buffered: the CRC of each member is patched into its local header afterwards.
        AtomicFile.write(out, bytes, false, (channel, alignment) -> {
            StoredZip zip = new StoredZip(zip64Threshold);
            CRC32 crc = new CRC32();
            try (ChunkStreamer streamer = new ChunkStreamer(chunkElements, channel, 1, crc)) {
                for (int i = 0; i < headers.length; i++) {
                    TensorSource s = sources.get(i);
                    long size = headers[i].length + NpyHeader.of(s.dtype(), s.shape()).dataBytes();
                    streamer.flush();
                    long offset = channel.position();
                    ChunkStreamer.writeFully(channel, zip.localHeader(s.name() + ".npy", size, offset));
                    crc.reset();
                    streamer.write(ByteBuffer.wrap(headers[i]));
                    streamer.stream(s);
                    streamer.flush();
                    patch(channel, zip.crc((int) crc.getValue()), zip.crcOffset());
                }
                streamer.flush();
                ChunkStreamer.writeFully(channel, zip.end(channel.position()));
            }
        });
    }

    /** Refuses a name that numpy.load or an unzip would not give back as it is (see the class comment). */
    private static void checkName(String name) {
        String problem = null;
        for (int i = 0; i < name.length() && problem == null; i++) {
            char c = name.charAt(i);
            if (c == 0) {
                problem = "must not hold NUL, where Python's zipfile (so numpy.load) cuts member names";
            } else if (c == '\\') {
                problem = "must not hold a backslash, which zipfile on Windows reads as '/'";
            } else if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1)))) {
                problem = "must be valid Unicode, but holds a lone surrogate at index " + i;
            } else if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (problem == null && name.startsWith("/")) {
            problem = "must not start with '/', an absolute path when unzipped";
        }
        if (problem == null) {
            for (String segment : name.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    problem = "must not have an empty, '.' or '..' segment between slashes, which unzip resolves"
                            + " to another path";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("tensor name " + problem + ": " + TensorFiles.printable(name));
        }
    }

    private static void patch(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes, position + bytes.position());
        }
    }
}
