package io.jinit.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.jinit.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a {@code .safetensors} file.
 *
 * <pre>
 *   offset  bytes  content
 *   0       8      N, unsigned little-endian
 *   8       N      JSON object, UTF-8, starting with '{', padded with spaces to a multiple of 8:
 *                  {"__metadata__":{"format":"pt",...},
 *                   "NAME":{"dtype":"F32","shape":[2,3],"data_offsets":[BEGIN,END]},...}
 *   8 + N   ...    the data: each tensor's bytes, little-endian, C order, at [BEGIN, END)
 *                  relative to 8 + N; the tensors tile the data with no hole and no overlap
 * </pre>
 * jinit writes {@code __metadata__} first, then the tensors in file order, compact, as the Rust
 * implementation does. When reading it enforces what the Rust implementation enforces:
 * N at most {@link #MAX_HEADER_BYTES}, strict UTF-8 (Rust's {@code str::from_utf8}: no overlong
 * forms, no encoded surrogates, nothing past U+10FFFF), a header starting with '{', known dtypes,
 * {@code END - BEGIN} equal to the tensor's byte count, and offsets that tile the data exactly;
 * and also that no shape overflows and no key repeats. Names and metadata strings may be as long
 * as the header holds, as in the Rust implementation. The writer refuses, naming the tensor, the
 * names and metadata strings that readers would refuse: lone surrogates (which Jackson would
 * write as escapes that serde_json rejects) and strings longer than the header limit.
 *
 * <p>Reference: Hugging Face <a href="https://github.com/huggingface/safetensors#format">safetensors
 * format</a>.
 *
 * @param metadata the {@code __metadata__} map, in order
 * @param tensors the tensors, in file order
 */
record SafetensorsHeader(Map<String, String> metadata, List<Entry> tensors) {
    /**
     * Largest header read or written, as in the Rust implementation; also the longest name or
     * metadata string, in UTF-8 bytes, read ({@link Json#MAX_STRING} is this) or written.
     */
    static final int MAX_HEADER_BYTES = Json.MAX_STRING;
    /** The reserved key of the metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /**
     * Jinit's JSON limits, duplicate keys refused; keys are not interned, since a header may hold
     * millions of distinct names.
     */
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory().rebuild()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * One tensor of the header.
     *
     * @param name the key
     * @param dtype the element type
     * @param shape the shape
     * @param begin first data byte, relative to the data
     * @param end one past the last data byte
     */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }

    /**
     * The header of tensors laid out contiguously in the given order.
     *
     * @param metadata the metadata
     * @param sources the tensors
     * @return the header
     */
    static SafetensorsHeader of(Map<String, String> metadata, List<? extends TensorSource> sources) {
        List<Entry> tensors = new ArrayList<>();
        long offset = 0;
        for (TensorSource s : sources) {
            long bytes = NpyHeader.of(s.dtype(), s.shape()).dataBytes();
            long end;
            try {
                end = Math.addExact(offset, bytes);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total tensor bytes overflow a long at tensor: " + s.name(), e);
            }
            tensors.add(new Entry(s.name(), s.dtype(), s.shape(), offset, end));
            offset = end;
        }
        return new SafetensorsHeader(metadata, tensors);
    }

    /**
     * The JSON, padded with spaces to a multiple of 8 bytes, without the length prefix.
     *
     * @return the header bytes
     */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Entry t : tensors) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", t.dtype().safetensorsName());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape().toArray()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(t.begin());
                g.writeNumber(t.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int padding = (8 - out.size() % 8) % 8;
        for (int i = 0; i < padding; i++) {
            out.write(' ');
        }
        if (out.size() > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("safetensors header would exceed " + MAX_HEADER_BYTES + " bytes: " + out.size());
        }
        return out.toByteArray();
    }

    /**
     * Parses and checks a header.
     *
     * @param json the N header bytes
     * @param dataBytes bytes of data after the header
     * @param where the file named in errors
     * @return the header, tensors sorted by offset
     * @throws IllegalArgumentException naming the file and the problem
     */
    static SafetensorsHeader parse(byte[] json, long dataBytes, String where) {
        if (json.length == 0 || json[0] != '{') {
            throw new IllegalArgumentException(where + ": malformed safetensors header, it must start with '{'");
        }
        int invalid = invalidUtf8(json);
        if (invalid >= 0) {
            throw new IllegalArgumentException(where + ": safetensors header is not valid UTF-8 at byte "
                    + (8 + invalid)
                    + " (overlong forms, encoded surrogates and invalid sequences are refused, as by the reference"
                    + " reader)");
        }
        // Streamed, not a tree: a 100 MB header of a million small entries would need gigabytes as
        // JsonNodes; as Entry records it needs a few hundred bytes per entry.
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> tensors = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                checkRead(where, "a key", key);
                if (key.equals(METADATA_KEY)) {
                    metadata(p, metadata, where);
                } else {
                    tensors.add(entry(key, p, where));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException(where + ": malformed safetensors header JSON: content after the"
                        + " object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": malformed safetensors header JSON: "
                    + TensorFiles.printable(Json.problem(e)), e);
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: Jackson's symbol table refusing keys crafted to collide.
            throw new IllegalArgumentException(where + ": malformed safetensors header JSON: "
                    + TensorFiles.printable(String.valueOf(e.getMessage())), e);
        }
        tensors.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry t : tensors) {
            if (t.end() > dataBytes) {
                throw new IllegalArgumentException(where + ": data_offsets of tensor " + t.name() + " ["
                        + t.begin() + ", " + t.end() + "] run past the end of the data (" + dataBytes + " bytes)");
            }
            if (t.begin() < expected) {
                throw new IllegalArgumentException(where + ": data_offsets of tensor " + t.name() + " ["
                        + t.begin() + ", " + t.end() + "] overlap the previous tensor, which ends at " + expected);
            }
            if (t.begin() > expected) {
                throw new IllegalArgumentException(where + ": data_offsets leave a hole: tensor " + t.name()
                        + " begins at " + t.begin() + " but the previous data ends at " + expected);
            }
            expected = t.end();
        }
        if (expected != dataBytes) {
            throw new IllegalArgumentException(where + ": the tensors cover " + expected + " bytes of data but "
                    + dataBytes + " follow the header");
        }
        return new SafetensorsHeader(metadata, tensors);
    }

    /** The index of the first byte that is not strict UTF-8, or -1; memory stays constant. */
    private static int invalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = decoder.decode(in, out.clear(), true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
        }
    }

    /**
     * Checks a tensor name or metadata string for writing.
     *
     * @param what what it is, for the message: "name of tensor 3", "metadata key", ...
     * @param s the string
     * @throws IllegalArgumentException if it holds a lone surrogate or is longer in UTF-8 than
     *     {@link #MAX_HEADER_BYTES}
     */
    static void checkText(String what, String s) {
        int lone = loneSurrogate(s);
        if (lone >= 0) {
            throw new IllegalArgumentException(what + " must be valid Unicode, but holds a lone surrogate at index "
                    + lone + ", which safetensors readers refuse: " + TensorFiles.printable(abbreviate(s)));
        }
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        if (bytes > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes + " UTF-8 bytes long, more than a safetensors"
                    + " header holds (" + MAX_HEADER_BYTES + "): " + TensorFiles.printable(abbreviate(s)));
        }
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    private static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Refuses a string read from a header that holds a lone surrogate, which strict UTF-8 cannot
     * carry but a JSON escape such as <code>&#92;uD800</code> can: serde_json, the reference's parser,
     * rejects such escapes.
     */
    private static void checkRead(String where, String what, String s) {
        int lone = loneSurrogate(s);
        if (lone >= 0) {
            throw new IllegalArgumentException(where + ": safetensors header holds " + what + " with a lone surrogate"
                    + " escape at index " + lone + ", which the reference reader refuses: "
                    + TensorFiles.printable(abbreviate(s)));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static void metadata(JsonParser p, Map<String, String> metadata, String where) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(where + ": __metadata__ must be an object of strings: " + kind(p));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException(where + ": __metadata__ value of " + TensorFiles.printable(key)
                        + " must be a string: " + kind(p));
            }
            checkRead(where, "__metadata__ key", key);
            checkRead(where, "__metadata__ value of " + TensorFiles.printable(abbreviate(key)), p.getText());
            metadata.put(key, p.getText());
        }
    }

    private static Entry entry(String name, JsonParser p, String where) throws IOException {
        String prefix = where + ": tensor " + TensorFiles.printable(abbreviate(name)) + ": ";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(prefix + "entry must be an object: " + kind(p));
        }
        String dtypeName = null;
        long[] dims = null;
        long[] offsets = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("dtype")) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException(prefix + "dtype must be a string: " + kind(p));
                }
                dtypeName = p.getText();
            } else if (field.equals("shape")) {
                dims = longs(p, -1, prefix + "shape");
            } else if (field.equals("data_offsets")) {
                offsets = longs(p, 2, prefix + "data_offsets");
            } else {
                // Unknown fields are ignored, as serde does for the reference's TensorInfo.
                p.skipChildren();
            }
        }
        if (dtypeName == null) {
            throw new IllegalArgumentException(prefix + "dtype must be a string: null");
        }
        if (dims == null || offsets == null) {
            throw new IllegalArgumentException(prefix + (dims == null ? "shape" : "data_offsets") + " must be an array"
                    + (dims == null ? "" : " of 2") + " of integers: null");
        }
        DType dtype;
        try {
            dtype = DType.ofSafetensorsName(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
        Shape shape;
        long bytes;
        try {
            shape = Shape.copyOf(dims);
            bytes = Math.multiplyExact(shape.size(), (long) dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(prefix + "shape is invalid (" + e.getMessage() + ")", e);
        }
        if (offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
            throw new IllegalArgumentException(prefix + "data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] must span the " + bytes + " bytes of shape " + shape + " of " + dtype);
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /**
     * An array of non-negative integers that fit a long, of a given length or any (-1), and of at
     * most {@link NpyHeader#MAX_RANK} entries, which is checked as it is read.
     */
    private static long[] longs(JsonParser p, int length, String what) throws IOException {
        String expected = what + " must be an array" + (length >= 0 ? " of " + length : "") + " of integers: ";
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException(expected + kind(p));
        }
        long[] values = new long[Math.max(length, 4)];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == NpyHeader.MAX_RANK) {
                throw new IllegalArgumentException(what + " has more than " + NpyHeader.MAX_RANK + " entries");
            }
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw new IllegalArgumentException(what + " entry " + n + " must be an integer in [0, 2^63): "
                        + TensorFiles.printable(abbreviate(p.getText())));
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = p.getLongValue();
        }
        if (length >= 0 && n != length) {
            throw new IllegalArgumentException(expected + "an array of " + n);
        }
        return Arrays.copyOf(values, n);
    }

    /** The JSON type of the current token, as Jackson's JsonNodeType names it. */
    private static String kind(JsonParser p) {
        JsonToken t = p.currentToken();
        return t == JsonToken.START_OBJECT ? "OBJECT" : t == JsonToken.START_ARRAY ? "ARRAY"
                : t == JsonToken.VALUE_STRING ? "STRING" : t.isNumeric() ? "NUMBER"
                : t.isBoolean() ? "BOOLEAN" : "NULL";
    }
}
