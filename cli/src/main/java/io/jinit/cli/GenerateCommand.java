package io.jinit.cli;

import io.jinit.ParallelFill;
import io.jinit.compat.InitMethod;
import io.jinit.compat.LayerStream;
import io.jinit.compat.Rng;
import io.jinit.compat.WeightInits;
import io.jinit.formats.DType;
import io.jinit.formats.LayerTensor;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.ModelSpecReader;
import io.jinit.formats.SpecTensor;
import io.jinit.formats.TensorSource;
import io.jinit.compat.NumpyLegacy;
import io.jinit.random.Seeds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jinit generate}: every parameter of a model, written to one file. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Initialize every parameter of a model (a JSON spec, or an MLP given by its layer sizes) and "
                + "write them to FILE.safetensors, FILE.npz or FILE.npy. Streams tensors chunk by chunk, so models "
                + "larger than memory are fine; the file appears only when complete.")
final class GenerateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Model model;

    /** Exactly one of the two ways of naming a model. */
    static final class Model {
        @Option(names = "--spec", paramLabel = "model.json", description = "A model spec (docs/model-spec.md).")
        Path spec;

        @ArgGroup(exclusive = false)
        Layers layers;
    }

    /** The seed-000 layer facade: weights (fan_in, fan_out) and biases (1, fan_out) per layer. */
    static final class Layers {
        @Option(names = "--layers", required = true, paramLabel = "784,128,10",
                description = "Layer sizes, input first.")
        String sizes;

        @Option(names = "--activation", defaultValue = "relu", paramLabel = "NAME",
                description = "Activation, for --method auto (default ${DEFAULT-VALUE}).")
        String activation;

        @Option(names = "--method", defaultValue = "auto", paramLabel = "auto|he|xavier|lecun|random",
                description = "auto follows `jinit recommend ACTIVATION` (default ${DEFAULT-VALUE}).")
        String method;

        @Option(names = "--rng", defaultValue = "philox", paramLabel = "philox|numpy-legacy",
                description = "numpy-legacy reproduces np.random.seed(SEED) + randn of the seed-000 Python code "
                        + "bit for bit (default ${DEFAULT-VALUE}).")
        String rng;
    }

    @Option(names = "--seed", paramLabel = "N", description = "The run's seed; drawn and printed to stderr when "
            + "neither it nor the spec gives one. A spec's own seed must agree with it.")
    private Long seed;

    @Option(names = "--dtype", paramLabel = "float32|float64|bfloat16|float16",
            description = "Element type (default float32, or the spec's): replaces the spec's default dtype; a "
                    + "parameter with a dtype of its own must name the same.")
    private String dtype;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores). Never changes the values.")
    private Integer threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = ".safetensors, .npz or .npy")
    private String out;

    @Override
    public void run() {
        Threads.check(threads);
        if (dtype != null && !ModelSpec.Parameter.DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("--dtype must be one of " + ModelSpec.Parameter.DTYPES + ": " + dtype);
        }
        ExecutorService pool = threads == null ? null : Executors.newFixedThreadPool(threads);
        long usedSeed;
        boolean seedDrawn;
        try {
            ParallelFill filler = pool == null ? ParallelFill.common() : ParallelFill.on(pool, threads);
            List<TensorSource> tensors;
            if (model.spec != null) {
                ModelSpec modelSpec = readSpec();
                usedSeed = modelSpec.seed();
                seedDrawn = modelSpec.seedDrawn();
                tensors = fromSpec(modelSpec, filler);
            } else {
                seedDrawn = seed == null;
                usedSeed = seedDrawn ? Seeds.draw() : seed;
                tensors = fromLayers(usedSeed, filler);
            }
            Path path = TensorOutput.validate(out, tensors.size());
            if (model.spec != null) {
                TensorOutput.checkNotInput(path, "--spec", model.spec);
            }
            long total = tensors.stream().mapToLong(t -> t.shape().size()).sum();
            PrintWriter err = spec.commandLine().getErr();
            ProgressBar bar = new ProgressBar(err, total, ProgressBar.stderrIsTerminal());
            List<TensorSource> tracked = new ArrayList<>();
            for (TensorSource t : tensors) {
                tracked.add(new ProgressSource(t, bar));
            }
            TensorOutput.write(path, tracked);
            bar.finish();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (seedDrawn) {
            spec.commandLine().getErr().println("jinit: seed " + usedSeed + " (repeat with --seed " + usedSeed + ")");
        }
    }

    /** The spec; every problem with it is reported with {@code --spec} and the file, as typed. */
    private ModelSpec readSpec() {
        try {
            return ModelSpecReader.read(model.spec, seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
                    Optional.ofNullable(dtype));
        } catch (IllegalArgumentException e) {
            // File-level messages already end with the path; content messages get it here.
            String message = e.getMessage();
            boolean namesFile = message != null && message.endsWith(": " + model.spec);
            String where = namesFile ? "--spec: " : "--spec " + model.spec + ": ";
            throw new IllegalArgumentException(where + message, e);
        }
    }

    private List<TensorSource> fromSpec(ModelSpec modelSpec, ParallelFill filler) {
        List<TensorSource> tensors = new ArrayList<>();
        for (ModelSpec.Parameter p : modelSpec.parameters()) {
            tensors.add(new SpecTensor(p, modelSpec.seed(), filler));
        }
        return tensors;
    }

    /**
     * The facade's layers as streamed tensors: each chunk is computed when the writer asks for it,
     * so {@code --layers 40000,40000} (6.4 GB as float32) runs in the memory of a few chunks.
     */
    private List<TensorSource> fromLayers(long usedSeed, ParallelFill filler) {
        Layers l = model.layers;
        int[] dims = layerSizes(l.sizes);
        Rng rng = parseRng(l.rng);
        if (rng == Rng.NUMPY_LEGACY && (usedSeed < 0 || usedSeed > NumpyLegacy.MAX_SEED)) {
            throw new IllegalArgumentException("--seed must be between 0 and 2**32 - 1 with --rng numpy-legacy "
                    + "(np.random.seed's range): " + usedSeed);
        }
        // Checked whatever the method: a mistyped activation is an error even where --method
        // makes no use of it.
        InitMethod auto = recommended(l.activation);
        InitMethod method;
        switch (l.method.toLowerCase(Locale.ROOT)) {
            case "auto":
                method = auto;
                break;
            case "he":
                method = InitMethod.HE;
                break;
            case "xavier":
                method = InitMethod.XAVIER;
                break;
            case "lecun":
                method = InitMethod.LECUN;
                break;
            case "random":
                method = InitMethod.RANDOM;
                break;
            default:
                throw new IllegalArgumentException("--method must be auto, he, xavier, lecun or random: " + l.method);
        }
        DType type = DType.valueOf((dtype == null ? "float32" : dtype).toUpperCase(Locale.ROOT));
        LayerStream stream = WeightInits.of(rng).stream(method, dims, WeightInits.DEFAULT_SCALE, usedSeed);
        return LayerTensor.of(stream, type, filler);
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

    private static Rng parseRng(String rng) {
        switch (rng) {
            case "philox":
                return Rng.PHILOX;
            case "numpy-legacy":
                return Rng.NUMPY_LEGACY;
            default:
                throw new IllegalArgumentException("--rng must be philox or numpy-legacy: " + rng);
        }
    }
}
