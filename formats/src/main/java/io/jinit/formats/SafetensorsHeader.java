package io.jinit.formats;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.jinit.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
 * N at most {@link #MAX_HEADER_BYTES}, a header starting with '{', known dtypes,
 * {@code END - BEGIN} equal to the tensor's byte count, and offsets that tile the data exactly;
 * and also that no shape overflows and no key repeats.
 *
 * <p>Reference: Hugging Face <a href="https://github.com/huggingface/safetensors#format">safetensors
 * format</a>.
 *
 * @param metadata the {@code __metadata__} map, in order
 * @param tensors the tensors, in file order
 */
record SafetensorsHeader(Map<String, String> metadata, List<Entry> tensors) {
    /** Largest header read or written, as in the Rust implementation. */
    static final int MAX_HEADER_BYTES = 100_000_000;
    /** The reserved key of the metadata map. */
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

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
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": malformed safetensors header JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": malformed safetensors header JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": malformed safetensors header, not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                metadata(field.getValue(), metadata, where);
            } else {
                tensors.add(entry(field.getKey(), field.getValue(), where));
            }
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

    private static void metadata(JsonNode node, Map<String, String> metadata, String where) {
        if (node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": __metadata__ must be an object of strings: " + node.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(where + ": __metadata__ value of " + e.getKey()
                        + " must be a string: " + e.getValue().getNodeType());
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static Entry entry(String name, JsonNode node, String where) {
        String prefix = where + ": tensor " + name + ": ";
        if (!node.isObject()) {
            throw new IllegalArgumentException(prefix + "entry must be an object: " + node.getNodeType());
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new IllegalArgumentException(prefix + "dtype must be a string: " + dtypeNode);
        }
        DType dtype;
        try {
            dtype = DType.ofSafetensorsName(dtypeNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
        long[] dims = longs(node.get("shape"), -1, prefix + "shape");
        long[] offsets = longs(node.get("data_offsets"), 2, prefix + "data_offsets");
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

    /** An array of non-negative integers that fit a long, of a given length or any (-1). */
    private static long[] longs(JsonNode node, int length, String what) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new IllegalArgumentException(what + " must be an array" + (length >= 0 ? " of " + length : "")
                    + " of integers: " + (node == null ? null : abbreviate(node)));
        }
        if (node.size() > NpyHeader.MAX_RANK) {
            throw new IllegalArgumentException(what + " has more than " + NpyHeader.MAX_RANK + " entries: " + node.size());
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new IllegalArgumentException(what + " entry " + i + " must be an integer in [0, 2^63): " + abbreviate(v));
            }
            values[i] = v.longValue();
        }
        return values;
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
