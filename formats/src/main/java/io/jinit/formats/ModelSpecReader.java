package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.Catalogue;
import io.jinit.random.RandomKey;
import io.jinit.random.Seeds;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a model spec (docs/model-spec.md):
 * <pre>{@code
 * {
 *   "seed": 2024,
 *   "dtype": "float32",
 *   "parameters": [
 *     {"name": "embed.weight", "shape": [50000, 768], "initializer": "normal_", "config": {"std": 0.02},
 *      "dtype": "bfloat16"},
 *     {"name": "encoder.0.weight", "shape": [3072, 768], "initializer": "kaiming_normal_",
 *      "config": {"nonlinearity": "relu"}},
 *     {"name": "encoder.0.bias",   "shape": [3072]},
 *     {"name": "head/kernel", "shape": [768, 10],
 *      "initializer": {"class_name": "GlorotUniform", "config": {"seed": 7}}}
 *   ],
 *   "rules": [
 *     {"pattern": "*.bias", "initializer": "torch_linear_bias"}
 *   ]
 * }
 * }</pre>
 * Names follow their framework's layout: {@code encoder.0.weight} is an {@code nn.Linear(768, 3072)}
 * weight, {@code (out, in)}, and {@code head/kernel} a Keras {@code Dense(10)} kernel,
 * {@code (in, out)}. A {@code torch_linear_bias} without {@code fan_in} takes the fan_in of the
 * parameter named like it with {@code weight} for its last {@code bias} ({@code encoder.0.bias}
 * from {@code encoder.0.weight}), read in {@link FanConvention#TORCH}.
 *
 * <p>A parameter's initializer is an identifier (with an optional {@code config} of parameters) or a
 * Keras config dict; a parameter without one takes the first rule whose glob {@code pattern}
 * ({@code *} any run of characters, {@code ?} one character) matches its name, in time linear in
 * the name's length. Every parameter's key is {@code RandomKey.of(seed).derive(name)}, unless its
 * initializer config names a seed of its own (then {@code RandomKey.of(thatSeed)}, Keras
 * semantics). A random initializer without a seed of its own is built with the seed
 * {@code RandomKey.of(seed).derive(name).asLong()}, whose key is the derived one: its config then
 * reproduces the parameter's values on its own ({@code Initializers.deserialize(config).sample(shape)}).
 *
 * @since 0.1
 */
public final class ModelSpecReader {
    /** Spec files larger than this are refused. */
    public static final int MAX_BYTES = 64 << 20;
    /** More parameters than this are refused. */
    public static final int MAX_PARAMETERS = 1_000_000;
    /**
     * The most work matching names against rules may take, in steps of {@link Glob}: each match
     * is linear in the name, but a spec of 64 MB can still pair 10<sup>6</sup> names with
     * 10<sup>6</sup> rules. 2<sup>30</sup> steps take about ten seconds; a rule that fails on a
     * literal start or end ({@code *.bias} against {@code ...weight}) costs a few steps, one that
     * reaches the automaton about twice the name's length.
     */
    public static final long MAX_RULE_WORK = 1L << 30;

    /** The class name of PyTorch's Linear bias default, whose fan_in a spec may leave to its weight. */
    private static final String LINEAR_BIAS = "torch_linear_bias";

    private static final Set<String> TOP_KEYS = Set.of("seed", "dtype", "parameters", "rules");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "shape", "initializer", "config", "dtype");
    private static final Set<String> RULE_KEYS = Set.of("pattern", "initializer", "config");

    private ModelSpecReader() {
    }

    /**
     * Reads a spec file. At most {@link #MAX_BYTES} + 1 bytes are read, through a stream, so that
     * a FIFO, a pipe or a device such as {@code /dev/zero} is refused like a large file instead of
     * filling memory (the size a file system reports is not trusted).
     *
     * @param file the file
     * @param runSeed the run's seed ({@code jinit generate --seed}): the model seed when the
     *     document has none; when it has one, the two must agree
     * @return the spec
     * @throws IllegalArgumentException if the file cannot be read, is larger than
     *     {@link #MAX_BYTES}, is not UTF-8 or not a valid spec, or its seed disagrees with runSeed
     */
    public static ModelSpec read(Path file, OptionalLong runSeed) {
        return read(file, runSeed, Optional.empty());
    }

    /**
     * Reads a spec file, as {@link #read(Path, OptionalLong)}, with the run's dtype.
     *
     * @param file the file
     * @param runSeed the run's seed, as {@link #read(Path, OptionalLong)}
     * @param runDtype the run's dtype ({@code jinit generate --dtype}): it replaces the spec's
     *     default dtype; a parameter that names a dtype of its own must name the same
     * @return the spec
     * @throws IllegalArgumentException as {@link #read(Path, OptionalLong)}, or if a parameter's
     *     own dtype disagrees with runDtype
     */
    public static ModelSpec read(Path file, OptionalLong runSeed, Optional<String> runDtype) {
        return parse(text(file, "spec file"), runSeed, runDtype);
    }

    /**
     * The text of a JSON document jinit reads (a spec, a template's rules), read through a
     * stream of at most {@link #MAX_BYTES} + 1 bytes.
     *
     * @param file the file
     * @param what what it is, first word of every message ({@code "spec file"})
     * @return the text
     * @throws IllegalArgumentException naming what and the file if it is a directory, is missing,
     *     cannot be read, is larger than {@link #MAX_BYTES} or is not UTF-8
     */
    static String text(Path file, String what) {
        byte[] bytes;
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(what + " is a directory: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(what + " does not exist: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read: " + file + " (" + AtomicFile.reason(e) + ")",
                    e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is larger than " + MAX_BYTES + " bytes (64 MB): " + file);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not UTF-8 text: " + file, e);
        }
    }

    /**
     * Parses a spec.
     *
     * @param json the spec text
     * @param runSeed the run's seed ({@code jinit generate --seed}): the model seed when the
     *     document has none; when it has one, the two must agree (as a config's own seed wins over
     *     the run's in Keras, and two seeds that disagree are an error, not a silent choice)
     * @return the spec
     * @throws IllegalArgumentException if the text is not a valid spec or its seed disagrees with
     *     runSeed
     */
    public static ModelSpec parse(String json, OptionalLong runSeed) {
        return parse(json, runSeed, Optional.empty());
    }

    /**
     * Parses a spec, as {@link #parse(String, OptionalLong)}, with the run's dtype.
     *
     * @param json the spec text
     * @param runSeed the run's seed
     * @param runDtype the run's dtype: it replaces the spec's default dtype (a default is the
     *     author's general choice, which a run may change); a parameter's own dtype is a deliberate
     *     choice (norms kept in float32), so a run dtype that disagrees with it is an error, not a
     *     silent override
     * @return the spec
     * @throws IllegalArgumentException if the text is not a valid spec, or its seed or a
     *     parameter's dtype disagrees with the run's
     */
    public static ModelSpec parse(String json, OptionalLong runSeed, Optional<String> runDtype) {
        return parse(object("spec", Json.parse("spec", json)), runSeed, runDtype);
    }

    /**
     * {@link #overriding(ModelSpec, String)} with the rules read from a file, under the limits of a
     * spec file.
     *
     * @param base the model's spec
     * @param rulesFile the rules file
     * @return the spec
     * @throws IllegalArgumentException if the file cannot be read or passes a limit, or as
     *     {@link #overriding(ModelSpec, String)}
     */
    public static ModelSpec overriding(ModelSpec base, Path rulesFile) {
        return overriding(base, text(rulesFile, "rules file"));
    }

    /**
     * A model's spec with some of its tensors initialized by rules instead: each tensor the first
     * matching rule of {@code {"rules": [...]}} (as a spec's rules) names gets that rule's
     * initializer, drawn under {@code RandomKey.of(seed).derive(name)} as a spec's parameter is;
     * the others keep their values. This is how a Hugging Face config's checkpoint takes another
     * initialization for some tensors (GPT-2's 1/sqrt(2N) output projections in a Llama) and keeps
     * the layout transformers loads.
     *
     * @param base the model's spec
     * @param rulesJson {@code {"rules": [...]}}
     * @return the spec, tensors and metadata in the base's order
     * @throws IllegalArgumentException if the rules are not valid JSON of that form, a rule matches no
     *     tensor, a rule says {@code "skip"} (a checkpoint keeps every tensor), or as
     *     {@link #parse(String, OptionalLong)} for the rules' initializers
     */
    public static ModelSpec overriding(ModelSpec base, String rulesJson) {
        Object parsed = Json.parse("rules", rulesJson);
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("rules") instanceof List<?> rules) || map.size() != 1) {
            throw new IllegalArgumentException("rules file must hold a JSON object with one key, \"rules\", an array "
                    + "(the model's seed keys every tensor): " + ModelTemplate.abbreviate(Json.write(parsed)));
        }
        List<Glob> patterns = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule) || !(rule.get("pattern") instanceof String pattern)) {
                throw new IllegalArgumentException("rule " + i + " must be a JSON object with a string pattern: "
                        + ModelTemplate.abbreviate(Json.write(rules.get(i))));
            }
            if (ModelTemplate.SKIP.equals(rule.get("initializer"))) {
                throw new IllegalArgumentException("rule " + pattern + " says skip, but a checkpoint keeps every tensor");
            }
            patterns.add(new Glob(pattern));
        }
        boolean[] used = new boolean[patterns.size()];
        List<Object> matched = new ArrayList<>();
        long work = 0;
        for (ModelSpec.Parameter p : base.parameters()) {
            for (int i = 0; i < patterns.size(); i++) {
                Glob glob = patterns.get(i);
                boolean fits = glob.anchorsFit(p.name());
                work += fits ? glob.cost(p.name()) : glob.anchorCost();
                if (work > MAX_RULE_WORK) {
                    throw new IllegalArgumentException("rules take more than " + MAX_RULE_WORK + " steps to match "
                            + "(tensors times rules tried times name length): use fewer rules");
                }
                if (fits && glob.matches(p.name())) {
                    used[i] = true;
                    Map<String, Object> parameter = new LinkedHashMap<>();
                    parameter.put("name", p.name());
                    parameter.put("shape", Arrays.stream(p.shape().toArray()).boxed().toList());
                    parameter.put("dtype", p.dtype().lowerCaseName());
                    matched.add(parameter);
                    break;
                }
            }
        }
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) {
                throw new IllegalArgumentException("rule " + patterns.get(i) + " matches no tensor of the model");
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("seed", base.seed());
        spec.put("parameters", matched);
        spec.put("rules", rules);
        Map<String, ModelSpec.Parameter> ruled = new LinkedHashMap<>();
        for (ModelSpec.Parameter p : parse(spec, OptionalLong.of(base.seed()), Optional.empty()).parameters()) {
            ruled.put(p.name(), p);
        }
        List<ModelSpec.Parameter> parameters = new ArrayList<>();
        for (ModelSpec.Parameter p : base.parameters()) {
            parameters.add(ruled.getOrDefault(p.name(), p));
        }
        return new ModelSpec(base.seed(), base.seedDrawn(), parameters, base.metadata());
    }

    /**
     * Reads a spec parsed to plain values ({@link Json#parse}), as {@link #parse(String,
     * OptionalLong, Optional)}.
     *
     * @param top the spec object
     * @param runSeed the run's seed
     * @param runDtype the run's dtype
     * @return the spec
     * @throws IllegalArgumentException as {@link #parse(String, OptionalLong, Optional)}
     */
    static ModelSpec parse(Map<String, Object> top, OptionalLong runSeed, Optional<String> runDtype) {
        unknownKeys("spec", top, TOP_KEYS);
        boolean seedDrawn = runSeed.isEmpty() && !top.containsKey("seed");
        long seed;
        if (top.containsKey("seed")) {
            seed = integer("seed", top.get("seed"));
            if (runSeed.isPresent() && runSeed.getAsLong() != seed) {
                throw new IllegalArgumentException("seed " + seed + " of the spec disagrees with --seed "
                        + runSeed.getAsLong() + ": give one of them, or the same value");
            }
        } else {
            seed = seedDrawn ? Seeds.draw() : runSeed.getAsLong();
        }
        String dtype = top.containsKey("dtype") ? string("dtype", top.get("dtype")) : "float32";
        if (runDtype.isPresent()) {
            dtype = runDtype.get();
        }
        List<Rule> rules = new ArrayList<>();
        for (Object r : list("rules", top.getOrDefault("rules", List.of()))) {
            Map<String, Object> rule = object("rule", r);
            unknownKeys("rule", rule, RULE_KEYS);
            String pattern = string("pattern", rule.get("pattern"));
            rules.add(new Rule(new Glob(pattern), initializerValue(rule), config("rule " + pattern, rule)));
        }
        List<Object> params = list("parameters", top.get("parameters"));
        if (params.size() > MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters must number at most " + MAX_PARAMETERS + ": " + params.size());
        }
        RandomKey root = RandomKey.of(seed);
        List<ModelSpec.Parameter> out = new ArrayList<>();
        long ruleWork = 0;
        // Built when a bias first needs its weight's fan, so specs without one pay nothing.
        Map<String, Object> parametersByName = null;
        for (Object p : params) {
            Map<String, Object> param = object("parameter", p);
            String name = string("parameter name", param.get("name"));
            unknownKeys("parameter " + name, param, PARAMETER_KEYS);
            Shape shape = shape(name, param.get("shape"));
            Object initValue = param.containsKey("initializer") ? param.get("initializer") : null;
            Map<String, Object> initConfig = config("parameter " + name, param);
            if (initValue == null) {
                Rule rule = null;
                for (Rule r : rules) {
                    boolean fits = r.glob().anchorsFit(name);
                    ruleWork += fits ? r.glob().cost(name) : r.glob().anchorCost();
                    if (ruleWork > MAX_RULE_WORK) {
                        throw new IllegalArgumentException("rules take more than " + MAX_RULE_WORK + " steps to match "
                                + "(parameters times rules tried times name length): give parameters their initializer, "
                                + "or use fewer rules; stopped at parameter " + name);
                    }
                    if (fits && r.glob().matches(name)) {
                        rule = r;
                        break;
                    }
                }
                if (rule == null) {
                    throw new IllegalArgumentException("parameter has no initializer and no rule matches it: " + name);
                }
                initValue = rule.initializer();
                initConfig = rule.config();
            }
            if (isLinearBiasWithoutFanIn(initValue, initConfig)) {
                if (parametersByName == null) {
                    parametersByName = byName(params);
                }
                long fanIn = weightFanIn(name, parametersByName);
                initValue = withConfigEntry(initValue, "fan_in", fanIn);
                if (initValue instanceof String) {
                    initConfig = withEntry(initConfig, "fan_in", fanIn);
                }
            }
            Initializer init = initializer(name, initValue, initConfig);
            RandomKey key = root.derive(name);
            if (hasExplicitSeed(initValue, initConfig)) {
                key = init.key();
            } else if (init instanceof NamedInitializer named && named.config().containsKey("seed")) {
                // The parameter's key is derived from the model seed and its name. Building the
                // initializer with that key's seed (RandomKey.of(k.asLong()) == k) makes its
                // config, which the file's metadata records, reproduce the values on its own;
                // otherwise the config would carry the seed the catalogue drew, never used.
                init = withSeed(name, initValue, initConfig, key.asLong());
            }
            String paramDtype = param.containsKey("dtype") ? string("dtype of " + name, param.get("dtype")) : dtype;
            if (runDtype.isPresent() && !paramDtype.equals(runDtype.get())) {
                throw new IllegalArgumentException("parameter " + name + " has dtype " + paramDtype + " in the spec and "
                        + "--dtype is " + runDtype.get() + ": give one of them, or the same");
            }
            DType type = DType.ofWritableName(paramDtype).orElseThrow(() -> new IllegalArgumentException("dtype of "
                    + name + " must be one of " + DType.writableNames() + ": " + paramDtype));
            out.add(new ModelSpec.Parameter(name, shape, init, type, key));
        }
        ModelSpec spec = new ModelSpec(seed, seedDrawn, out);
        spec.totalElements();
        return spec;
    }

    /**
     * Whether the initializer is {@code torch_linear_bias} (by identifier, or a dict of that class)
     * with no {@code fan_in} in its config: its fan then comes from its weight.
     */
    private static boolean isLinearBiasWithoutFanIn(Object initValue, Map<String, Object> config) {
        if (initValue instanceof String identifier) {
            return LINEAR_BIAS.equals(Catalogue.identifiers().get(identifier)) && !config.containsKey("fan_in");
        }
        if (initValue instanceof Map<?, ?> dict && dict.get("class_name") instanceof String className) {
            Object inner = dict.get("config");
            return LINEAR_BIAS.equals(Catalogue.identifiers().get(className))
                    && !(inner instanceof Map<?, ?> innerConfig && innerConfig.containsKey("fan_in"));
        }
        return false;
    }

    /**
     * The fan_in of a bias's weight, as PyTorch's {@code nn.Linear} and {@code nn.ConvNd} give
     * their bias ({@code bound = 1 / sqrt(fan_in)} with {@code fan_in} of the weight): the
     * parameter named like the bias with its last {@code bias} replaced by {@code weight}
     * ({@code enc.0.bias} to {@code enc.0.weight}), read in {@link FanConvention#TORCH}, the
     * product of its dims after the first.
     */
    private static long weightFanIn(String bias, Map<String, Object> parametersByName) {
        int at = bias.lastIndexOf("bias");
        if (at < 0) {
            throw new IllegalArgumentException("parameter " + bias + " takes " + LINEAR_BIAS + " without fan_in, and "
                    + "its name holds no bias to name its weight by (enc.0.bias for enc.0.weight): give fan_in in its "
                    + "config");
        }
        String weight = bias.substring(0, at) + "weight" + bias.substring(at + "bias".length());
        if (!parametersByName.containsKey(weight)) {
            throw new IllegalArgumentException("parameter " + bias + " takes " + LINEAR_BIAS + " without fan_in, which "
                    + "comes from its weight " + weight + ", and the spec has no such parameter: give fan_in in its "
                    + "config");
        }
        Shape shape = shape(weight, object("parameter", parametersByName.get(weight)).get("shape"));
        try {
            FanConvention.TORCH.fans(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter " + bias + " takes " + LINEAR_BIAS + " without fan_in, from "
                    + "its weight " + weight + ": " + e.getMessage(), e);
        }
        // Exact, where Fans holds doubles: dims[1] * ... * dims[rank - 1], which a zero in dims[0]
        // leaves free to pass a long.
        long fanIn = 1;
        for (int axis = 1; axis < shape.rank(); axis++) {
            try {
                fanIn = Math.multiplyExact(fanIn, shape.dim(axis));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("parameter " + bias + " takes " + LINEAR_BIAS + " without fan_in, "
                        + "from its weight " + weight + ", whose fan_in overflows a long: " + shape, e);
            }
        }
        return fanIn;
    }

    /** The parameters by name; a parameter without a string name is left out, to be refused in its turn. */
    private static Map<String, Object> byName(List<Object> params) {
        Map<String, Object> m = new HashMap<>();
        for (Object p : params) {
            if (p instanceof Map<?, ?> param && param.get("name") instanceof String name) {
                m.putIfAbsent(name, p);
            }
        }
        return m;
    }

    /**
     * An identifier as it is, or a Keras dict with one more entry in its config (absent or null
     * counting as empty); a config that is not an object is left for the dict's reader to refuse.
     */
    @SuppressWarnings("unchecked")
    private static Object withConfigEntry(Object initValue, String key, Object value) {
        if (!(initValue instanceof Map)) {
            return initValue;
        }
        Map<String, Object> dict = new LinkedHashMap<>((Map<String, Object>) initValue);
        Object inner = dict.get("config");
        if (inner == null) {
            dict.put("config", withEntry(Map.of(), key, value));
        } else if (inner instanceof Map) {
            dict.put("config", withEntry((Map<String, Object>) inner, key, value));
        }
        return dict;
    }

    private static Map<String, Object> withEntry(Map<String, Object> config, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(config);
        m.put(key, value);
        return m;
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

    /** The initializer the spec names for a parameter, built with a given seed. */
    @SuppressWarnings("unchecked")
    private static Initializer withSeed(String name, Object initValue, Map<String, Object> config, long seed) {
        if (initValue instanceof Map) {
            Map<String, Object> dict = new LinkedHashMap<>((Map<String, Object>) initValue);
            Object inner = dict.get("config");
            Map<String, Object> innerConfig = inner instanceof Map ? new LinkedHashMap<>((Map<String, Object>) inner)
                    : new LinkedHashMap<>();
            innerConfig.put("seed", seed);
            dict.put("config", innerConfig);
            return initializer(name, dict, config);
        }
        Map<String, Object> seeded = new LinkedHashMap<>(config);
        seeded.put("seed", seed);
        return initializer(name, initValue, seeded);
    }

    private record Rule(Glob glob, Object initializer, Map<String, Object> config) {
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

    /**
     * A rule's name pattern: {@code *} any run of characters (none included), {@code ?} one
     * character (a code point), everything else itself. Matching simulates the pattern's NFA with
     * one bit per pattern position, 64 positions to a machine word (Baeza-Yates and Gonnet's
     * shift-and, with a self-loop for {@code *}): time O(n · ⌈m / 64⌉) for a name of n characters
     * and a pattern of m, linear in the name, whatever the pattern. A backtracking matcher (a
     * regex of {@code .*} runs) takes time exponential in the number of stars on a name that
     * almost matches, such as {@code *a*a*a*a*a*a*a*b} against 100 {@code a}s.
     *
     * <p>Reference: Baeza-Yates, R. and Gonnet, G. H. (1992)
     * <a href="https://doi.org/10.1145/135239.135243">A New Approach to Text Searching</a>. CACM 35(10).
     */
    static final class Glob {
        private final String pattern;
        /** Pattern positions; position {@code m}, past the last token, accepts. */
        private final int m;
        private final int words;
        /** Bit j: token j is {@code *}. */
        private final long[] stars;
        /** Bit j: token j is {@code ?}; the mask of a character the pattern does not name. */
        private final long[] anyChar;
        /** Per named character, bit j: token j is that character or {@code ?}. */
        private final Map<Integer, long[]> masks = new HashMap<>();
        /** The masks of ASCII characters, looked up without boxing. */
        private final long[][] asciiMasks = new long[128][];
        /** The tokens before the first star and after the last one: a name must start and end with them. */
        private final int[] head;
        private final int[] tail;

        Glob(String pattern) {
            this.pattern = pattern;
            int[] tokens = pattern.codePoints().toArray();
            // Runs of stars are one star, so that one closure step covers every star.
            int[] collapsed = new int[tokens.length];
            int n = 0;
            for (int t : tokens) {
                if (t != '*' || n == 0 || collapsed[n - 1] != '*') {
                    collapsed[n++] = t;
                }
            }
            this.m = n;
            int firstStar = indexOf(collapsed, n, '*');
            if (firstStar < 0) {
                head = new int[0];
                tail = new int[0];
            } else {
                int lastStar = n - 1;
                while (collapsed[lastStar] != '*') {
                    lastStar--;
                }
                head = Arrays.copyOfRange(collapsed, 0, firstStar);
                tail = Arrays.copyOfRange(collapsed, lastStar + 1, n);
            }
            this.words = (m + 1 + 63) / 64;
            this.stars = new long[words];
            this.anyChar = new long[words];
            for (int j = 0; j < m; j++) {
                if (collapsed[j] == '*') {
                    set(stars, j);
                } else if (collapsed[j] == '?') {
                    set(anyChar, j);
                }
            }
            for (int j = 0; j < m; j++) {
                int c = collapsed[j];
                if (c != '*' && c != '?') {
                    set(masks.computeIfAbsent(c, k -> anyChar.clone()), j);
                }
            }
            for (int c = 0; c < asciiMasks.length; c++) {
                asciiMasks[c] = masks.getOrDefault(c, anyChar);
            }
        }

        private static int indexOf(int[] tokens, int n, int token) {
            for (int j = 0; j < n; j++) {
                if (tokens[j] == token) {
                    return j;
                }
            }
            return -1;
        }

        /**
         * The most work {@link #matches} may take on a name whose anchors fit, in steps: the
         * anchors' check and the automaton's words per character.
         *
         * @param name the name
         * @return an upper bound of the steps
         */
        long cost(String name) {
            return (name.length() + 1L) * (words + 1);
        }

        /**
         * The most work of {@link #anchorsFit}, in steps.
         *
         * @return the anchors' length, plus one
         */
        long anchorCost() {
            return head.length + tail.length + 1L;
        }

        /**
         * Whether the name starts with the tokens before the first star and ends with those after
         * the last one, which every match does: a check in O(anchors).
         *
         * @param name the name
         * @return false if the name cannot match
         */
        boolean anchorsFit(String name) {
            int i = 0;
            for (int t : head) {
                if (i >= name.length()) {
                    return false;
                }
                int c = name.codePointAt(i);
                if (t != '?' && t != c) {
                    return false;
                }
                i += Character.charCount(c);
            }
            int e = name.length();
            for (int k = tail.length - 1; k >= 0; k--) {
                if (e <= 0) {
                    return false;
                }
                int c = name.codePointBefore(e);
                if (tail[k] != '?' && tail[k] != c) {
                    return false;
                }
                e -= Character.charCount(c);
            }
            return true;
        }

        private long[] mask(int c) {
            return c < asciiMasks.length ? asciiMasks[c] : masks.getOrDefault(c, anyChar);
        }

        /**
         * Whether the whole name matches.
         *
         * @param name the name
         * @return true if it matches
         */
        boolean matches(String name) {
            // Most rules fail on a literal end (*.bias against ...weight): O(1) instead of O(n).
            if (!anchorsFit(name)) {
                return false;
            }
            if (words == 1) {
                return matchesInOneWord(name);
            }
            long[] current = new long[words];
            long[] next = new long[words];
            set(current, 0);
            closeOverStars(current);
            for (int i = 0; i < name.length(); ) {
                int c = name.codePointAt(i);
                i += Character.charCount(c);
                long[] mask = mask(c);
                long carry = 0;
                long live = 0;
                for (int w = 0; w < words; w++) {
                    long moved = current[w] & mask[w];
                    next[w] = (moved << 1) | carry | (current[w] & stars[w]);
                    carry = moved >>> 63;
                    live |= next[w];
                }
                if (live == 0) {
                    return false;
                }
                closeOverStars(next);
                long[] t = current;
                current = next;
                next = t;
            }
            return (current[m >>> 6] & (1L << (m & 63))) != 0;
        }

        /** {@link #matches} for patterns of at most 63 positions, the usual case, in registers. */
        private boolean matchesInOneWord(String name) {
            long star = stars[0];
            long current = 1L | (1L & star) << 1;
            for (int i = 0; i < name.length(); ) {
                int c = name.codePointAt(i);
                i += Character.charCount(c);
                long next = ((current & mask(c)[0]) << 1) | (current & star);
                if (next == 0) {
                    return false;
                }
                current = next | (next & star) << 1;
            }
            return (current >>> m & 1) != 0;
        }

        /** A star position reached also reaches the next position, without a character. */
        private void closeOverStars(long[] states) {
            long carry = 0;
            for (int w = 0; w < words; w++) {
                long atStar = states[w] & stars[w];
                states[w] |= (atStar << 1) | carry;
                carry = atStar >>> 63;
            }
        }

        private static void set(long[] bits, int j) {
            bits[j >>> 6] |= 1L << (j & 63);
        }

        @Override
        public String toString() {
            return pattern;
        }
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
