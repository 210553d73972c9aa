package io.jinit.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inspects tensor files from any producer (NumPy, PyTorch, the safetensors libraries, jinit):
 * the tensors' names, shapes and dtypes, streaming statistics, and element values.
 *
 * <ul>
 * <li>{@code .npy}: format versions 1.0, 2.0 and 3.0; descrs {@code f2 f4 f8 c8 c16 i1 i2 i4 i8
 * u1 u2 u4 u8 b1}, little- or big-endian ({@code '<'}, {@code '>'}, {@code '|'}); C or Fortran
 * order (Fortran-order arrays give statistics but not indexed reads). Other dtypes are refused as
 * unsupported, not malformed.</li>
 * <li>{@code .npz}: zip archives of {@code .npy} members, STORED ({@code numpy.savez}) or
 * DEFLATED ({@code numpy.savez_compressed}), with ZIP64; members not named {@code *.npy} are
 * skipped, but an archive with members and none of them {@code .npy} is refused. Members are
 * read as {@code numpy.load} reads them, and what it would read differently is refused (see
 * {@link StoredZip}): duplicate names, overlapping members, NUL in names. A member's CRC-32 is
 * checked when its tensor is read whole ({@link #stats}).</li>
 * <li>{@code .safetensors}: dtypes F64, F32, F16, BF16, C64, I64, I32, I16, I8, U64, U32, U16,
 * U8, BOOL, and the {@code __metadata__} map; the header must be strict UTF-8.</li>
 * </ul>
 * The format is recognised by content. PyTorch checkpoints ({@code torch.save} zips and pickles)
 * are recognised and refused with how to convert them. Malformed, truncated or hostile files (a
 * header length beyond the file or above 100 MB, negative or overflowing dimensions, offsets
 * outside the data or overlapping, deep JSON nesting, unknown dtypes) raise an
 * {@link IllegalArgumentException} naming the file and the problem, with names from the file made
 * {@link #printable}; headers are checked against the file's length before anything is
 * allocated, and data is read in chunks of 2<sup>16</sup> elements, so memory stays bounded. The
 * work is bounded too: a DEFLATED member inflates to at most 1032 times its compressed size, and
 * members may not share bytes, so reading every tensor of a file inflates at most 1032 bytes per
 * byte of file.
 *
 * <p>Statistics count NaNs and infinities and summarise the finite elements
 * ({@link TensorStats}). A complex element (COMPLEX64, COMPLEX128) counts as its magnitude |z|,
 * so that its statistics say how large the values are; {@link #read} refuses complex tensors.
 *
 * @since 0.1
 */
public final class TensorFiles {
    /** Elements decoded per chunk. */
    static final int CHUNK_ELEMENTS = 1 << 16;

    /**
     * The highest rank the writers accept: NumPy 2's {@code NPY_MAXDIMS}. {@code np.load} and
     * {@code safetensors.numpy.load_file} refuse arrays of more dimensions, so a file with one
     * could be written but not loaded.
     */
    public static final int MAX_RANK = 64;

    private TensorFiles() {
    }

    /** Refuses a tensor the peers could not load: more than {@value #MAX_RANK} dimensions. */
    static void checkRank(String name, io.jinit.shape.Shape shape) {
        if (shape.rank() > MAX_RANK) {
            throw new IllegalArgumentException("tensor " + printable(String.valueOf(name)) + " has rank "
                    + shape.rank() + "; NumPy and safetensors load at most " + MAX_RANK + " dimensions");
        }
    }

    /**
     * Writes tensors to a file in the format its extension names ({@link TensorFormat}), replacing
     * it atomically: the one write path of every tensor jinit writes.
     *
     * @param out the destination, ending in {@code .safetensors}, {@code .npz} or {@code .npy}
     * @param tensors the tensors, in file order; exactly one for {@code .npy}
     * @throws IllegalArgumentException before anything is written if the extension is none of
     *     the three, or the tensors do not fit the format (see {@link TensorFormat#write})
     * @throws IOException if writing fails; no file is then left at the destination
     */
    public static void write(Path out, List<? extends TensorSource> tensors) throws IOException {
        String name = String.valueOf(out.getFileName());
        TensorFormat format = TensorFormat.ofFileName(name).orElseThrow(() -> new IllegalArgumentException(
                "file name must end in .safetensors, .npz or .npy: " + printable(name)));
        format.write(out, tensors);
    }

    /**
     * The tensors of a file, in file order.
     *
     * @param file a .npy, .npz or .safetensors file
     * @return name, shape and dtype of each tensor
     * @throws IllegalArgumentException naming the file if it is missing, malformed or unsupported
     * @throws IOException if reading fails
     */
    public static List<TensorInfo> open(Path file) throws IOException {
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            List<TensorInfo> infos = new ArrayList<>();
            for (OpenTensorFile.Stored t : opened.tensors()) {
                infos.add(t.info());
            }
            return List.copyOf(infos);
        }
    }

    /**
     * The {@code __metadata__} map of a .safetensors file; empty for .npy and .npz.
     *
     * @param file the file
     * @return the metadata, in file order
     * @throws IllegalArgumentException naming the file if it is missing, malformed or unsupported
     * @throws IOException if reading fails
     */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            return opened.metadata();
        }
    }

    /**
     * Statistics of every tensor, computed in one streaming pass per tensor.
     *
     * @param file the file
     * @return statistics by tensor name, in file order
     * @throws IllegalArgumentException naming the file if it is missing, malformed, unsupported or
     *     truncated
     * @throws IOException if reading fails
     */
    public static Map<String, TensorStats> stats(Path file) throws IOException {
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            Map<String, TensorStats> stats = new LinkedHashMap<>();
            for (OpenTensorFile.Stored t : opened.tensors()) {
                stats.put(t.info().name(), stats(opened, t));
            }
            return stats;
        }
    }

    /**
     * Statistics of one tensor.
     *
     * @param file the file
     * @param name the tensor's name
     * @return its statistics
     * @throws IllegalArgumentException if the name is not in the file, or as {@link #stats(Path)}
     * @throws IOException if reading fails
     */
    public static TensorStats stats(Path file, String name) throws IOException {
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            return stats(opened, opened.tensor(name));
        }
    }

    private static TensorStats stats(OpenTensorFile opened, OpenTensorFile.Stored t) throws IOException {
        TensorStats.Accumulator acc = new TensorStats.Accumulator();
        opened.scan(t, 0, t.info().shape().size(), CHUNK_ELEMENTS, acc::add);
        return acc.result();
    }

    /**
     * Reads elements {@code [from, from + length)} of a C-order tensor as doubles (exact for every
     * floating-point dtype). Only the requested range is read, except in DEFLATED {@code .npz}
     * members, which are decompressed from their start.
     *
     * @param file the file
     * @param name the tensor's name
     * @param from first element, row-major
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     * @throws IllegalArgumentException if the name is not in the file, the range is outside the
     *     tensor or the array, the tensor is complex or in Fortran order, or the file is malformed
     * @throws IOException if reading fails
     */
    public static void read(Path file, String name, long from, double[] out, int offset, int length) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null: null");
        }
        if (offset < 0 || length < 0 || offset > out.length - length) {
            throw new IllegalArgumentException("offset and length must lie within the array of length " + out.length
                    + ": offset=" + offset + ", length=" + length);
        }
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            OpenTensorFile.Stored t = opened.tensor(name);
            long size = t.info().shape().size();
            if (from < 0 || from > size - length) {
                throw new IllegalArgumentException("from must be in [0, " + (size - length) + "] to read " + length
                        + " elements of tensor " + printable(name) + " of shape " + t.info().shape() + ": " + from);
            }
            if (t.info().dtype().isComplex()) {
                throw new IllegalArgumentException("tensor " + printable(name) + " of " + file + " is complex; read"
                        + " gives real elements only: " + t.info().dtype());
            }
            if (t.fortranOrder() && t.info().shape().rank() > 1) {
                throw new IllegalArgumentException("tensor " + printable(name) + " of " + file
                        + " is stored in Fortran order; read gives C-order elements only: fortran_order=True");
            }
            int[] at = {offset};
            opened.scan(t, from, length, CHUNK_ELEMENTS, (values, n) -> {
                System.arraycopy(values, 0, out, at[0], n);
                at[0] += n;
            });
        }
    }

    /**
     * A name or metadata string as it can be shown on a terminal or in a one-line message: every
     * code point that a terminal would act on or not show is escaped, so that a file cannot clear
     * the screen, move the cursor, reorder text or forge lines. Escaped are the C0 and C1 controls
     * and DEL ({@code \x1b}), format characters such as the bidirectional overrides and zero-width
     * characters, line and paragraph separators, spaces other than U+0020, private-use and
     * unassigned code points and lone surrogates (<code>&#92;u202e</code>, <code>&#92;U000e0001</code>), and the
     * backslash itself ({@code \\}), so that the result reads back unambiguously.
     *
     * @param s the string
     * @return the string with those code points escaped; as long as {@code s} or at most 10 times
     *     as long
     * @since 0.1
     */
    public static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            if (c != '\\' && shown(c)) {
                if (out != null) {
                    out.appendCodePoint(c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                if (c == '\\') {
                    out.append("\\\\");
                } else if (c <= 0xFF) {
                    out.append(String.format("\\x%02x", c));
                } else if (c <= 0xFFFF) {
                    out.append(String.format("\\u%04x", c));
                } else {
                    out.append(String.format("\\U%08x", c));
                }
            }
            i = next;
        }
        return out == null ? s : out.toString();
    }

    private static boolean shown(int c) {
        if (c >= 0x20 && c < 0x7F) {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
