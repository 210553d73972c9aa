package io.jinit.catalogue;

import io.jinit.random.Seeds;
import io.jinit.shape.FanConvention;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one initializer's config map with the types Keras and PyTorch use, and fails with a
 * message naming the key and the value when a value has the wrong type, is out of range, or a key
 * is unknown. Values are the plain JSON types: Number, String, Boolean, List, Map or null.
 *
 * @since 0.1
 */
public final class ConfigReader {
    private final String className;
    private final Map<String, Object> config;
    private final Set<String> read = new HashSet<>();

    /**
     * Reads a config.
     *
     * @param className the class the config belongs to, for messages
     * @param config the config, null meaning empty
     */
    public ConfigReader(String className, Map<String, Object> config) {
        this.className = className;
        this.config = config == null ? Map.of() : config;
        for (Object key : this.config.keySet()) {
            if (!(key instanceof String)) {
                throw new IllegalArgumentException("config key of " + className + " must be a string: " + key);
            }
        }
    }

    /**
     * Whether the config has a key.
     *
     * @param key the key
     * @return true if present (even when null)
     */
    public boolean has(String key) {
        return config.containsKey(key);
    }

    /**
     * A finite number, or the default when absent.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the value
     */
    public double number(String key, double defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        return requiredNumber(key);
    }

    /**
     * A finite number that must be present.
     *
     * @param key the key
     * @return the value
     */
    public double requiredNumber(String key) {
        read.add(key);
        if (!config.containsKey(key)) {
            throw new IllegalArgumentException(className + " needs " + key + ": missing");
        }
        Object v = config.get(key);
        if (!(v instanceof Number) || v instanceof Byte) {
            throw new IllegalArgumentException(key + " of " + className + " must be a number: " + describe(v));
        }
        double d = ((Number) v).doubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(key + " of " + className + " must be finite: " + v);
        }
        return d;
    }

    /**
     * A number that may be null (e.g. torch's {@code param}), or the default when absent.
     *
     * @param key the key
     * @param defaultValue the default, may be null
     * @return the value, may be null
     */
    public Double nullableNumber(String key, Double defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        if (config.get(key) == null) {
            return null;
        }
        return requiredNumber(key);
    }

    /**
     * An integer, or the default when absent.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the value
     */
    public long integer(String key, long defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        Object v = config.get(key);
        Long l = asLong(v);
        if (l == null) {
            throw new IllegalArgumentException(key + " of " + className + " must be an integer: " + describe(v));
        }
        return l;
    }

    /**
     * A string, or the default when absent.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the value
     */
    public String string(String key, String defaultValue) {
        read.add(key);
        if (!config.containsKey(key)) {
            return defaultValue;
        }
        Object v = config.get(key);
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(key + " of " + className + " must be a string: " + describe(v));
        }
        return (String) v;
    }

    /**
     * The seed: an integer, or a fresh seed ({@link Seeds#draw()}) when absent or null.
     *
     * @return the seed
     */
    public long seed() {
        read.add("seed");
        Object v = config.get("seed");
        if (v == null) {
            return Seeds.draw();
        }
        Long l = asLong(v);
        if (l == null) {
            throw new IllegalArgumentException("seed of " + className
                    + " must be an integer or null (a Keras SeedGenerator is stateful and has no equivalent here): "
                    + describe(v));
        }
        return l;
    }

    /**
     * A list of axes, or null when absent or null.
     *
     * @param key the key
     * @return the axes, or null
     */
    public List<Integer> axes(String key) {
        read.add(key);
        Object v = config.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(key + " of " + className + " must be a list of integers: " + describe(v));
        }
        List<Integer> axes = new ArrayList<>();
        for (Object a : (List<?>) v) {
            Long l = asLong(a);
            if (l == null || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " of " + className + " must be a list of integers: " + v);
            }
            axes.add(l.intValue());
        }
        return axes;
    }

    /**
     * The raw value of a key the caller interprets itself.
     *
     * @param key the key
     * @return the value, or null
     */
    public Object raw(String key) {
        read.add(key);
        return config.get(key);
    }

    /**
     * Reads a fan convention from a config: Keras's {@code input_axes}/{@code output_axes} (used only
     * when both are given) and an optional {@code fan_convention} entry ({@code "keras"},
     * {@code "torch"}, or {@code "jax"} with {@code in_axis}, {@code out_axis}, {@code batch_axis}).
     *
     * @param defaultConvention the framework's own convention
     * @return the convention
     */
    public FanConvention fanConvention(FanConvention defaultConvention) {
        List<Integer> in = axes("input_axes");
        List<Integer> out = axes("output_axes");
        Object name = raw("fan_convention");
        if ("torch".equals(name)) {
            return FanConvention.TORCH;
        }
        if ("jax".equals(name)) {
            List<Integer> inAxis = axes("in_axis");
            List<Integer> outAxis = axes("out_axis");
            List<Integer> batchAxis = axes("batch_axis");
            return FanConvention.jaxAxes(inAxis == null ? List.of(-2) : inAxis,
                    outAxis == null ? List.of(-1) : outAxis, batchAxis == null ? List.of() : batchAxis);
        }
        if (name != null && !"keras".equals(name)) {
            throw new IllegalArgumentException("fan_convention must be keras, torch or jax: " + name);
        }
        if (in != null && out != null) {
            return FanConvention.kerasAxes(in, out);
        }
        return name == null ? defaultConvention : FanConvention.KERAS;
    }

    /**
     * Fails if the config has a key that was never read.
     *
     * @throws IllegalArgumentException naming the first unknown key and its value
     */
    public void finish() {
        for (Map.Entry<String, Object> e : config.entrySet()) {
            if (!read.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown config key for " + className + ": "
                        + e.getKey() + "=" + describe(e.getValue()));
            }
        }
    }

    private static Long asLong(Object v) {
        if (v instanceof Long || v instanceof Integer || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger && ((BigInteger) v).bitLength() < 64) {
            return ((BigInteger) v).longValue();
        }
        if (v instanceof BigDecimal) {
            try {
                return ((BigDecimal) v).longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static String describe(Object v) {
        if (v instanceof String) {
            return "\"" + v + "\"";
        }
        String s = String.valueOf(v);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
