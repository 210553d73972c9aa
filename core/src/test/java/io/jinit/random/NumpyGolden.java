package io.jinit.random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reads golden files written by the NumPy reference scripts (scripts/reference/numpy_legacy_golden.py,
 * scripts/reference/weightinits_golden.py) and summarises Java arrays the way they do: the SHA-256
 * of the little-endian float64 bytes, and doubles as the 16 hex digits of their bits.
 */
public final class NumpyGolden {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NumpyGolden() {
    }

    /**
     * A golden file on the test class path.
     *
     * @param resource e.g. "/io/jinit/random/numpy_legacy.json"
     * @return its tree
     */
    public static JsonNode load(String resource) {
        try (InputStream in = NumpyGolden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + resource);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The SHA-256 of the little-endian float64 bytes, as numpy's {@code a.astype('<f8').tobytes()}.
     *
     * @param values the values
     * @return 64 lowercase hex digits
     */
    public static String sha256(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(b.array());
            StringBuilder s = new StringBuilder();
            for (byte x : d) {
                s.append(String.format("%02x", x));
            }
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A double from the 16 hex digits of its bits.
     *
     * @param hex e.g. "3fdfca2a28a9307c"
     * @return the double
     */
    public static double fromBits(String hex) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
    }

    /**
     * The 16 hex digits of the bits of a double.
     *
     * @param x the double
     * @return e.g. "3fdfca2a28a9307c"
     */
    public static String bits(double x) {
        return String.format("%016x", Double.doubleToRawLongBits(x));
    }

    /**
     * The hex bits of some elements.
     *
     * @param values the array
     * @param from first index
     * @param to end index (exclusive)
     * @return their bits
     */
    public static String[] bits(double[] values, int from, int to) {
        String[] out = new String[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = bits(values[i]);
        }
        return out;
    }

    /**
     * Strings of a JSON array.
     *
     * @param array the array
     * @return its elements as text
     */
    public static String[] strings(JsonNode array) {
        String[] out = new String[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asText();
        }
        return out;
    }

    /**
     * Compares the values with a golden
     * {@code {count, sha256, head, tail}} summary.
     *
     * @param golden the object
     * @param values the Java values
     * @return null if they match, otherwise a description of the first difference
     */
    public static String mismatch(JsonNode golden, double[] values) {
        if (golden.get("count").asInt() != values.length) {
            return "count " + values.length + " != " + golden.get("count").asInt();
        }
        String[] head = strings(golden.get("head"));
        String[] tail = strings(golden.get("tail"));
        for (int i = 0; i < head.length; i++) {
            if (!head[i].equals(bits(values[i]))) {
                return "element " + i + ": " + values[i] + " (" + bits(values[i]) + ") != "
                        + fromBits(head[i]) + " (" + head[i] + ")";
            }
        }
        for (int i = 0; i < tail.length; i++) {
            int at = values.length - tail.length + i;
            if (!tail[i].equals(bits(values[at]))) {
                return "element " + at + ": " + values[at] + " (" + bits(values[at]) + ") != "
                        + fromBits(tail[i]) + " (" + tail[i] + ")";
            }
        }
        String sha = sha256(values);
        if (!sha.equals(golden.get("sha256").asText())) {
            return "sha256 " + sha + " != " + golden.get("sha256").asText();
        }
        return null;
    }
}
