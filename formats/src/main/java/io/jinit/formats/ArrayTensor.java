package io.jinit.formats;

import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tensor whose float64 values are already in memory (the layer facade's weights), to write with
 * the same writers as streamed tensors. float32 and half types are the values rounded once.
 *
 * @param name the name
 * @param shape the shape
 * @param dtype the element type written
 * @param values the row-major values, not copied
 * @param metadata metadata entries for formats that have them
 * @since 0.1
 */
public record ArrayTensor(String name, Shape shape, DType dtype, double[] values, Map<String, String> metadata)
        implements TensorSource {

    /**
     * Validates the components.
     *
     * @param name the name
     * @param shape the shape
     * @param dtype the element type written
     * @param values the row-major values, not copied
     * @param metadata metadata entries for formats that have them
     */
    public ArrayTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string: " + name);
        }
        if (values == null || shape == null || values.length != shape.size()) {
            throw new IllegalArgumentException("values of " + name + " must hold shape " + shape + "'s "
                    + (shape == null ? "?" : shape.size()) + " elements: " + (values == null ? null : values.length));
        }
        if (dtype == null || !dtype.isWritable()) {
            throw new IllegalArgumentException("dtype of " + name + " must be a writable float type: " + dtype);
        }
        // In the caller's order: Map.copyOf iterates in an order that changes from JVM to JVM,
        // and the metadata's order is the order of the bytes in a safetensors header.
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (float) values[(int) from + i];
        }
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        System.arraycopy(values, (int) from, out, offset, length);
    }
}
