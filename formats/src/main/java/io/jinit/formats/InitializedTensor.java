package io.jinit.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parameter of a {@link ModelSpec} as a tensor to write. Its values are its initializer's under
 * the parameter's key, {@code RandomKey.of(seed).derive(name)} unless its config names a seed of
 * its own, so each tensor of a model gets its own stream and adding, removing or reordering
 * tensors changes no other tensor's values; or, for a parameter of a shared stream
 * ({@link ModelSpec.Drawn}), the stream's draws.
 *
 * <p>The values are those of {@link ParallelFill#fill} on the given filler, so they are the same
 * bits for every thread count and chunk size, and equal to one whole
 * {@code init.fill(shape, key, 0, ...)}.
 *
 * <p>Metadata, in this order: {@code "jinit.seed"} (the model seed in decimal), the model's own
 * entries ({@link ModelSpec#metadata()}), and {@code "jinit.init.NAME"}, the JSON of
 * {@link Initializers#serialize} of the initializer, whose config's {@code seed}, for a random
 * initializer, is the one its values were drawn under: {@code Initializers.deserialize(dict)
 * .sample(shape)} (float32) or {@code sampleDouble(shape)} (the other dtypes, rounded to them)
 * gives the tensor again. A tensor of a shared stream has no {@code "jinit.init.NAME"}.
 *
 * @param parameter the parameter
 * @param seed the model seed, recorded in the file's metadata
 * @param modelMetadata the model's own metadata entries, in their order
 * @param filler how ranges are filled (threads never change the values)
 * @since 0.1
 */
public record InitializedTensor(ModelSpec.Parameter parameter, long seed, Map<String, String> modelMetadata,
        ParallelFill filler) implements TensorSource {

    /**
     * Validates the components and keeps the metadata's order.
     *
     * @param parameter the parameter
     * @param seed the model seed, recorded in the file's metadata
     * @param modelMetadata the model's own metadata entries, in their order
     * @param filler how ranges are filled (threads never change the values)
     */
    public InitializedTensor {
        if (parameter == null || modelMetadata == null || filler == null) {
            throw new IllegalArgumentException("parameter, modelMetadata and filler must not be null: " + parameter);
        }
        modelMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(modelMetadata));
    }

    /**
     * A tensor drawn under {@code RandomKey.of(seed).derive(name)}, filled on the given filler.
     *
     * @param name the tensor name, non-empty
     * @param shape the shape
     * @param dtype the element type written, one of the writable types
     * @param init the initializer
     * @param seed the model seed
     * @param filler fills chunks, possibly in parallel
     * @return the tensor
     * @throws IllegalArgumentException if a component is null, empty or not writable
     */
    public static InitializedTensor of(String name, Shape shape, DType dtype, Initializer init, long seed,
            ParallelFill filler) {
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
        ModelSpec.Parameter parameter = new ModelSpec.Parameter(name, shape, init, dtype,
                RandomKey.of(seed).derive(name));
        return new InitializedTensor(parameter, seed, Map.of(), filler);
    }

    /**
     * A tensor drawn under {@code RandomKey.of(seed).derive(name)}, filled on the common fork-join
     * pool.
     *
     * @param name the tensor name
     * @param shape the shape
     * @param dtype the element type
     * @param init the initializer
     * @param seed the model seed
     * @return the tensor
     * @throws IllegalArgumentException if a component is null, empty or not writable
     */
    public static InitializedTensor of(String name, Shape shape, DType dtype, Initializer init, long seed) {
        return of(name, shape, dtype, init, seed, ParallelFill.common());
    }

    /** Initializer values: a non-finite one means its parameters overflow the dtype. */
    @Override
    public boolean finiteValues() {
        return true;
    }

    @Override
    public String name() {
        return parameter.name();
    }

    @Override
    public Shape shape() {
        return parameter.shape();
    }

    @Override
    public DType dtype() {
        return parameter.dtype();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the parameter, if its initializer cannot serve its
     *     shape (identity on a rank other than 2, for instance)
     */
    @Override
    public void fill(long from, float[] out, int offset, int length) {
        named(() -> parameter.fill(filler, from, out, offset, length));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the parameter, if its initializer cannot serve its shape
     */
    @Override
    public void fill(long from, double[] out, int offset, int length) {
        named(() -> parameter.fill(filler, from, out, offset, length));
    }

    /** Runs a fill, naming the parameter and its shape in the message of a refusal. */
    private void named(Runnable fill) {
        try {
            fill.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter " + parameter.name() + " of shape " + parameter.shape()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code "jinit.seed"}, the model's entries, and {@code "jinit.init.NAME"} where an initializer
     * reproduces the tensor alone.
     *
     * @return the entries, in that order
     */
    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jinit.seed", Long.toString(seed));
        m.putAll(modelMetadata);
        if (parameter.values() instanceof ModelSpec.Computed c) {
            m.put("jinit.init." + parameter.name(), configJson(c.initializer(), c.key()));
        }
        return m;
    }

    /**
     * The JSON of an initializer's serialized dict as metadata records it: the config's
     * {@code seed}, where it has one, is the seed of the key the values were drawn under
     * ({@code RandomKey.of(key.asLong()) == key}), so that the dict alone reproduces them; keys in
     * the config's order; and numbers written as the shortest decimal that reads back to the same double
     * ({@link Json#MAPPER}'s Schubfach writer). {@code Double.toString} before JDK 19 writes some doubles with
     * more digits ({@code 2.0E23} as {@code 1.9999999999999998E23}, JDK-4511638), so the default
     * writer would give other bytes on JDK 17 than on JDK 19 and later.
     */
    @SuppressWarnings("unchecked")
    static String configJson(Initializer init, RandomKey key) {
        Map<String, Object> dict = Initializers.serialize(init);
        Map<String, Object> config = (Map<String, Object>) dict.get("config");
        if (config.containsKey("seed")) {
            config.put("seed", key.asLong());
        }
        try {
            return Json.MAPPER.writeValueAsString(dict);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("initializer cannot be written as JSON: " + init, e);
        }
    }
}
