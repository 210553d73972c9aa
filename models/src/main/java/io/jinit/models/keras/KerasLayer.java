package io.jinit.models.keras;

import io.jinit.formats.Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One layer of a Keras model's JSON: its {@code class_name}, its name, its {@code config}, and
 * the shapes its {@code build} receives, with readers of its config values whose errors name the
 * layer, the key and the value.
 *
 * @param className the layer's {@code class_name}, e.g. {@code "Dense"}
 * @param name the layer's name
 * @param scope what comes before the layer's name in its variables' paths: empty, or the
 *     model's name and a slash for a layer {@code Sequential.build} builds
 * @param config the layer's {@code config}, in its key order
 * @param buildShapes the arguments of the layer's {@code build}, each a shape whose unknown
 *     dimensions are null: {@code input_shape}, or for {@code MultiHeadAttention}
 *     {@code query_shape}, {@code value_shape} and perhaps {@code key_shape}; empty when the JSON
 *     gives none
 * @since 0.1
 */
public record KerasLayer(String className, String name, String scope, Map<String, Object> config,
        Map<String, List<Long>> buildShapes) {

    /**
     * Copies the maps, keeping their order.
     *
     * @param className the layer's {@code class_name}
     * @param name the layer's name
     * @param scope what comes before the layer's name in its variables' paths
     * @param config the layer's {@code config}
     * @param buildShapes the arguments of the layer's {@code build}
     */
    public KerasLayer {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        buildShapes.forEach((k, v) -> shapes.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        buildShapes = Collections.unmodifiableMap(shapes);
    }

    /**
     * How messages name this layer: {@code layer dense_1 (Dense)}.
     *
     * @return the layer's name and class
     */
    public String describe() {
        return "layer " + name + " (" + className + ")";
    }

    /**
     * An error about this layer: the message starts with {@link #describe()}.
     *
     * @param message what is wrong, naming the value
     * @return the exception to throw
     */
    IllegalArgumentException error(String message) {
        return new IllegalArgumentException(describe() + ": " + message);
    }

    /**
     * The shape of a {@code build} argument, which the layer cannot do without.
     *
     * @param argument {@code input_shape}, {@code query_shape}, {@code value_shape}
     * @return the shape, unknown dimensions null
     */
    List<Long> shape(String argument) {
        List<Long> shape = buildShapes.get(argument);
        if (shape == null) {
            throw error("has no " + argument + ": the JSON gives neither its build_config nor the shapes of the "
                    + "tensors it is called on (an InputLayer, or the model built, gives them)");
        }
        return shape;
    }

    /**
     * A dimension of a build shape that must be known, Python indexing (negative from the end).
     *
     * @param argument the build argument
     * @param axis the axis, negative from the end
     * @return the dimension
     */
    long dim(String argument, int axis) {
        List<Long> shape = shape(argument);
        int i = axis < 0 ? shape.size() + axis : axis;
        if (i < 0 || i >= shape.size()) {
            throw error("axis " + axis + " is out of range for " + argument + " " + Json.write(shape));
        }
        Long d = shape.get(i);
        if (d == null) {
            throw error("dimension " + axis + " of " + argument + " " + Json.write(shape)
                    + " must be known to build its weights: null");
        }
        return d;
    }

    /**
     * A config value that must be a positive integer.
     *
     * @param key the config key
     * @return the value
     */
    long positive(String key) {
        long v = integer(key, config.get(key));
        if (v <= 0) {
            throw error(key + " must be a positive integer: " + v);
        }
        return v;
    }

    /**
     * A config value that is a positive integer, or {@code absent} when the key is absent or null.
     *
     * @param key the config key
     * @param absent the value when absent
     * @return the value
     */
    long positive(String key, long absent) {
        return config.get(key) == null ? absent : positive(key);
    }

    /**
     * A boolean config value, {@code absent} when the key is absent or null.
     *
     * @param key the config key
     * @param absent the value when absent (the layer's default)
     * @return the value
     */
    boolean bool(String key, boolean absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key + " must be true or false: " + Json.write(v));
    }

    /**
     * A string config value, {@code absent} when the key is absent or null.
     *
     * @param key the config key
     * @param absent the value when absent (the layer's default)
     * @return the value
     */
    String string(String key, String absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof String s) {
            return s;
        }
        throw error(key + " must be a string: " + Json.write(v));
    }

    /**
     * An integer or a list of {@code rank} integers (Keras's {@code standardize_tuple}), each positive.
     *
     * @param key the config key
     * @param rank the length of the tuple
     * @return the tuple
     */
    long[] tuple(String key, int rank) {
        Object v = config.get(key);
        long[] out = new long[rank];
        if (v instanceof List<?> list) {
            if (list.size() != rank) {
                throw error(key + " must hold " + rank + " integers: " + Json.write(v));
            }
            for (int i = 0; i < rank; i++) {
                out[i] = integer(key, list.get(i));
            }
        } else {
            Arrays.fill(out, integer(key, v));
        }
        for (long d : out) {
            if (d <= 0) {
                throw error(key + " must hold positive integers: " + Json.write(v));
            }
        }
        return out;
    }

    /**
     * {@link #tuple(String, int)}, or {@code absent} repeated when the key is absent or null.
     *
     * @param key the config key
     * @param rank the length of the tuple
     * @param absent each element's value when absent
     * @return the tuple
     */
    long[] tuple(String key, int rank, long absent) {
        if (config.get(key) == null) {
            long[] out = new long[rank];
            Arrays.fill(out, absent);
            return out;
        }
        return tuple(key, rank);
    }

    /**
     * An integer or a list of integers (an axis or axes).
     *
     * @param key the config key
     * @param absent the axes when the key is absent or null
     * @return the axes, in the config's order
     */
    List<Integer> axes(String key, List<Integer> absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                out.add(Math.toIntExact(integer(key, o)));
            }
        } else {
            out.add(Math.toIntExact(integer(key, v)));
        }
        return out;
    }

    /**
     * The initializer config a key holds, as the JSON gives it (a Keras dict or an identifier);
     * {@code absent} when the key is absent or null.
     *
     * @param key the config key
     * @param absent the layer's default identifier
     * @return the dict or identifier
     */
    Object initializer(String key, String absent) {
        Object v = config.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof String || v instanceof Map) {
            return v;
        }
        throw error(key + " must be an initializer config dict or name: " + Json.write(v));
    }

    /**
     * Refuses a config key whose presence with a value other than {@code off} asks for weights
     * or behaviour this recipe does not reproduce.
     *
     * @param key the config key
     * @param why what the value would ask for
     */
    void refuseSet(String key, String why) {
        Object v = config.get(key);
        if (v != null && !Boolean.FALSE.equals(v) && !Integer.valueOf(0).equals(v)) {
            throw error(key + " is not supported (" + why + "): " + Json.write(v));
        }
    }

    /**
     * The name of the layer's dtype policy: {@code config.dtype} as a policy dict
     * ({@code {"class_name": "DTypePolicy", "config": {"name": ...}}}) or a string; Keras's
     * default {@code float32} when absent.
     *
     * @return the policy name, e.g. {@code "mixed_bfloat16"}
     */
    Optional<String> dtypePolicy() {
        Object v = config.get("dtype");
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Map<?, ?> m && "DTypePolicy".equals(m.get("class_name"))
                && m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s) {
            return Optional.of(s);
        }
        throw error("dtype must be a DTypePolicy dict or a dtype name (quantized and per-variable policies are "
                + "not supported): " + Json.write(v));
    }

    private long integer(String key, Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger) {
            throw error(key + " is too large: " + v);
        }
        throw error(key + " must be an integer: " + Json.write(v));
    }
}
