package io.jinit.catalogue;

import io.jinit.shape.FanConvention;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One parameter of a catalogue entry: its key, how its value is read from a config, and how that
 * value is written back (most write themselves under their key; a fan convention writes the
 * framework's axis keys).
 *
 * @param key the key in the framework's config, and the name the entry's builder reads it by
 * @param reader reads the value, with the default when absent
 * @param writer writes the value to a config
 */
record Param(String key, Function<ConfigReader, Object> reader, BiConsumer<Object, Map<String, Object>> writer) {

    /**
     * A parameter written back as read.
     *
     * @param key the key
     * @param reader reads the value
     * @return the parameter
     */
    static Param of(String key, Function<ConfigReader, Object> reader) {
        return new Param(key, reader, (v, m) -> m.put(key, v));
    }

    /**
     * A parameter read as a value of a type and written back as that value's config name.
     *
     * @param key the key
     * @param reader reads and parses the value
     * @param name the config name of a parsed value
     * @param <T> the parsed type
     * @return the parameter
     */
    @SuppressWarnings("unchecked")
    static <T> Param named(String key, Function<ConfigReader, T> reader, Function<T, Object> name) {
        return new Param(key, reader::apply, (v, m) -> m.put(key, name.apply((T) v)));
    }

    /**
     * A number with a default.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the parameter
     */
    static Param number(String key, double defaultValue) {
        return of(key, r -> r.number(key, defaultValue));
    }

    /**
     * A number the config must give.
     *
     * @param key the key
     * @return the parameter
     */
    static Param requiredNumber(String key) {
        return of(key, r -> r.requiredNumber(key));
    }

    /**
     * An integer with a default.
     *
     * @param key the key
     * @param defaultValue the default
     * @return the parameter
     */
    static Param integer(String key, long defaultValue) {
        return of(key, r -> r.integer(key, defaultValue));
    }

    /**
     * The seed, drawn when absent and written as drawn.
     *
     * @return the parameter
     */
    static Param seed() {
        return of("seed", ConfigReader::seed);
    }

    /**
     * A fan convention in a Keras-style config: {@code input_axes} and {@code output_axes} always
     * (null under {@link FanConvention#KERAS}), and a {@code fan_convention} entry
     * ({@code "torch"}, or {@code "jax"} with {@code in_axis}, {@code out_axis},
     * {@code batch_axis}) only when the convention is not Keras's own.
     *
     * @return the parameter
     */
    static Param kerasFans() {
        return new Param("fans", r -> r.fanConvention(FanConvention.KERAS), (v, m) -> {
            FanConvention fans = (FanConvention) v;
            if (fans instanceof FanConvention.KerasAxes axes) {
                m.put("input_axes", axes.inputAxes());
                m.put("output_axes", axes.outputAxes());
            } else {
                m.put("input_axes", null);
                m.put("output_axes", null);
            }
            if (fans == FanConvention.TORCH) {
                m.put("fan_convention", "torch");
            } else if (fans instanceof FanConvention.JaxAxes jax) {
                m.putAll(jax(jax));
            }
        });
    }

    /**
     * A fan convention in a torch-style config: nothing under {@link FanConvention#TORCH}, else a
     * {@code fan_convention} entry with the convention's axes.
     *
     * @return the parameter
     */
    static Param torchFans() {
        return new Param("fans", r -> r.fanConvention(FanConvention.TORCH), (v, m) -> {
            FanConvention fans = (FanConvention) v;
            if (fans == FanConvention.KERAS) {
                m.put("fan_convention", "keras");
            } else if (fans instanceof FanConvention.KerasAxes axes) {
                m.put("fan_convention", "keras");
                m.put("input_axes", axes.inputAxes());
                m.put("output_axes", axes.outputAxes());
            } else if (fans instanceof FanConvention.JaxAxes jax) {
                m.putAll(jax(jax));
            }
        });
    }

    private static Map<String, Object> jax(FanConvention.JaxAxes jax) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fan_convention", "jax");
        m.put("in_axis", jax.inAxes());
        m.put("out_axis", jax.outAxes());
        m.put("batch_axis", jax.batchAxes());
        return m;
    }

    /**
     * The keys of parameters, in order.
     *
     * @param params the parameters
     * @return their keys
     */
    static List<String> keys(List<Param> params) {
        return params.stream().map(Param::key).toList();
    }
}
