package io.jinit;

import io.jinit.catalogue.Catalogue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: initializers by name, and their Keras-shaped dicts.
 *
 * <ul>
 * <li>Every identifier {@code keras.initializers.get} accepts ({@code "he_normal"},
 * {@code "HeNormal"}, {@code "normal"}, ...) keeps its Keras meaning and Keras defaults.</li>
 * <li>Every {@code torch.nn.init} function answers to its own name with the trailing underscore
 * ({@code "kaiming_normal_"}, {@code "normal_"}, ...) with PyTorch's defaults and the TORCH fan
 * convention; those Keras does not define also answer without it ({@code "kaiming_normal"},
 * {@code "xavier_uniform"}, {@code "trunc_normal"}, {@code "eye"}, {@code "dirac"},
 * {@code "sparse"}).</li>
 * <li>PyTorch's module defaults: {@code torch_linear_default}, {@code torch_linear_bias},
 * {@code torch_rnn_default}, {@code torch_embedding_default}.</li>
 * <li>Custom initializers registered in code with {@link #register}.</li>
 * </ul>
 * Names are looked up exactly (case-sensitive, as in Keras); nothing is ever loaded by class
 * name from a config.
 *
 * <pre>{@code
 * Initializer he = Initializers.get("he_normal");                        // fresh seed, drawn now
 * Initializer k = Initializers.get("kaiming_uniform_", Map.of("a", 0.2, "seed", 7L));
 * Map<String, Object> dict = Initializers.serialize(k);                  // {module, class_name, config, registered_name}
 * Initializer same = Initializers.deserialize(dict);                     // equals k
 * }</pre>
 *
 * @since 0.1
 */
public final class Initializers {
    private static final Map<String, InitializerFactory> CUSTOM = new ConcurrentHashMap<>();

    private Initializers() {
    }

    /**
     * The initializer an identifier names, with its framework's defaults. A random one draws a
     * fresh seed now (Keras 3 semantics: it then gives the same values on every call).
     *
     * @param identifier a Keras identifier, a torch function name or a registered name
     * @return a new initializer
     * @throws IllegalArgumentException if the identifier is unknown
     */
    public static NamedInitializer get(String identifier) {
        return get(identifier, Map.of());
    }

    /**
     * The initializer an identifier names, configured with the framework's parameter names.
     *
     * @param identifier a Keras identifier, a torch function name or a registered name
     * @param config parameters, e.g. {@code {"mode": "fan_out", "seed": 3}}
     * @return a new initializer
     * @throws IllegalArgumentException if the identifier is unknown or the config invalid
     */
    public static NamedInitializer get(String identifier, Map<String, Object> config) {
        InitializerFactory factory = factory(identifier);
        if (factory == null) {
            throw new IllegalArgumentException("unknown initializer: " + identifier
                    + NameSuggestions.didYouMean(String.valueOf(identifier), names()));
        }
        return named(identifier, factory.create(config == null ? Map.of() : config));
    }

    /**
     * Every identifier {@link #get} accepts.
     *
     * @return the sorted names
     */
    public static Set<String> names() {
        Set<String> names = new TreeSet<>(Catalogue.identifiers().keySet());
        names.addAll(CUSTOM.keySet());
        return Collections.unmodifiableSet(names);
    }

    /**
     * The dict Keras's {@code keras.initializers.serialize} writes, with Keras's keys in Keras's
     * order: {@code module}, {@code class_name}, {@code config}, {@code registered_name}. Torch
     * functions write module {@code "torch.nn.init"} and their own name and parameters; custom
     * initializers write {@code registered_name = module + ">" + class_name}.
     *
     * <p>A {@link NamedInitializer} writes its own name and config. A family built in Java
     * ({@code new VarianceScaling(...)}) has no name of its own, as several entries may share it;
     * it writes the one entry whose config holds all of its parameters
     * ({@link Catalogue#canonical}: {@code new Constant(0.5)} writes Keras's {@code Constant},
     * {@code new RandomTruncatedNormal(...)} torch's {@code trunc_normal_}), so that the dict
     * reads back to the same values. A family no entry holds whole is refused.
     *
     * @param init the initializer
     * @return an ordered map of JSON-compatible values
     * @throws IllegalArgumentException if init is null, or a family that no catalogue entry holds
     *     whole (a {@link io.jinit.init.GainScaling} Kaiming preset, whose nonlinearity is gone)
     */
    public static Map<String, Object> serialize(Initializer init) {
        if (init == null) {
            throw new IllegalArgumentException("init must not be null: null");
        }
        NamedInitializer named = init instanceof NamedInitializer n ? n : Catalogue.canonical(init).orElseThrow(
                () -> new IllegalArgumentException("init has no catalogue entry that holds all of its parameters: "
                        + "build it with Initializers.get(name, config), KerasCatalogue or TorchCatalogue, or "
                        + "implement NamedInitializer: " + init));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", named.module());
        m.put("class_name", named.className());
        m.put("config", new LinkedHashMap<>(named.config()));
        m.put("registered_name", CUSTOM.containsKey(named.className())
                ? named.module() + ">" + named.className() : null);
        return m;
    }

    /**
     * The initializer a serialized dict describes: {@code class_name} (or {@code registered_name})
     * is looked up among the names {@link #get} accepts, and {@code config} (missing or null
     * meaning empty) configures it. {@code module} is not needed, as in Keras.
     *
     * @param dict the dict
     * @return the initializer
     * @throws IllegalArgumentException if the dict is malformed, names an unknown class or has an
     *     invalid config
     */
    public static NamedInitializer deserialize(Map<String, Object> dict) {
        if (dict == null) {
            throw new IllegalArgumentException("dict must not be null: null");
        }
        Object className = dict.get("class_name");
        if (!(className instanceof String)) {
            throw new IllegalArgumentException("class_name must be a string: " + className);
        }
        Object config = dict.get("config");
        if (config != null && !(config instanceof Map)) {
            throw new IllegalArgumentException("config of " + className + " must be a dict: " + config);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> configMap = config == null ? Map.of() : (Map<String, Object>) config;
        InitializerFactory factory = factory((String) className);
        Object registered = dict.get("registered_name");
        if (factory == null && registered instanceof String) {
            String name = (String) registered;
            factory = CUSTOM.get(name.substring(name.indexOf('>') + 1));
        }
        if (factory == null) {
            throw new IllegalArgumentException("unknown initializer class_name: " + className
                    + NameSuggestions.didYouMean((String) className, names()));
        }
        return named((String) className, factory.create(configMap));
    }

    /**
     * Registers a custom initializer under a name; {@link #get} and {@link #deserialize} then
     * accept it. The initializer should be a {@link NamedInitializer} whose {@link NamedInitializer#className()} is that name so that
     * it serializes and deserializes to itself.
     *
     * @param className the name, not already taken by a built-in
     * @param factory builds it from a config
     * @throws IllegalArgumentException if the name is taken by a built-in or the arguments are null
     */
    public static void register(String className, InitializerFactory factory) {
        if (className == null || className.isEmpty() || factory == null) {
            throw new IllegalArgumentException("className and factory must be given: " + className);
        }
        if (Catalogue.identifiers().containsKey(className)) {
            throw new IllegalArgumentException("className is a built-in initializer name: " + className);
        }
        CUSTOM.put(className, factory);
    }

    /**
     * Removes a custom registration.
     *
     * @param className the registered name
     * @return true if it was registered
     */
    public static boolean unregister(String className) {
        return CUSTOM.remove(className) != null;
    }

    /** Built-in factories always give named initializers; a custom one must too. */
    private static NamedInitializer named(String identifier, Initializer init) {
        if (!(init instanceof NamedInitializer)) {
            throw new IllegalArgumentException("the factory registered as " + identifier
                    + " must build a NamedInitializer, so that it serializes under its name: " + init);
        }
        return (NamedInitializer) init;
    }

    private static InitializerFactory factory(String identifier) {
        if (identifier == null) {
            return null;
        }
        InitializerFactory builtIn = Catalogue.factory(identifier);
        return builtIn != null ? builtIn : CUSTOM.get(identifier);
    }
}
