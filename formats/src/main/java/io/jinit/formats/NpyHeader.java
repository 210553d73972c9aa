package io.jinit.formats;

import io.jinit.shape.Shape;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The header of a {@code .npy} file, written byte for byte as {@code numpy.save} writes it and
 * read from any producer.
 *
 * <pre>
 *   offset  bytes  content
 *   0       6      magic "\x93NUMPY"
 *   6       2      version major, minor: 1.0, 2.0 or 3.0
 *   8       2 | 4  HEADER_LEN, little-endian: 2 bytes in 1.0, 4 bytes in 2.0 and 3.0
 *   10|12   n      a Python dict literal, latin-1 (1.0, 2.0) or UTF-8 (3.0):
 *                  {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }
 *                  then spaces and '\n' so that the data starts at a multiple of 64
 * </pre>
 * NumPy sorts the keys, writes the shape as a Python tuple ({@code ()}, {@code (3,)},
 * {@code (2, 3)}), appends {@code 21 - len(str(shape[0]))} spaces after the dict so that the first
 * axis can grow in place, then pads. Version 1.0 is used when HEADER_LEN fits two bytes, else 2.0.
 * NumPy reads headers above 10000 bytes only when asked to ({@code max_header_size}); jinit's
 * reader accepts up to {@link #MAX_HEADER_BYTES}.
 *
 * <p>References: <a href="https://numpy.org/neps/nep-0001-npy-format.html">NEP 1</a> and
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>.
 *
 * @param dtype the element type
 * @param order the byte order of the data
 * @param fortranOrder whether the data is column-major
 * @param shape the shape
 */
record NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, Shape shape) {
    /** The magic string. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The data starts at a multiple of this. */
    static final int ALIGN = 64;
    /** Digits reserved for growing the first axis in place, as numpy does. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Largest header read. */
    static final int MAX_HEADER_BYTES = 100_000_000;
    /** Largest rank read. */
    static final int MAX_RANK = 1 << 16;

    /** A header and the number of bytes it took, where the data starts. */
    record Parsed(NpyHeader header, long length) {
    }

    /**
     * A little-endian C-order header.
     *
     * @param dtype the element type, which must have a NumPy descr
     * @param shape the shape
     * @return the header
     */
    static NpyHeader of(DType dtype, Shape shape) {
        return new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, false, shape);
    }

    /**
     * Bytes of data the shape holds.
     *
     * @return size times element size
     * @throws IllegalArgumentException if that overflows a long
     */
    long dataBytes() {
        try {
            return Math.multiplyExact(shape.size(), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("tensor byte count overflows a long: shape " + shape + " of " + dtype, e);
        }
    }

    /**
     * The header bytes as numpy writes them.
     *
     * @return magic, version, length, dict and padding; a multiple of 64 bytes long
     */
    byte[] encode() {
        long[] dims = shape.toArray();
        StringBuilder dict = new StringBuilder("{'descr': '").append(dtype.numpyDescr(order))
                .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': ").append(tuple(dims)).append(", }");
        if (dims.length > 0) {
            long growth = dims[fortranOrder ? dims.length - 1 : 0];
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length()));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int withNewline = text.length + 1;
        // Version 1.0 always: the writers refuse ranks above TensorFiles.MAX_RANK, and 64
        // dimensions of 19 digits make a dict of under 1.5 KB, far below 1.0's 65,535 bytes.
        int prefix = MAGIC.length + 2 + 2;
        int padding = ALIGN - (prefix + withNewline) % ALIGN;
        ByteBuffer out = ByteBuffer.allocate(prefix + withNewline + padding).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0);
        out.putShort((short) (withNewline + padding));
        out.put(text);
        for (int i = 0; i < padding; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** Python's repr of a tuple of ints: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String tuple(long[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.append(')').toString();
    }

    /**
     * Reads a header from the start of a stream, leaving the stream at the data.
     *
     * @param in the stream
     * @param available bytes the stream holds, or -1 if unknown
     * @param where the file (and member) named in errors
     * @return the header and its length
     * @throws IllegalArgumentException if the header is malformed, unsupported or larger than the
     *     stream
     */
    static Parsed read(InputStream in, long available, String where) throws IOException {
        byte[] start = readFully(in, MAGIC.length + 2, where, "magic string");
        if (!Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException(where + ": not a .npy file, the magic string is missing");
        }
        int major = start[6] & 0xFF;
        int minor = start[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new IllegalArgumentException(where + ": unsupported .npy format version " + major + "." + minor);
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer lengthBuffer = ByteBuffer.wrap(readFully(in, lengthBytes, where, "header length"))
                .order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? lengthBuffer.getShort() & 0xFFFF : lengthBuffer.getInt() & 0xFFFF_FFFFL;
        long prefix = MAGIC.length + 2 + lengthBytes;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException(where + ": header length " + headerLength
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (available >= 0 && headerLength > available - prefix) {
            throw new IllegalArgumentException(where + ": header length " + headerLength
                    + " runs past the end of the file (" + available + " bytes)");
        }
        byte[] text = readFully(in, (int) headerLength, where, "header");
        String dict;
        try {
            // numpy decodes a 3.0 header with header.decode('utf8'), which raises on invalid UTF-8.
            dict = major == 3 ? StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text)).toString()
                    : new String(text, StandardCharsets.ISO_8859_1);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(where + ": malformed .npy header, a version 3.0 header must be UTF-8", e);
        }
        NpyHeader header = new DictParser(dict, where).header();
        long dataBytes;
        try {
            dataBytes = header.dataBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        long length = prefix + headerLength;
        if (available >= 0 && dataBytes > available - length) {
            throw new IllegalArgumentException(where + ": truncated, shape " + header.shape() + " of " + header.dtype()
                    + " needs " + dataBytes + " bytes of data but " + (available - length) + " follow the header");
        }
        return new Parsed(header, length);
    }

    private static byte[] readFully(InputStream in, int n, String where, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IllegalArgumentException(where + ": truncated in the " + what + " (" + b.length + " of " + n + " bytes)");
        }
        return b;
    }

    /** Reads the header dict: a Python literal with string keys, strings, booleans and int tuples. */
    private static final class DictParser {
        private final String s;
        private final String where;
        private int i;

        DictParser(String s, String where) {
            this.s = s;
            this.where = where;
        }

        NpyHeader header() {
            Map<String, Object> dict = new HashMap<>();
            skipSpace();
            expect('{');
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = value(key);
                if (dict.put(key, value) != null) {
                    throw error("duplicate key '" + TensorFiles.printable(key) + "'");
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' at character " + i);
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw error("unexpected text after the dict at character " + i);
            }
            if (dict.size() != 3 || !(dict.get("descr") instanceof String)
                    || !(dict.get("fortran_order") instanceof Boolean) || !(dict.get("shape") instanceof long[])) {
                throw error("the dict must hold exactly 'descr' (a string), 'fortran_order' (a bool) and 'shape'"
                        + " (a tuple), found keys " + TensorFiles.printable(abbreviate(dict.keySet().toString())));
            }
            String descr = (String) dict.get("descr");
            Shape shape;
            try {
                shape = Shape.copyOf((long[]) dict.get("shape"));
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return descr(descr, (Boolean) dict.get("fortran_order"), shape);
        }

        private NpyHeader descr(String descr, boolean fortranOrder, Shape shape) {
            DType dtype = descr.length() >= 2 ? DType.ofNumpyCode(descr.substring(1)) : null;
            char prefix = descr.isEmpty() ? '?' : descr.charAt(0);
            ByteOrder order = prefix == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            boolean orderOk = prefix == '<' || prefix == '>' || (prefix == '|' && dtype != null && dtype.byteSize() == 1);
            if (dtype == null || !orderOk) {
                // A well-formed header of a dtype jinit does not read: not "malformed".
                throw new IllegalArgumentException(where + ": unsupported .npy dtype '" + TensorFiles.printable(descr)
                        + "' (jinit reads f2, f4, f8, c8, c16, i1-i8, u1-u8 and b1 with an explicit byte order '<',"
                        + " '>' or, for one byte, '|')");
            }
            return new NpyHeader(dtype, order, fortranOrder, shape);
        }

        private Object value(String key) {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[' && key.equals("descr")) {
                throw new IllegalArgumentException(where + ": unsupported .npy dtype, structured dtypes (a list descr)"
                        + " are not read");
            }
            throw error("unsupported value for '" + TensorFiles.printable(key) + "' at character " + i);
        }

        private long[] tuple() {
            expect('(');
            long[] dims = new long[4];
            int rank = 0;
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                if (rank == MAX_RANK) {
                    throw error("shape has more than " + MAX_RANK + " dimensions");
                }
                if (rank == dims.length) {
                    dims = Arrays.copyOf(dims, rank * 2);
                }
                dims[rank] = integer(rank);
                rank++;
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape at character " + i);
                }
            }
            return Arrays.copyOf(dims, rank);
        }

        private long integer(int axis) {
            boolean negative = peek() == '-';
            if (negative) {
                i++;
            }
            int start = i;
            long value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                int digit = s.charAt(i) - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    throw error("shape dimension " + axis + " overflows a long: " + TensorFiles.printable(s.substring(start, Math.min(s.length(), start + 40))));
                }
                value = value * 10 + digit;
                i++;
            }
            if (i == start) {
                throw error("expected an integer in the shape at character " + i);
            }
            if (peek() == 'L') {
                i++; // Python 2 long literal
            }
            if (negative && value != 0) {
                throw error("shape dimension " + axis + " must be >= 0: -" + value);
            }
            return value;
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string at character " + i);
            }
            int end = s.indexOf(quote, i + 1);
            if (end < 0) {
                throw error("unterminated string at character " + i);
            }
            String value = s.substring(i + 1, end);
            if (value.indexOf('\\') >= 0) {
                throw error("escapes in strings are not supported: " + TensorFiles.printable(value));
            }
            i = end + 1;
            return value;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw error("the header dict ends early");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "' at character " + i);
            }
            i++;
        }

        private static String abbreviate(String text) {
            return text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException(where + ": malformed .npy header, " + problem);
        }
    }

    /** Skips exactly n bytes of a stream, or fails with EOF. */
    static void skipFully(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }
}
