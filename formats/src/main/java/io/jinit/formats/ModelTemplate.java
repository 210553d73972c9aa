package io.jinit.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The layout of an existing checkpoint, "like this file": the names, shapes and dtypes of its
 * tensors, in its data order, and its metadata, read from its headers alone (a
 * {@code .safetensors} header is at most 100 MB, however large the data; the data is never read).
 * {@link #spec} initializes them by the rules of a rules file (docs/model-spec.md, "A checkpoint as
 * template"):
 * <pre>{@code
 * {
 *   "seed": 2024,
 *   "rules": [
 *     {"pattern": "*.num_batches_tracked", "initializer": "skip"},
 *     {"pattern": "*norm*.weight", "initializer": "ones"},
 *     {"pattern": "*norm*.bias", "initializer": "zeros"},
 *     {"pattern": "*.bias", "initializer": "torch_linear_bias"},
 *     {"pattern": "*", "initializer": "normal_", "config": {"std": 0.02}}
 *   ]
 * }
 * }</pre>
 * Each tensor takes the first rule whose pattern matches its name, as a spec's parameters do
 * ({@link ModelSpecReader}); a tensor no rule matches is an error naming it. The rule
 * {@value #SKIP} leaves a tensor out of the output. jinit writes floating-point tensors only
 * ({@link DType#isWritable}), so a tensor of another dtype (the {@code int64}
 * {@code num_batches_tracked} of a BatchNorm, the {@code position_ids} buffer of older
 * transformers checkpoints, a {@code bool} mask) must be matched by a {@value #SKIP} rule, and any
 * other rule matching it first is an error naming it: PyTorch's BatchNorm takes a missing
 * {@code num_batches_tracked} as 0 in {@code load_state_dict(strict=True)}, and transformers
 * builds those buffers itself.
 *
 * <p>A sharded checkpoint is given by its index, {@code model.safetensors.index.json}: its
 * {@code weight_map} names the shard of every tensor, and {@link #plan} gives the same shard
 * files and an index beside them.
 *
 * @param source the template's file name, recorded as {@code jinit.template}: the checkpoint's,
 *     or its index's
 * @param tensors the tensors, in data order (of each shard in turn, shards in the order of their
 *     file names)
 * @param metadata the template's {@code __metadata__}, in its order (the first shard's); empty
 *     for {@code .npy} and {@code .npz}
 * @param shards the weight files of a sharded checkpoint, in the order of their names; empty for
 *     a checkpoint of one file
 * @since 0.1
 */
public record ModelTemplate(String source, List<TensorInfo> tensors, Map<String, String> metadata,
        List<Shard> shards) {
    /** The initializer a rule names to leave the tensors it matches out of the output. */
    public static final String SKIP = "skip";

    private static final Set<String> TOP_KEYS = Set.of("seed", "rules");

    /**
     * One weight file of a sharded checkpoint.
     *
     * @param file its name, in the index's directory
     * @param tensors the names of its tensors, in data order
     */
    public record Shard(String file, List<String> tensors) {
        /**
         * Copies the names.
         *
         * @param file its name, in the index's directory
         * @param tensors the names of its tensors, in data order
         */
        public Shard {
            if (file == null || tensors == null) {
                throw new IllegalArgumentException("file and tensors must not be null: " + file);
            }
            tensors = List.copyOf(tensors);
        }
    }

    /**
     * Copies the lists and the metadata, in their order.
     *
     * @param source the template's file name, recorded as {@code jinit.template}
     * @param tensors the tensors, in data order
     * @param metadata the template's {@code __metadata__}, in its order
     * @param shards the weight files of a sharded checkpoint; empty for one file
     */
    public ModelTemplate {
        if (source == null || tensors == null || metadata == null || shards == null) {
            throw new IllegalArgumentException("source, tensors, metadata and shards must not be null: " + source);
        }
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        shards = List.copyOf(shards);
    }

    /**
     * Whether the template is a sharded checkpoint, read from its index.
     *
     * @return whether it has shards
     */
    public boolean sharded() {
        return !shards.isEmpty();
    }

    /**
     * Reads a checkpoint's headers: a {@code .safetensors} file (its 8-byte length and JSON
     * header, checked as {@link TensorFiles} checks every file it opens), or a {@code .npz} or
     * {@code .npy} file (their array headers); or a sharded checkpoint's index
     * ({@code model.safetensors.index.json}, a JSON object whose {@code weight_map} maps every
     * tensor name to a shard file in the index's directory) and the headers of its shards, each of
     * which must hold exactly the tensors the map gives it. The format is recognised by content.
     *
     * @param file the checkpoint, or its index
     * @return its layout
     * @throws IllegalArgumentException naming the file if it is missing, not a tensor file or an
     *     index, its header is malformed or names a dtype jinit does not know, or an index and its
     *     shards disagree
     * @throws IOException if reading fails
     */
    public static ModelTemplate read(Path file) throws IOException {
        if (isJson(file)) {
            return readIndex(file);
        }
        try (OpenTensorFile opened = OpenTensorFile.open(file)) {
            List<TensorInfo> tensors = new ArrayList<>();
            for (OpenTensorFile.Stored t : opened.tensors()) {
                tensors.add(t.info());
            }
            return new ModelTemplate(String.valueOf(file.getFileName()), tensors, opened.metadata(), List.of());
        }
    }

    /** An index and its shards' headers; shards are read in the order of their names. */
    private static ModelTemplate readIndex(Path index) throws IOException {
        String where = index.toString();
        Object parsed = Json.parse(where, ModelSpecReader.text(index, "index file"));
        if (!(parsed instanceof Map<?, ?> top) || !(top.get(ShardIndex.WEIGHT_MAP) instanceof Map<?, ?> weightMap)) {
            throw new IllegalArgumentException(where + " is JSON but not a sharded checkpoint's index, an object"
                    + " whose \"" + ShardIndex.WEIGHT_MAP + "\" maps tensor names to shard files");
        }
        Map<String, String> shardOf = new HashMap<>();
        TreeSet<String> files = new TreeSet<>();
        for (Map.Entry<?, ?> e : weightMap.entrySet()) {
            String name = (String) e.getKey();
            if (!(e.getValue() instanceof String file) || !isFileName(file)) {
                throw new IllegalArgumentException(where + ": " + ShardIndex.WEIGHT_MAP + " gives tensor "
                        + TensorFiles.printable(abbreviate(name)) + " a shard that is not a file name beside the"
                        + " index: " + TensorFiles.printable(abbreviate(Json.write(e.getValue()))));
            }
            shardOf.put(name, file);
            files.add(file);
        }
        List<TensorInfo> tensors = new ArrayList<>();
        List<Shard> shards = new ArrayList<>();
        Map<String, String> metadata = null;
        for (String file : files) {
            try (OpenTensorFile opened = OpenTensorFile.open(index.resolveSibling(file))) {
                List<String> names = new ArrayList<>();
                for (OpenTensorFile.Stored t : opened.tensors()) {
                    String name = t.info().name();
                    String mapped = shardOf.get(name);
                    if (!file.equals(mapped)) {
                        throw new IllegalArgumentException(where + ": shard " + TensorFiles.printable(file)
                                + " holds tensor " + TensorFiles.printable(abbreviate(name)) + ", which "
                                + ShardIndex.WEIGHT_MAP + (mapped == null ? " does not list"
                                        : " gives to " + TensorFiles.printable(mapped)));
                    }
                    tensors.add(t.info());
                    names.add(name);
                }
                shards.add(new Shard(file, names));
                if (metadata == null) {
                    metadata = opened.metadata();
                }
            }
        }
        if (tensors.size() != shardOf.size()) {
            Set<String> found = new HashSet<>();
            tensors.forEach(t -> found.add(t.name()));
            String missing = shardOf.keySet().stream().filter(n -> !found.contains(n)).sorted().findFirst()
                    .orElseThrow();
            throw new IllegalArgumentException(where + ": " + ShardIndex.WEIGHT_MAP + " gives tensor "
                    + TensorFiles.printable(abbreviate(missing)) + " to shard "
                    + TensorFiles.printable(shardOf.get(missing)) + ", which does not hold it");
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException(where + ": " + ShardIndex.WEIGHT_MAP + " lists no tensor");
        }
        return new ModelTemplate(String.valueOf(index.getFileName()), tensors, metadata, shards);
    }

    /** A name of a file in the same directory: no separator, not {@code .} or {@code ..}. */
    private static boolean isFileName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                && s.indexOf('\0') < 0;
    }

    /**
     * Whether the file starts as a JSON object does: {@code '{'} and, in bytes 4 to 7, something
     * other than the zeros of a safetensors header length, which is below 2<sup>32</sup>.
     */
    private static boolean isJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(8);
        }
        return start.length == 8 && start[0] == '{' && (start[4] | start[5] | start[6] | start[7]) != 0;
    }

    /**
     * The template initialized by the rules of a rules file ({@link #spec(String, OptionalLong,
     * Optional)}), read as a spec file is: at most {@link ModelSpecReader#MAX_BYTES}, UTF-8.
     *
     * @param rulesFile the rules file
     * @param runSeed the run's seed, as {@link ModelSpecReader#read(Path, OptionalLong)}
     * @param runDtype the dtype of every written tensor; empty for the template's own
     * @return the spec
     * @throws IllegalArgumentException if the file cannot be read, or as
     *     {@link #spec(String, OptionalLong, Optional)}
     */
    public ModelSpec spec(Path rulesFile, OptionalLong runSeed, Optional<DType> runDtype) {
        return spec(ModelSpecReader.text(rulesFile, "rules file"), runSeed, runDtype);
    }

    /**
     * The template initialized by rules: a JSON object of {@code "rules"} (as a spec's, with
     * {@value #SKIP} besides the initializers) and an optional {@code "seed"} (as a spec's). Each
     * tensor the first matching rule does not skip becomes a parameter of the same name and shape,
     * of the template's dtype or {@code runDtype}, initialized by that rule as a spec parameter
     * without initializer is (its values under {@code RandomKey.of(seed).derive(name)},
     * {@code torch_linear_bias} without {@code fan_in} taking the fan_in of the tensor named with
     * {@code weight} for its last {@code bias}).
     *
     * <p>The spec's metadata, written after {@code jinit.seed}: {@code "jinit.template"}, the
     * template's file name, then the template's own {@code __metadata__} entries in their order but
     * for {@code format} (a written file says {@code pt}) and the {@code jinit.*} entries of a
     * template jinit wrote (its seed and initializers are not this file's).
     *
     * @param rulesJson the rules
     * @param runSeed the run's seed, as {@link ModelSpecReader#parse(String, OptionalLong)}
     * @param runDtype the dtype of every written tensor; empty for the template's own
     * @return the spec, tensors in the template's order
     * @throws IllegalArgumentException if the rules are not valid, a tensor matches no rule, a
     *     tensor jinit cannot write is matched by a rule other than {@value #SKIP}, or as
     *     {@link ModelSpecReader#parse(String, OptionalLong, Optional)}
     */
    public ModelSpec spec(String rulesJson, OptionalLong runSeed, Optional<DType> runDtype) {
        if (runDtype == null || runDtype.filter(d -> !d.isWritable()).isPresent()) {
            throw new IllegalArgumentException("runDtype must be empty or one of " + DType.writableNames() + ": "
                    + runDtype);
        }
        Object parsed = Json.parse("rules", rulesJson);
        if (!(parsed instanceof Map<?, ?> top)) {
            throw new IllegalArgumentException("rules file must hold a JSON object of \"rules\" and an optional "
                    + "\"seed\": " + abbreviate(Json.write(parsed)));
        }
        for (Object key : top.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key in rules file (it holds \"rules\" and an optional "
                        + "\"seed\"; names, shapes and dtypes come from the template): " + key);
            }
        }
        if (!(top.get("rules") instanceof List<?> rules)) {
            throw new IllegalArgumentException("rules must be a JSON array: "
                    + abbreviate(Json.write(top.get("rules"))));
        }
        List<ModelSpecReader.Glob> patterns = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!(rules.get(i) instanceof Map<?, ?> rule) || !(rule.get("pattern") instanceof String pattern)) {
                throw new IllegalArgumentException("rule " + i + " must be a JSON object with a string pattern: "
                        + abbreviate(Json.write(rules.get(i))));
            }
            patterns.add(new ModelSpecReader.Glob(pattern));
        }
        List<Object> parameters = new ArrayList<>();
        long work = 0;
        for (TensorInfo t : tensors) {
            int match = -1;
            for (int i = 0; i < patterns.size() && match < 0; i++) {
                ModelSpecReader.Glob glob = patterns.get(i);
                boolean fits = glob.anchorsFit(t.name());
                work += fits ? glob.cost(t.name()) : glob.anchorCost();
                if (work > ModelSpecReader.MAX_RULE_WORK) {
                    throw new IllegalArgumentException("rules take more than " + ModelSpecReader.MAX_RULE_WORK
                            + " steps to match (tensors times rules tried times name length): use fewer rules; "
                            + "stopped at tensor " + TensorFiles.printable(t.name()));
                }
                if (fits && glob.matches(t.name())) {
                    match = i;
                }
            }
            if (match < 0) {
                throw new IllegalArgumentException("no rule matches tensor " + describe(t) + ": add a rule for it"
                        + (t.dtype().isWritable() ? "" : ", such as " + skipRule(t)));
            }
            Map<?, ?> rule = (Map<?, ?>) rules.get(match);
            Object initializer = rule.get("initializer");
            if (SKIP.equals(initializer)) {
                continue;
            }
            if (!t.dtype().isWritable()) {
                throw new IllegalArgumentException("tensor " + describe(t) + " is matched by rule "
                        + TensorFiles.printable(patterns.get(match).toString()) + ", but jinit writes "
                        + DType.writableNames() + " only: put " + skipRule(t) + " before it to leave it out");
            }
            parameters.add(parameter(t, initializer, rule.get("config"), runDtype.orElse(t.dtype())));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        if (top.containsKey("seed")) {
            spec.put("seed", top.get("seed"));
        }
        spec.put("parameters", parameters);
        // Every parameter names its rule's initializer; the rules are read for their checks only.
        spec.put("rules", rules);
        ModelSpec initialized = ModelSpecReader.parse(spec, runSeed, Optional.empty());
        return new ModelSpec(initialized.seed(), initialized.seedDrawn(), initialized.parameters(), recorded());
    }

    /**
     * Checks, before anything is written, that {@link #writeShards} can write into a directory:
     * it is a directory or does not exist, and each shard file and the index can be written there.
     *
     * @param dir the directory
     * @param option what messages call it ({@code --out})
     * @return the absolute directory
     * @throws IllegalArgumentException naming the option and the path if a file cannot be written
     */
    public Path checkShardDirectory(Path dir, String option) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " must be a directory for the shards of " + source
                    + ", and is a file: " + dir);
        }
        if (Files.isDirectory(absolute)) {
            for (Shard shard : shards) {
                AtomicFile.checkDestination(absolute.resolve(shard.file()), option);
            }
            AtomicFile.checkDestination(absolute.resolve(source), option);
        }
        return absolute;
    }

    /**
     * Writes tensors in this sharded template's layout into a directory, created where it does not
     * exist: the files of {@link #plan}. A write that fails part way removes the files and
     * directories it created.
     *
     * @param dir the directory, checked by {@link #checkShardDirectory}
     * @param tensors the tensors, named as the template's
     * @throws IllegalArgumentException if the template is not sharded or a tensor is not the
     *     template's
     * @throws IOException if a file cannot be written
     */
    public void writeShards(Path dir, List<? extends TensorSource> tensors) throws IOException {
        CheckpointPlan plan = plan(tensors);
        plan.write(checkShardDirectory(dir, "dir"));
    }

    /**
     * The files of tensors in this sharded template's layout: each shard's tensors (those of
     * {@code tensors} that it holds, in the given order) in a file of the shard's name, a shard
     * without any left out, then the index under the template's index name, as transformers 5.18
     * writes it ({@code json.dumps(index, indent=2, sort_keys=True)} of {@code {"metadata":
     * {"total_parameters", "total_size"}, "weight_map"}}, the totals those of the written
     * tensors).
     *
     * @param tensors the tensors, named as the template's
     * @return the plan
     * @throws IllegalArgumentException if the template is not sharded or a tensor is not the
     *     template's
     */
    public CheckpointPlan plan(List<? extends TensorSource> tensors) {
        if (!sharded()) {
            throw new IllegalArgumentException("template is one file, not sharded: " + source);
        }
        Map<String, TensorSource> byName = new HashMap<>();
        for (TensorSource t : tensors) {
            byName.put(t.name(), t);
        }
        Map<String, String> weightMap = new TreeMap<>();
        List<CheckpointPlan.WeightFile> files = new ArrayList<>();
        for (Shard shard : shards) {
            List<TensorSource> part = new ArrayList<>();
            for (String name : shard.tensors()) {
                TensorSource t = byName.remove(name);
                if (t != null) {
                    part.add(t);
                    weightMap.put(name, shard.file());
                }
            }
            if (!part.isEmpty()) {
                files.add(new CheckpointPlan.WeightFile(shard.file(), part));
            }
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException("tensor is not one of the template's: "
                    + TensorFiles.printable(byName.keySet().iterator().next()));
        }
        return new CheckpointPlan(files, List.of(new CheckpointPlan.TextFile(source, indexJson(tensors, weightMap))));
    }

    /** The index of the written tensors, in the text of Python's {@code json.dumps(indent=2, sort_keys=True)}. */
    private static String indexJson(List<? extends TensorSource> tensors, Map<String, String> weightMap) {
        long totalSize = 0;
        long totalParameters = 0;
        for (TensorSource t : tensors) {
            totalParameters += t.shape().size();
            totalSize += t.shape().size() * t.dtype().byteSize();
        }
        return ShardIndex.text(weightMap, totalParameters, totalSize);
    }

    /** A spec parameter: the tensor's name, shape and dtype, with its rule's initializer and config. */
    private static Map<String, Object> parameter(TensorInfo t, Object initializer, Object config, DType dtype) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", t.name());
        List<Long> dims = new ArrayList<>();
        for (long d : t.shape().toArray()) {
            dims.add(d);
        }
        p.put("shape", dims);
        p.put("dtype", dtype.lowerCaseName());
        p.put("initializer", initializer);
        if (config != null) {
            p.put("config", config);
        }
        return p;
    }

    /** {@code jinit.template} and the template's entries but its {@code format} and {@code jinit.*}. */
    private Map<String, String> recorded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jinit.template", source);
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!e.getKey().equals("format") && !e.getKey().startsWith("jinit.")) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    private static String describe(TensorInfo t) {
        return TensorFiles.printable(abbreviate(t.name())) + " (" + t.dtype().lowerCaseName() + " " + t.shape() + ")";
    }

    private static String skipRule(TensorInfo t) {
        return "{\"pattern\": " + TensorFiles.printable(abbreviate(Json.write(t.name()))) + ", \"initializer\": \""
                + SKIP + "\"}";
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
