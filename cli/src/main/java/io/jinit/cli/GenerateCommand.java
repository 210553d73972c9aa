package io.jinit.cli;

import io.jinit.ParallelFill;
import io.jinit.facade.Layer;
import io.jinit.facade.LayerWeights;
import io.jinit.facade.Rng;
import io.jinit.facade.WeightInits;
import io.jinit.formats.ArrayTensor;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.ModelSpecReader;
import io.jinit.formats.SpecTensor;
import io.jinit.formats.TensorSource;
import io.jinit.random.Seeds;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        @Option(names = "--layers", required = true, split = ",", paramLabel = "784,128,10",
                description = "Layer sizes, input first.")
        List<Integer> sizes;

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

    @Option(names = "--seed", paramLabel = "N", description = "Seed; drawn and printed to stderr when absent.")
    private Long seed;

    @Option(names = "--dtype", paramLabel = "float32|float64|bfloat16|float16",
            description = "Element type (default float32, or the spec's).")
    private String dtype;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores). Never changes the values.")
    private Integer threads;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = ".safetensors, .npz or .npy")
    private String out;

    @Override
    public void run() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1: " + threads);
        }
        if (dtype != null && !ModelSpec.Parameter.DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("--dtype must be one of " + ModelSpec.Parameter.DTYPES + ": " + dtype);
        }
        long usedSeed = seed != null ? seed : Seeds.draw();
        boolean seedDrawn = seed == null;
        ExecutorService pool = threads == null ? null : Executors.newFixedThreadPool(threads);
        try {
            ParallelFill filler = pool == null ? ParallelFill.common() : ParallelFill.on(pool, threads);
            List<TensorSource> tensors;
            if (model.spec != null) {
                ModelSpec modelSpec = ModelSpecReader.read(model.spec,
                        seed == null ? OptionalLong.empty() : OptionalLong.of(seed));
                usedSeed = modelSpec.seed();
                seedDrawn = modelSpec.seedDrawn();
                tensors = fromSpec(modelSpec, filler);
            } else {
                tensors = fromLayers(usedSeed);
            }
            Path path = TensorOutput.validate(out, tensors.size());
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

    private List<TensorSource> fromSpec(ModelSpec modelSpec, ParallelFill filler) {
        List<TensorSource> tensors = new ArrayList<>();
        for (ModelSpec.Parameter p : modelSpec.parameters()) {
            ModelSpec.Parameter typed = dtype == null ? p
                    : new ModelSpec.Parameter(p.name(), p.shape(), p.initializer(), dtype, p.key());
            tensors.add(new SpecTensor(typed, modelSpec.seed(), filler));
        }
        return tensors;
    }

    private List<TensorSource> fromLayers(long usedSeed) {
        Layers l = model.layers;
        int[] dims = l.sizes.stream().mapToInt(Integer::intValue).toArray();
        Rng rng = parseRng(l.rng);
        WeightInits inits = WeightInits.of(rng);
        LayerWeights weights;
        switch (l.method.toLowerCase(Locale.ROOT)) {
            case "auto":
                weights = inits.smartInit(dims, l.activation, usedSeed);
                break;
            case "he":
                weights = inits.heInit(dims, usedSeed);
                break;
            case "xavier":
                weights = inits.xavierInit(dims, usedSeed);
                break;
            case "lecun":
                weights = inits.seluInit(dims, usedSeed);
                break;
            case "random":
                weights = inits.randomInit(dims, WeightInits.DEFAULT_SCALE, usedSeed);
                break;
            default:
                throw new IllegalArgumentException("--method must be auto, he, xavier, lecun or random: " + l.method);
        }
        DType type = DType.valueOf((dtype == null ? "float32" : dtype).toUpperCase(Locale.ROOT));
        Map<String, String> meta = Map.of("jinit.seed", Long.toString(usedSeed), "jinit.rng", l.rng,
                "jinit.method", l.method, "jinit.activation", l.activation);
        List<TensorSource> tensors = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            Layer layer = weights.layer(i);
            tensors.add(new ArrayTensor("layers." + i + ".weight", layer.weightShape(), type, layer.weights(), meta));
            tensors.add(new ArrayTensor("layers." + i + ".bias", layer.biasShape(), type, layer.biases(), meta));
        }
        return tensors;
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
