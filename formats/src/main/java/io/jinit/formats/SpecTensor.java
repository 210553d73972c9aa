package io.jinit.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parameter of a {@link ModelSpec} as a tensor to write: its values are its initializer's under
 * the parameter's own key, so they depend on the spec's seed and the parameter's name only.
 *
 * @param parameter the parameter
 * @param seed the spec's seed, recorded in the file's metadata
 * @param filler how ranges are filled (threads never change the values)
 * @since 0.1
 */
public record SpecTensor(ModelSpec.Parameter parameter, long seed, ParallelFill filler) implements TensorSource {

    /**
     * Validates the components.
     *
     * @param parameter the parameter
     * @param seed the spec's seed, recorded in the file's metadata
     * @param filler how ranges are filled (threads never change the values)
     */
    public SpecTensor {
        if (parameter == null || filler == null) {
            throw new IllegalArgumentException("parameter and filler must not be null: " + parameter);
        }
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
        return DType.valueOf(parameter.dtype().toUpperCase(Locale.ROOT));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the parameter, if its initializer cannot serve its
     *     shape (identity on a rank other than 2, for instance)
     */
    @Override
    public void fill(long from, float[] out, int offset, int length) {
        try {
            filler.fill(parameter.initializer(), parameter.shape(), parameter.key(), from, out, offset, length);
        } catch (IllegalArgumentException e) {
            throw named(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the parameter, if its initializer cannot serve its shape
     */
    @Override
    public void fill(long from, double[] out, int offset, int length) {
        try {
            filler.fill(parameter.initializer(), parameter.shape(), parameter.key(), from, out, offset, length);
        } catch (IllegalArgumentException e) {
            throw named(e);
        }
    }

    private IllegalArgumentException named(IllegalArgumentException e) {
        return new IllegalArgumentException("parameter " + parameter.name() + " of shape " + parameter.shape() + ": "
                + e.getMessage(), e);
    }

    /**
     * {@code "jinit.seed"}, the model seed in decimal, and {@code "jinit.init.NAME"}, the JSON of
     * {@link Initializers#serialize} of the parameter's initializer, whose {@code seed} is the one
     * its values were drawn under: {@code Initializers.deserialize(dict).sample(shape)} (float32)
     * or {@code sampleDouble(shape)} (the other dtypes, rounded to them) gives the tensor again.
     *
     * @return the two entries
     */
    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jinit.seed", Long.toString(seed));
        m.put("jinit.init." + parameter.name(), configJson(parameter.initializer(), parameter.key()));
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
