package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One catalogue entry, read and written by the same table row: the module and name it
 * serializes under, its parameters in the framework's key order with their defaults, and how
 * the read values build the family. A config read by {@link #create} is written back from the
 * values read, so what {@link io.jinit.Initializers#serialize} writes reads back to an equal
 * initializer.
 *
 * @since 0.1
 */
final class Codec implements InitializerFactory {
    private final String module;
    private final String className;
    private final List<Param> params;
    private final Function<Args, Initializer> build;
    private final boolean keysFirst;
    private final List<Param> readOrder;

    private Codec(String module, String className, List<Param> params, Function<Args, Initializer> build,
            boolean keysFirst, List<Param> readOrder) {
        this.module = module;
        this.className = className;
        this.params = List.copyOf(params);
        this.build = build;
        this.keysFirst = keysFirst;
        this.readOrder = List.copyOf(readOrder);
    }

    /**
     * A row whose unknown keys are reported after its parameters are read.
     *
     * @param module the module
     * @param className the class or function name
     * @param params the parameters, in the framework's order
     * @param build builds the family from the values read
     * @return the codec
     */
    static Codec of(String module, String className, List<Param> params, Function<Args, Initializer> build) {
        return new Codec(module, className, params, build, false, params);
    }

    /**
     * A row that reports an unknown key before reading any parameter, with the keys it expects
     * (Keras's STFT checks its keys first).
     *
     * @param module the module
     * @param className the class name
     * @param params the parameters, in the framework's order
     * @param build builds the family from the values read
     * @return the codec
     */
    static Codec keysFirst(String module, String className, List<Param> params, Function<Args, Initializer> build) {
        return new Codec(module, className, params, build, true, params);
    }

    /**
     * This row, reading its parameters in another order than it writes them: the order in which
     * the framework validates them, so that a config with several bad values fails on the same
     * one.
     *
     * @param keys the keys of all parameters, in reading order
     * @return the codec
     */
    Codec readingIn(String... keys) {
        List<Param> order = new ArrayList<>();
        for (String key : keys) {
            order.add(params.stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow());
        }
        if (order.size() != params.size()) {
            throw new IllegalStateException("reading order must name every parameter of " + className);
        }
        return new Codec(module, className, params, build, keysFirst, order);
    }

    String className() {
        return className;
    }

    @Override
    public Catalogued create(Map<String, Object> config) {
        if (keysFirst && config != null) {
            List<String> keys = Param.keys(params);
            for (Map.Entry<String, Object> e : config.entrySet()) {
                if (!keys.contains(e.getKey())) {
                    throw new IllegalArgumentException("unknown " + className + " config key '" + e.getKey()
                            + "' (expected one of " + keys + "): " + e.getValue());
                }
            }
        }
        ConfigReader reader = new ConfigReader(className, config);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : readOrder) {
            values.put(p.key(), p.reader().apply(reader));
        }
        reader.finish();
        return from(values);
    }

    /**
     * The entry for values given in Java, by parameter key; the config is written from them.
     *
     * @param keysAndValues alternating keys and values, as the parameters read them
     * @return the initializer
     */
    Catalogued build(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return from(values);
    }

    private Catalogued from(Map<String, Object> values) {
        Initializer family = build.apply(new Args(values));
        Map<String, Object> written = new LinkedHashMap<>();
        for (Param p : params) {
            p.writer().accept(values.get(p.key()), written);
        }
        return new Catalogued(module, className, written, family);
    }

    /**
     * The values of one config, by parameter key.
     *
     * @param values the values read
     */
    record Args(Map<String, Object> values) {

        double number(String key) {
            return (Double) values.get(key);
        }

        long integer(String key) {
            return (Long) values.get(key);
        }

        long seed() {
            return (Long) values.get("seed");
        }

        <T> T get(String key, Class<T> type) {
            return type.cast(values.get(key));
        }
    }
}
