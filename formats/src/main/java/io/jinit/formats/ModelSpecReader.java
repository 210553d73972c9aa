package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.random.RandomKey;
import io.jinit.random.Seeds;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a model spec (docs/model-spec.md):
 * <pre>{@code
 * {
 *   "seed": 2024,
 *   "dtype": "float32",
 *   "parameters": [
 *     {"name": "encoder.0.weight", "shape": [768, 3072], "initializer": "he_normal"},
 *     {"name": "encoder.0.bias",   "shape": [3072]},
 *     {"name": "embed", "shape": [50000, 768], "initializer": "normal_", "config": {"std": 0.02},
 *      "dtype": "bfloat16"}
 *   ],
 *   "rules": [
 *     {"pattern": "*.bias", "initializer": "zeros"}
 *   ]
 * }
 * }</pre>
 * A parameter's initializer is an identifier (with an optional {@code config} of parameters) or a
 * Keras config dict; a parameter without one takes the first rule whose glob {@code pattern}
 * ({@code *} any run of characters, {@code ?} one character) matches its name. Every parameter's
 * key is {@code RandomKey.of(seed).derive(name)}, unless its initializer config names a seed of
 * its own (then {@code RandomKey.of(thatSeed)}, Keras semantics).
 *
 * @since 0.1
 */
public final class ModelSpecReader {
    /** Spec files larger than this are refused. */
    public static final long MAX_BYTES = 64L << 20;
    /** More parameters than this are refused. */
    public static final int MAX_PARAMETERS = 1_000_000;

    private static final Set<String> TOP_KEYS = Set.of("seed", "dtype", "parameters", "rules");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "shape", "initializer", "config", "dtype");
    private static final Set<String> RULE_KEYS = Set.of("pattern", "initializer", "config");

    private ModelSpecReader() {
    }

    /**
     * Reads a spec file.
     *
     * @param file the file
     * @param seedOverride a seed that replaces the file's, e.g. from the command line
     * @return the spec
     * @throws IllegalArgumentException if the file cannot be read or is not a valid spec
     */
    public static ModelSpec read(Path file, OptionalLong seedOverride) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("spec file is larger than " + MAX_BYTES + " bytes: " + file);
            }
            return parse(Files.readString(file), seedOverride);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read spec file: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses a spec.
     *
     * @param json the spec text
     * @param seedOverride a seed that replaces the document's
     * @return the spec
     * @throws IllegalArgumentException if the text is not a valid spec
     */
    public static ModelSpec parse(String json, OptionalLong seedOverride) {
        Map<String, Object> top = object("spec", Json.parse("spec", json));
        unknownKeys("spec", top, TOP_KEYS);
        boolean seedDrawn = seedOverride.isEmpty() && !top.containsKey("seed");
        long seed = seedOverride.isPresent() ? seedOverride.getAsLong()
                : seedDrawn ? Seeds.draw() : integer("seed", top.get("seed"));
        String dtype = top.containsKey("dtype") ? string("dtype", top.get("dtype")) : "float32";
        List<Rule> rules = new ArrayList<>();
        for (Object r : list("rules", top.getOrDefault("rules", List.of()))) {
            Map<String, Object> rule = object("rule", r);
            unknownKeys("rule", rule, RULE_KEYS);
            String pattern = string("pattern", rule.get("pattern"));
            rules.add(new Rule(pattern, glob(pattern), initializerValue(rule), config("rule " + pattern, rule)));
        }
        List<Object> params = list("parameters", top.get("parameters"));
        if (params.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters must number at most " + MAX_PARAMETERS + ": " + params.size());
        }
        RandomKey root = RandomKey.of(seed);
        List<ModelSpec.Parameter> out = new ArrayList<>();
        for (Object p : params) {
            Map<String, Object> param = object("parameter", p);
            String name = string("parameter name", param.get("name"));
            unknownKeys("parameter " + name, param, PARAMETER_KEYS);
            Shape shape = shape(name, param.get("shape"));
            Object initValue = param.containsKey("initializer") ? param.get("initializer") : null;
            Map<String, Object> initConfig = config("parameter " + name, param);
            if (initValue == null) {
                Rule rule = rules.stream().filter(r -> r.regex().matcher(name).matches()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                "parameter has no initializer and no rule matches it: " + name));
                initValue = rule.initializer();
                initConfig = rule.config();
            }
            Initializer init = initializer(name, initValue, initConfig);
            String paramDtype = param.containsKey("dtype") ? string("dtype of " + name, param.get("dtype")) : dtype;
            RandomKey key = hasExplicitSeed(initValue, initConfig) ? init.key() : root.derive(name);
            out.add(new ModelSpec.Parameter(name, shape, init, paramDtype, key));
        }
        ModelSpec spec = new ModelSpec(seed, seedDrawn, out);
        spec.totalElements();
        return spec;
    }

    /** Whether the spec names a seed for this initializer, in its config or inside its Keras dict. */
    private static boolean hasExplicitSeed(Object initValue, Map<String, Object> config) {
        if (config.get("seed") != null) {
            return true;
        }
        if (initValue instanceof Map) {
            Object inner = ((Map<?, ?>) initValue).get("config");
            return inner instanceof Map && ((Map<?, ?>) inner).get("seed") != null;
        }
        return false;
    }

    private record Rule(String pattern, Pattern regex, Object initializer, Map<String, Object> config) {
    }

    private static Initializer initializer(String name, Object value, Map<String, Object> config) {
        try {
            if (value instanceof String) {
                return io.jinit.Initializers.get((String) value, config);
            }
            if (!config.isEmpty()) {
                throw new IllegalArgumentException("config goes inside a Keras config dict, not beside it");
            }
            return KerasJson.fromValue(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("initializer of " + name + ": " + e.getMessage(), e);
        }
    }

    private static Object initializerValue(Map<String, Object> holder) {
        Object v = holder.get("initializer");
        if (!(v instanceof String) && !(v instanceof Map)) {
            throw new IllegalArgumentException("initializer must be an identifier or a config dict: " + Json.write(v));
        }
        return v;
    }

    private static Map<String, Object> config(String where, Map<String, Object> holder) {
        Object c = holder.get("config");
        return c == null ? Map.of() : object("config of " + where, c);
    }

    private static Shape shape(String name, Object value) {
        List<Object> dims = list("shape of " + name, value);
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = integer("shape of " + name, dims.get(i));
        }
        try {
            return Shape.copyOf(d);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shape of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Glob to regex: {@code *} any run, {@code ?} one character, everything else literal. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void unknownKeys(String where, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown key in " + where + ": " + k);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String what, Object v) {
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(what + " must be a JSON object: " + Json.write(v));
        }
        return new LinkedHashMap<>((Map<String, Object>) v);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String what, Object v) {
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(what + " must be a JSON array: " + Json.write(v));
        }
        return (List<Object>) v;
    }

    private static String string(String what, Object v) {
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(what + " must be a string: " + Json.write(v));
        }
        return (String) v;
    }

    private static long integer(String what, Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.math.BigInteger) {
            throw new IllegalArgumentException(what + " must fit a 64-bit integer: " + v);
        }
        throw new IllegalArgumentException(what + " must be an integer: " + Json.write(v));
    }
}
