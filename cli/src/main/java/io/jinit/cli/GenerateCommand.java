package io.jinit.cli;

import io.jinit.compat.InitMethod;
import io.jinit.compat.LayerStream;
import io.jinit.compat.NumpyLegacy;
import io.jinit.compat.Rng;
import io.jinit.compat.WeightInits;
import io.jinit.formats.AtomicFile;
import io.jinit.formats.CheckpointPlan;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.ModelSpecReader;
import io.jinit.formats.ModelTemplate;
import io.jinit.formats.TensorSource;
import io.jinit.models.hf.HfCheckpoint;
import io.jinit.models.hf.HfConfig;
import io.jinit.models.hf.ShardPlan;
import io.jinit.models.keras.KerasModel;
import io.jinit.models.keras.KerasRecipe;
import io.jinit.random.Seeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jinit generate}: every parameter of a model, written to one file or a checkpoint directory. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Initialize every parameter of a model (a JSON spec, an MLP given by its layer sizes, a "
                + "Hugging Face config, a Keras model's JSON, or an existing checkpoint as template) and write them "
                + "to FILE.safetensors, FILE.npz or FILE.npy, or a Hugging Face checkpoint directory. Streams "
                + "tensors chunk by chunk, so models larger than memory are fine; each file appears only when "
                + "complete.")
final class GenerateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Model model;

    /** Exactly one of the ways of naming a model. */
    static final class Model {
        @Option(names = "--spec", paramLabel = "model.json", description = "A model spec (docs/model-spec.md).")
        Path spec;

        @ArgGroup(exclusive = false)
        Layers layers;

        @Option(names = "--hf-config", paramLabel = "config.json",
                description = "A Hugging Face config.json (model_type llama, mistral, qwen2, gpt2 or bert): --out is then "
                        + "a directory that receives config.json and model.safetensors, or model-0000i-of-0000N.safetensors and "
                        + "model.safetensors.index.json past --max-shard-size, as transformers' save_pretrained writes them.")
        Path hfConfig;

        @Option(names = "--template", paramLabel = "FILE.safetensors",
                description = "An existing checkpoint whose tensor names, shapes and dtypes are written, initialized "
                        + "by --rules; only its header is read. A sharded checkpoint's model.safetensors.index.json "
                        + "gives the same shard files and an index in the directory --out.")
        Path template;

        @Option(names = "--keras-model", paramLabel = "model.json",
                description = "A Keras 3 model's JSON (model.to_json(), Sequential or Functional): its variables as "
                        + "Keras 3.15 builds them, named by their paths (dense/kernel), each from its layer's own "
                        + "initializer config.")
        Path kerasModel;
    }

    /**
     * The layers of a {@code WeightInits} method, laid out as the seed-000 arrays or as
     * {@code nn.Sequential}'s state dict.
     */
    static final class Layers {
        @Option(names = "--layers", required = true, paramLabel = "784,128,10",
                description = "Layer sizes, input first.")
        String sizes;

        @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
                description = "Activation, for --method auto (default ${DEFAULT-VALUE}).")
        String activation;

        @Option(names = "--method", defaultValue = "auto", paramLabel = "auto|he|xavier|lecun|random",
                converter = MethodSpellings.class,
                description = "auto follows `jinit recommend ACTIVATION` (default ${DEFAULT-VALUE}).")
        Method method;

        @Option(names = "--rng", defaultValue = "philox", paramLabel = "philox|numpy-legacy",
                converter = RngSpellings.class,
                description = "numpy-legacy reproduces np.random.seed(SEED) + randn of the seed-000 Python code "
                        + "bit for bit (default ${DEFAULT-VALUE}).")
        RngName rng;

        @Option(names = "--layout", defaultValue = "keras", paramLabel = "keras|torch",
                converter = LayoutSpellings.class,
                description = "keras: layers.i.weight (fan_in, fan_out) and layers.i.bias (1, fan_out), as the "
                        + "seed-000 arrays. torch: 2i.weight (out, in) and 2i.bias (out), which load_state_dict "
                        + "of nn.Sequential(Linear, activation, Linear, ...) takes as they are; with --rng philox "
                        + "only (default ${DEFAULT-VALUE}).")
        ModelSpec.Layout layout;
    }

    /** The methods {@code --method} names: one of {@code WeightInits}'s, or the one {@code --activation} wants. */
    enum Method {
        /** The method {@code jinit recommend ACTIVATION} gives. */
        AUTO,
        /** He: variance 2 / fan_in. */
        HE,
        /** Xavier: variance 2 / (fan_in + fan_out). */
        XAVIER,
        /** LeCun: variance 1 / fan_in. */
        LECUN,
        /** Normal weights of a fixed standard deviation. */
        RANDOM;

        /** The {@code WeightInits} method this names, {@code recommended} for {@link #AUTO}. */
        InitMethod resolve(InitMethod recommended) {
            return switch (this) {
                case AUTO -> recommended;
                case HE -> InitMethod.HE;
                case XAVIER -> InitMethod.XAVIER;
                case LECUN -> InitMethod.LECUN;
                case RANDOM -> InitMethod.RANDOM;
            };
        }

        /** The spelling on the command line. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads {@code --method}. */
    static final class MethodSpellings extends Spellings<Method> {
        MethodSpellings() {
            super("--method", Method.class);
        }
    }

    /** Reads {@code --rng}. */
    static final class RngSpellings extends Spellings<RngName> {
        RngSpellings() {
            super("--rng", RngName.class);
        }
    }

    /** Reads {@code --layout}. */
    static final class LayoutSpellings extends Spellings<ModelSpec.Layout> {
        LayoutSpellings() {
            super("--layout", ModelSpec.Layout.class);
        }
    }

    /** The streams {@code --rng} names, spelled as on the command line. */
    enum RngName {
        /** Philox4x32-10 under per-tensor keys. */
        PHILOX("philox", Rng.PHILOX),
        /** One NumPy-legacy MT19937 stream through all layers. */
        NUMPY_LEGACY("numpy-legacy", Rng.NUMPY_LEGACY);

        private final String spelling;
        private final Rng rng;

        RngName(String spelling, Rng rng) {
            this.spelling = spelling;
            this.rng = rng;
        }

        /** The spelling on the command line. */
        @Override
        public String toString() {
            return spelling;
        }
    }

    @Mixin
    private SeedOption seed;

    @Option(names = "--dtype", paramLabel = "float32|float64|bfloat16|float16",
            description = "Element type (default float32, or the spec's): replaces the spec's default dtype; a "
                    + "parameter with a dtype of its own must name the same. With --hf-config it replaces the "
                    + "config's dtype, with --keras-model the layers' dtype policies, with --template every "
                    + "tensor's dtype.")
    private String dtype;

    @Mixin
    private Threads threads;

    @Option(names = "--out", paramLabel = "FILE",
            description = ".safetensors, .npz or .npy; a directory with --hf-config or with the --template of a "
                    + "sharded checkpoint's index (required unless --plan)")
    private String out;

    @Option(names = "--plan",
            description = "With --hf-config or a sharded --template: print the checkpoint's layout as JSON (each "
                    + "weight file's number, size and tensors with their byte offsets; the index's and config's sizes and "
                    + "SHA-256) and write nothing. Which tensor goes into which file depends on the model and "
                    + "--max-shard-size only; the offsets also on --seed and --dtype, which the headers record.")
    private boolean plan;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "With --hf-config or a sharded --template: write only weight file I of the plan's N (or a "
                    + "list, 1,4-6/8), with the index and config.json, each byte-identical to a whole run's, so that "
                    + "several machines can write one checkpoint into a shared directory. N must be the plan's count.")
    private String shard;

    @Option(names = "--rules", paramLabel = "rules.json",
            description = "With --template: {\"seed\": N, \"rules\": [...]}, the rules of a model spec that initialize "
                    + "the template's tensors, first match wins; \"initializer\": \"skip\" leaves a tensor out "
                    + "(docs/model-spec.md). With --hf-config: {\"rules\": [...]}, initializers for the tensors they "
                    + "match; the others keep the config's recipe.")
    private Path rules;

    @Option(names = "--max-shard-size", paramLabel = "SIZE",
            description = "With --hf-config: the most bytes of tensor data in one weight file, as transformers' "
                    + "max_shard_size: bytes, or a whole number with KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, "
                    + "TiB (powers of 1024) (default 50GB, save_pretrained's).")
    private String maxShardSize;

    @Override
    public void run() {
        threads.check();
        if (dtype != null && DType.ofWritableName(dtype).isEmpty()) {
            throw new IllegalArgumentException("--dtype must be one of " + DType.writableNames() + ": " + dtype);
        }
        ShardChoice choice = shard == null ? null : ShardChoice.parse(shard);
        if (plan && choice != null) {
            throw new IllegalArgumentException("--shard writes files and --plan writes none; give one of them: --shard "
                    + shard);
        }
        if (!plan && out == null) {
            throw new IllegalArgumentException("--out is required: the file or directory to write (or --plan to print "
                    + "the layout of a checkpoint directory)");
        }
        if (model.hfConfig != null) {
            huggingFace(choice);
            return;
        }
        if (maxShardSize != null) {
            throw new IllegalArgumentException("--max-shard-size needs --hf-config: " + maxShardSize);
        }
        if (rules != null && model.template == null) {
            throw new IllegalArgumentException("--rules needs --template or --hf-config: " + rules);
        }
        ModelTemplate layout = model.template != null ? readTemplate() : null;
        if (layout != null && layout.sharded()) {
            shards(layout, choice);
            return;
        }
        if (plan || choice != null) {
            throw new IllegalArgumentException((plan ? "--plan" : "--shard " + shard) + " needs a checkpoint directory: "
                    + "--hf-config, or the --template of a sharded checkpoint's model.safetensors.index.json");
        }
        ModelSpec modelSpec = model.spec != null ? readSpec() : layout != null ? templateSpec(layout)
                : model.kerasModel != null ? keras() : layers();
        List<TensorSource> tensors;
        try (Threads.Filling filling = threads.open()) {
            tensors = modelSpec.tensors(filling.filler());
            Path path = TensorOutput.validate(out, tensors.size());
            if (model.spec != null) {
                TensorOutput.checkNotInput(path, "--spec", model.spec);
            }
            if (model.template != null) {
                TensorOutput.checkNotInput(path, "--template", model.template);
                TensorOutput.checkNotInput(path, "--rules", rules);
            }
            if (model.kerasModel != null) {
                TensorOutput.checkNotInput(path, "--keras-model", model.kerasModel);
            }
            PrintWriter err = spec.commandLine().getErr();
            long total = tensors.stream().mapToLong(t -> t.shape().size()).sum();
            ProgressBar bar = new ProgressBar(err, total, ProgressBar.stderrIsTerminal());
            List<TensorSource> tracked = new ArrayList<>();
            for (TensorSource t : tensors) {
                tracked.add(new ProgressSource(t, bar));
            }
            TensorOutput.write(path, tracked);
            bar.finish();
        }
        if (modelSpec.seedDrawn()) {
            long usedSeed = modelSpec.seed();
            spec.commandLine().getErr().println("jinit: seed " + usedSeed + " (repeat with --seed " + usedSeed + ")");
        }
    }

    /**
     * {@code --hf-config}: the model transformers builds from the config, written into the
     * directory {@code --out} as {@link HfCheckpoint} lays it out.
     */
    private void huggingFace(ShardChoice choice) {
        long shardSize = maxShardSize == null
                ? ShardPlan.DEFAULT_MAX_SHARD_SIZE
                : ShardPlan.parseSize(maxShardSize, "--max-shard-size");
        HfConfig config;
        try {
            config = HfConfig.read(model.hfConfig);
        } catch (IllegalArgumentException e) {
            throw naming("--hf-config", model.hfConfig, e);
        }
        DType type = (dtype == null ? config.dtype() : DType.ofWritableName(dtype)).orElse(DType.FLOAT32);
        boolean seedDrawn = seed.given() == null;
        long usedSeed = seedDrawn ? Seeds.draw() : seed.given();
        ModelSpec configured = HfCheckpoint.spec(config, usedSeed, seedDrawn, type);
        ModelSpec modelSpec = rules == null ? configured : overridden(configured);
        checkpoint(modelSpec, choice, tensors -> HfCheckpoint.plan(config, type, tensors, shardSize),
                checkpointPlan -> {
                    Path dir = checkpointPlan.checkDirectory(Path.of(out), "--out");
                    if (rules != null) {
                        for (CheckpointPlan.WeightFile w : checkpointPlan.weights()) {
                            TensorOutput.checkNotInput(dir.resolve(w.file()), "--rules", rules);
                        }
                        for (CheckpointPlan.TextFile t : checkpointPlan.texts()) {
                            TensorOutput.checkNotInput(dir.resolve(t.file()), "--rules", rules);
                        }
                    }
                    return dir;
                });
    }

    /**
     * {@code --rules} with {@code --hf-config}: the tensors the rules match take their initializers,
     * the others keep the config's recipe; every problem is reported with {@code --rules}.
     */
    private ModelSpec overridden(ModelSpec configured) {
        try {
            return ModelSpecReader.overriding(configured, rules);
        } catch (IllegalArgumentException e) {
            throw naming("--rules", rules, e);
        }
    }

    /** The spec; every problem with it is reported with {@code --spec} and the file, as typed. */
    private ModelSpec readSpec() {
        try {
            return ModelSpecReader.read(model.spec,
                    seed.given() == null ? OptionalLong.empty() : OptionalLong.of(seed.given()),
                    Optional.ofNullable(dtype));
        } catch (IllegalArgumentException e) {
            throw naming("--spec", model.spec, e);
        }
    }

    /**
     * {@code --template} of an index: its shards and index written into the directory
     * {@code --out}, which may not hold the template's own shards.
     */
    private void shards(ModelTemplate layout, ShardChoice choice) {
        ModelSpec modelSpec = templateSpec(layout);
        checkpoint(modelSpec, choice, layout::plan, checkpointPlan -> {
            Path dir = layout.checkShardDirectory(Path.of(out), "--out");
            checkpointPlan.checkDirectory(dir, "--out");
            Path templateDir = model.template.toAbsolutePath().getParent();
            for (ModelTemplate.Shard shard : layout.shards()) {
                TensorOutput.checkNotInput(dir.resolve(shard.file()), "--template", templateDir.resolve(shard.file()));
            }
            TensorOutput.checkNotInput(dir.resolve(layout.source()), "--template", model.template);
            TensorOutput.checkNotInput(dir.resolve(layout.source()), "--rules", rules);
            return dir;
        });
    }

    /** The files of a checkpoint directory, planned from a spec's tensors. */
    @FunctionalInterface
    private interface Planner {
        CheckpointPlan plan(List<TensorSource> tensors);
    }

    /** Checks {@code --out} against a plan before anything is written; returns the absolute directory. */
    @FunctionalInterface
    private interface DirectoryCheck {
        Path check(CheckpointPlan plan);
    }

    /**
     * A checkpoint directory from a spec's tensors: its plan printed ({@code --plan}), or the
     * files {@code --shard} chooses (all without it) written into {@code --out} with a progress
     * bar, a failure to write reported as bad input naming {@code --out}, and the drawn seed
     * printed.
     */
    private void checkpoint(ModelSpec modelSpec, ShardChoice choice, Planner planner, DirectoryCheck check) {
        try (Threads.Filling filling = threads.open()) {
            CheckpointPlan untracked = planner.plan(modelSpec.tensors(filling.filler()));
            if (plan) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(untracked.json());
                stdout.flush();
            } else {
                Set<Integer> files = new TreeSet<>();
                if (choice == null) {
                    for (int i = 1; i <= untracked.weights().size(); i++) {
                        files.add(i);
                    }
                } else {
                    choice.check(untracked.weights().size());
                    files.addAll(choice.files());
                }
                Path dir = check.check(untracked);
                long total = 0;
                for (int i : files) {
                    total += untracked.weights().get(i - 1).elements();
                }
                ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), total, ProgressBar.stderrIsTerminal());
                List<TensorSource> tracked = new ArrayList<>();
                for (TensorSource t : modelSpec.tensors(filling.filler())) {
                    tracked.add(new ProgressSource(t, bar));
                }
                try {
                    planner.plan(tracked).write(dir, files);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--out cannot be written: " + out + " (" + AtomicFile.reason(e)
                            + ")", e);
                } catch (UncheckedIOException e) {
                    throw new IllegalArgumentException("--out cannot be written: " + out + " ("
                            + AtomicFile.reason(e.getCause()) + ")", e);
                }
                bar.finish();
            }
        }
        if (modelSpec.seedDrawn()) {
            long usedSeed = modelSpec.seed();
            spec.commandLine().getErr().println("jinit: seed " + usedSeed + " (repeat with --seed " + usedSeed + ")");
        }
    }

    /**
     * The checkpoint or index {@code --template} names; its problems are reported with
     * {@code --template} and its path, as typed.
     */
    private ModelTemplate readTemplate() {
        try {
            return ModelTemplate.read(model.template);
        } catch (IllegalArgumentException e) {
            throw naming("--template", model.template, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--template cannot be read: " + model.template + " ("
                    + AtomicFile.reason(e) + ")", e);
        }
    }

    /** The template initialized by {@code --rules}; problems with the rules are reported with {@code --rules}. */
    private ModelSpec templateSpec(ModelTemplate layout) {
        if (rules == null) {
            throw new IllegalArgumentException("--template needs --rules FILE, the rules that initialize its tensors: "
                    + model.template);
        }
        try {
            return layout.spec(rules, seed.given() == null ? OptionalLong.empty() : OptionalLong.of(seed.given()),
                    dtype == null ? Optional.empty() : DType.ofWritableName(dtype));
        } catch (IllegalArgumentException e) {
            throw naming("--rules", rules, e);
        }
    }

    /**
     * {@code --keras-model}: the variables Keras builds for the model's JSON; every problem with it
     * is reported with {@code --keras-model} and the file, as typed.
     */
    private ModelSpec keras() {
        boolean seedDrawn = seed.given() == null;
        long usedSeed = seedDrawn ? Seeds.draw() : seed.given();
        try {
            return KerasRecipe.spec(KerasModel.read(model.kerasModel), usedSeed, seedDrawn,
                    dtype == null ? Optional.empty() : DType.ofWritableName(dtype));
        } catch (IllegalArgumentException e) {
            throw naming("--keras-model", model.kerasModel, e);
        }
    }

    /**
     * The {@code WeightInits} layers as a model spec: each chunk is computed when the writer asks for it,
     * so {@code --layers 40000,40000} (6.4 GB as float32) runs in the memory of a few chunks.
     */
    private ModelSpec layers() {
        Layers l = model.layers;
        if (l.layout == ModelSpec.Layout.TORCH && l.rng == RngName.NUMPY_LEGACY) {
            // The seed-000 arrays are drawn (fan_in, fan_out) in one stream: written (out, in)
            // row by row, each weight would have to be held whole or its draws read once per row block.
            throw new IllegalArgumentException("--layout torch cannot be used with --rng numpy-legacy, whose one stream "
                    + "gives the seed-000 (fan_in, fan_out) arrays: use --layout keras or --rng philox");
        }
        int[] dims = layerSizes(l.sizes);
        boolean seedDrawn = seed.given() == null;
        long usedSeed = seedDrawn ? Seeds.draw() : seed.given();
        if (l.rng == RngName.NUMPY_LEGACY && (usedSeed < 0 || usedSeed > NumpyLegacy.MAX_SEED)) {
            throw new IllegalArgumentException("--seed must be between 0 and 2**32 - 1 with --rng numpy-legacy "
                    + "(np.random.seed's range): " + usedSeed);
        }
        // Checked whatever the method: a mistyped activation is an error even where --method
        // makes no use of it.
        InitMethod method = l.method.resolve(recommended(l.activation));
        DType type = DType.ofWritableName(dtype == null ? "float32" : dtype).orElseThrow();
        LayerStream stream = WeightInits.of(l.rng.rng).stream(method, dims, usedSeed);
        return ModelSpec.ofLayers(stream, l.layout, type, seedDrawn);
    }

    /** The sizes of {@code --layers}, checked with the option's name and the values as typed. */
    private static int[] layerSizes(String typed) {
        long[] sizes = WholeNumbers.parse("--layers", typed);
        if (sizes.length < 2) {
            throw new IllegalArgumentException("--layers must hold at least 2 sizes (input and output): " + typed);
        }
        int[] dims = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0 || sizes[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--layers sizes must be between 1 and " + Integer.MAX_VALUE + ": "
                        + typed);
            }
            dims[i] = (int) sizes[i];
        }
        return dims;
    }

    private static InitMethod recommended(String activation) {
        if (!WeightInits.activations().contains(activation.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--activation must be one of "
                    + String.join(", ", WeightInits.activations()) + ": " + activation);
        }
        return WeightInits.recommend(activation).method();
    }

    /**
     * A problem with an input file, reported with its option: a reader's message that already
     * names the file (starting or ending with the path, as typed) gets the option before it,
     * another gets the option and the path.
     */
    private static IllegalArgumentException naming(String option, Path file, IllegalArgumentException e) {
        String message = e.getMessage();
        String typed = file.toString();
        boolean namesFile = message != null && (message.startsWith(typed + ":") || message.startsWith(typed + " ")
                || message.endsWith(": " + typed));
        return new IllegalArgumentException((namesFile ? option + ": " : option + " " + typed + ": ") + message, e);
    }
}
