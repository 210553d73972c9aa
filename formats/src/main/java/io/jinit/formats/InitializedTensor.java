package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tensor whose values an initializer computes under the key of a model seed and the tensor's
 * name, {@code RandomKey.of(seed).derive(name)}: each tensor of a model gets its own stream, and
 * adding, removing or reordering tensors changes no other tensor's values.
 *
 * <p>The values are those of {@link ParallelFill#fill} on the given filler, so they are the same
 * bits for every thread count and chunk size, and equal to one whole
 * {@code init.fill(shape, key, 0, ...)}.
 *
 * <p>Metadata: {@code "jinit.seed"} (the seed in decimal) and {@code "jinit.init.NAME"} (the JSON
 * of {@link Initializers#serialize}, whose config's {@code seed}, for a random initializer, is
 * {@code key().asLong()}), from which alone the tensor can be computed again:
 * {@code Initializers.deserialize(dict).sample(shape)}.
 *
 * @param name the tensor name, non-empty
 * @param shape the shape
 * @param dtype the element type written, one of the writable types
 * @param init the initializer
 * @param seed the model seed
 * @param filler fills chunks, possibly in parallel
 * @since 0.1
 */
public record InitializedTensor(String name, Shape shape, DType dtype, Initializer init, long seed, ParallelFill filler)
        implements TensorSource {

    /** Initializer values: a non-finite one means its parameters overflow the dtype. */
    @Override
    public boolean finiteValues() {
        return true;
    }

    /**
     * Validates the components.
     *
     * @param name the tensor name, non-empty
     * @param shape the shape
     * @param dtype the element type written, one of the writable types
     * @param init the initializer
     * @param seed the model seed
     * @param filler fills chunks, possibly in parallel
     */
    public InitializedTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be a non-empty string: " + (name == null ? null : "\"\""));
        }
        if (shape == null) {
            throw new IllegalArgumentException("shape of tensor " + name + " must not be null: null");
        }
        if (dtype == null || !dtype.isWritable()) {
            throw new IllegalArgumentException("dtype of tensor " + name
                    + " must be FLOAT32, FLOAT64, BFLOAT16 or FLOAT16: " + dtype);
        }
        if (init == null) {
            throw new IllegalArgumentException("init of tensor " + name + " must not be null: null");
        }
        if (filler == null) {
            throw new IllegalArgumentException("filler of tensor " + name + " must not be null: null");
        }
    }

    /**
     * A tensor filled on the common fork-join pool.
     *
     * @param name the tensor name
     * @param shape the shape
     * @param dtype the element type
     * @param init the initializer
     * @param seed the model seed
     * @return the tensor
     */
    public static InitializedTensor of(String name, Shape shape, DType dtype, Initializer init, long seed) {
        return new InitializedTensor(name, shape, dtype, init, seed, ParallelFill.common());
    }

    /**
     * This tensor's key, {@code RandomKey.of(seed).derive(name)}.
     *
     * @return the key
     */
    public RandomKey key() {
        return RandomKey.of(seed).derive(name);
    }

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        filler.fill(init, shape, key(), from, out, offset, length);
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        filler.fill(init, shape, key(), from, out, offset, length);
    }

    /**
     * {@code "jinit.seed"} and {@code "jinit.init.NAME"}, the initializer's dict with the seed of
     * {@link #key()}.
     *
     * @return the two entries
     */
    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jinit.seed", Long.toString(seed));
        m.put("jinit.init." + name, SpecTensor.configJson(init, key()));
        return m;
    }
}
