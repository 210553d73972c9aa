package io.jinit.cli;

import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.DiagnosisRequest;
import io.jinit.diagnosis.Initialization;
import io.jinit.formats.AtomicFile;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jinit diagnose}: pushes a batch through a deep MLP under several initializers and
 * activations, forward and backward, and shows where signals vanish, explode or die, in a terminal
 * table, an HTML report with charts, and JSON. With no arguments it runs seed 002's experiments.
 *
 * <p>The command holds the options of all five diagnoses, decides which one was asked for, refuses
 * the options of the others, and runs the MLP's itself; {@link WidthSweepDiagnosis},
 * {@link TransformerDiagnosis}, {@link TransformerWidthSweep} ({@code --hf-config} with
 * {@code --width-sweep}) and {@link ResNetDiagnosis} run the others, and
 * {@link DiagnosisOutputs} checks and writes what every one of them writes.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Diagnose initializers on a deep MLP: per layer the pre-activation std (to the input's) and "
                + "the weight-gradient norm (to the last layer's) that the verdicts judge, dead and saturated units "
                + "and symmetry, with a verdict and a recommendation. With no arguments: "
                + "zeros, std=0.01, std=2.0, glorot_normal, he_normal, lecun_normal on 10 layers of 256 units, "
                + "relu, tanh, sigmoid and selu, batch 1024.")
final class DiagnoseCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    // The lists are taken as given, one string per occurrence, and split by ListOption.once:
    // picocli's own split would join a repeated option into one list (--layers 6,5,4 --layers 0,5).
    @Option(names = "--layers", paramLabel = "256,256,...",
            description = "Layer widths, input first (default: 11 x 256, i.e. 10 layers).")
    private List<String> layersGiven;

    @Option(names = "--activation", paramLabel = "relu,tanh,...",
            description = "Activations to compare: linear, relu, leaky_relu, leaky_relu(0.2), elu, elu(0.5), selu, "
                    + "gelu, swish, silu, tanh, sigmoid, softplus, mish (default relu,tanh,sigmoid,selu).")
    private List<String> activationsGiven;

    @Option(names = "--init", paramLabel = "NAME,...",
            description = "Initializers to compare: any name of `jinit list`, with parameters as a call "
                    + "(kaiming_uniform_(a=2.236), variance_scaling(scale=2,mode=fan_out): the keys of sample --set), "
                    + "std=S for N(0, S^2), or lsuv (default zeros,std=0.01,std=2.0,glorot_normal,he_normal,"
                    + "lecun_normal).")
    private List<String> initializersGiven;

    /** Null unless given, so that it can be refused beside --data. */
    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default 1024).")
    private Integer batchGiven;

    private List<Integer> layers;
    private List<String> activations;
    private List<String> initializers;

    @Mixin
    private SeedOption seed;

    @Option(names = "--data", paramLabel = "FILE.npy",
            description = "Input batch (batch x width) instead of standard normals; the batch is its row count.")
    private Path data;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "jinit-report",
            description = "HTML report with PNG charts (default ${DEFAULT-VALUE}/).")
    private Path report;

    @Option(names = "--no-report", description = "Write no HTML report.")
    private boolean noReport;

    @Option(names = "--json", paramLabel = "FILE", description = "The same figures as JSON.")
    private Path json;

    @Option(names = "--width-sweep", paramLabel = "256,512,...",
            description = "muP's coordinate check instead: the same MLP (input 32, 3 hidden layers of width n, "
                    + "output 10) at each width, under the standard parametrization and muP, trained --steps steps; "
                    + "each layer's update size and its slope against width. Takes one --activation, --batch "
                    + "(default 64), --optimizer, --lr, --steps, --seed. With --hf-config: the same check on the "
                    + "config's stack, the first width the base stack's, the heads kept and the head width grown; "
                    + "takes --depth, --sequence (default 16), --batch (default 2), --optimizer, --lr, --steps, "
                    + "--seed.")
    private List<String> widthSweepGiven;

    @Option(names = "--hf-config", paramLabel = "config.json",
            description = "A Hugging Face config (gpt2, llama, mistral, qwen2): its decoder stack, at its depth and "
                    + "width unless --depth and --width scale it down, pushed forward and back under each --init "
                    + "recipe (default: config, the config's own, then normal or gpt2, then torch_default; also "
                    + "deepnorm, t_fixup, mup(base_width=N), which run the stack their scheme trains, or any "
                    + "initializer); the residual stream, attention and gradients by block, and verdicts. Takes "
                    + "--sequence (default 128), --batch (default 4), --seed.")
    private Path hfConfig;

    @Option(names = "--depth", paramLabel = "N", description = "With --hf-config: the number of blocks.")
    private Integer depthGiven;

    @Option(names = "--width", paramLabel = "D", description = "With --hf-config: the width, a multiple of the "
            + "config's head width (the feed-forward width keeps its ratio).")
    private Integer widthGiven;

    @Option(names = "--sequence", paramLabel = "T", description = "With --hf-config: tokens per sequence "
            + "(default 128; 16 with --width-sweep).")
    private Integer sequenceGiven;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "With --width-sweep: the optimizer "
            + "(default adam).")
    private String optimizerGiven;

    @Option(names = "--lr", paramLabel = "RATE", description = "With --width-sweep: the learning rate at the "
            + "smallest width (default 0.01 with adam, 0.1 with sgd; with --hf-config 0.001 and 0.0001).")
    private Double learningRateGiven;

    @Option(names = "--steps", paramLabel = "N", description = "With --width-sweep: training steps (default 1).")
    private Integer stepsGiven;

    @Option(names = "--arch", paramLabel = "resnet18", description = "A convolutional network instead: resnet18 "
            + "(torchvision's, basic blocks) or resnet18-plain (the same without shortcuts); one forward and backward "
            + "pass per --init recipe (default torchvision,torch_default,zero_init_residual; or any initializer of "
            + "the convolutions), with the stream's std, branch-to-skip ratio, zeros and gradient norm per block. "
            + "Takes --width-multiplier, --image, --batch (default 8), --seed.")
    private String archGiven;

    @Option(names = "--width-multiplier", paramLabel = "M", description = "With --arch: the factor on torchvision's "
            + "widths 64, 128, 256, 512 (default 0.25; 1 is resnet18 itself).")
    private Double widthMultiplierGiven;

    @Option(names = "--image", paramLabel = "N", description = "With --arch: the images' height and width "
            + "(default 64; 224 is ImageNet's).")
    private Integer imageGiven;

    @Mixin
    private Threads threads;

    /** Values of --data read at a time, as doubles, before rounding to float32. */
    private static final int DATA_CHUNK = 1 << 16;

    @Override
    public void run() {
        int n = threads.check();
        if (archGiven != null && (widthSweepGiven != null || hfConfig != null)) {
            throw new IllegalArgumentException("--arch, --width-sweep and --hf-config are three diagnoses: give one "
                    + "(or --hf-config with --width-sweep, the coordinate check on the config's stack)");
        }
        if (archGiven != null) {
            runArch(n);
            return;
        }
        if (widthMultiplierGiven != null || imageGiven != null) {
            throw new IllegalArgumentException((widthMultiplierGiven != null ? "--width-multiplier" : "--image")
                    + " goes with --arch: give the network, e.g. --arch resnet18");
        }
        if (widthSweepGiven != null && hfConfig != null) {
            runTransformerWidthSweep(n);
            return;
        }
        if (widthSweepGiven != null) {
            runWidthSweep(n);
            return;
        }
        if (hfConfig != null) {
            runHfConfig(n);
            return;
        }
        if (transformerOption() != null) {
            throw new IllegalArgumentException(transformerOption() + " goes with --hf-config: give the config to "
                    + "diagnose");
        }
        if (optimizerGiven != null || learningRateGiven != null || stepsGiven != null) {
            throw new IllegalArgumentException((optimizerGiven != null ? "--optimizer" : learningRateGiven != null
                    ? "--lr" : "--steps") + " goes with --width-sweep: give the widths to sweep, e.g. --width-sweep "
                    + "256,512,1024");
        }
        layers = widths(ListOption.once("--layers", layersGiven, Diagnoser.DEFAULT_WIDTHS.stream()
                .map(String::valueOf).toList()));
        activations = ListOption.once("--activation", activationsGiven, Diagnoser.DEFAULT_ACTIVATIONS);
        initializers = ListOption.once("--init", initializersGiven, Diagnoser.DEFAULT_INITIALIZERS);
        if (data != null && batchGiven != null) {
            throw new IllegalArgumentException("--batch and --data both set the batch: give one");
        }
        int batch = batchGiven == null ? Diagnoser.DEFAULT_BATCH : batchGiven;
        checkLayers();
        checkActivations();
        checkInitializers();
        DiagnosisOutputs outputs = outputs().check();
        float[] input = null;
        int rows = batch;
        if (data != null) {
            input = loadData(data, layers, initializers.size());
            rows = input.length / layers.get(0);
        } else {
            checkSize("--batch " + batch, batch);
        }
        List<Activation> activationList = activations.stream().map(Activation::of).toList();
        List<Initialization> initializationList = initializers.stream().map(Initialization::parse).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n - 1));
        try {
            Diagnosis diagnosis;
            try {
                diagnosis = Diagnoser.run(new DiagnosisRequest(layers, activationList, initializationList, rows,
                        seed.orElse(Diagnoser.DEFAULT_SEED), input, pool, n));
            } catch (IllegalArgumentException e) {
                // Every other argument was checked above: what is left is an initializer that cannot
                // fill a layer of this shape (dirac_ on a matrix, ...).
                throw new IllegalArgumentException("--init: " + e.getMessage(), e);
            }
            outputs.write(diagnosis, pool, n);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The outputs the command line names, for whichever diagnosis runs to check and write. */
    private DiagnosisOutputs.Requested outputs() {
        // originalArgs holds "diagnose" and its arguments, which the report quotes.
        return new DiagnosisOutputs.Requested(noReport ? null : report, json, data,
                spec.commandLine().getParseResult().originalArgs(), spec.commandLine().getOut());
    }

    /** The first of --depth, --width and --sequence given (options of --hf-config only), or null. */
    private String transformerOption() {
        return depthGiven != null ? "--depth" : widthGiven != null ? "--width" : sequenceGiven != null ? "--sequence"
                : null;
    }

    /** {@code --hf-config}, once no option of another diagnosis is given. */
    private void runHfConfig(int n) {
        String conflicting = layersGiven != null ? "--layers" : data != null ? "--data" : activationsGiven != null
                ? "--activation" : optimizerGiven != null ? "--optimizer" : learningRateGiven != null ? "--lr"
                : stepsGiven != null ? "--steps" : null;
        if (conflicting != null) {
            boolean training = conflicting.equals("--optimizer") || conflicting.equals("--lr")
                    || conflicting.equals("--steps");
            throw new IllegalArgumentException(conflicting + " cannot be given with --hf-config, which diagnoses the "
                    + "config's transformer stack" + (training ? " at initialization; it goes with --width-sweep, "
                    + "e.g. --hf-config " + hfConfig + " --width-sweep 64,128,256" : ""));
        }
        new TransformerDiagnosis(hfConfig, depthGiven, widthGiven, sequenceGiven, batchGiven, initializersGiven,
                seed.orElse(Diagnoser.DEFAULT_SEED), n, outputs()).run();
    }

    /** {@code --hf-config} with {@code --width-sweep}, once no option of another diagnosis is given. */
    private void runTransformerWidthSweep(int n) {
        String conflicting = layersGiven != null ? "--layers" : data != null ? "--data" : activationsGiven != null
                ? "--activation" : initializersGiven != null ? "--init" : null;
        if (conflicting != null) {
            throw new IllegalArgumentException(conflicting + " cannot be given with --hf-config --width-sweep, which "
                    + "runs the config's stack with its own activation under the standard parametrization and muP");
        }
        if (widthGiven != null) {
            throw new IllegalArgumentException("--width cannot be given with --hf-config --width-sweep, whose widths "
                    + "the sweep gives: " + widthGiven);
        }
        new TransformerWidthSweep(hfConfig, widthSweepGiven, depthGiven, sequenceGiven, batchGiven, optimizerGiven,
                learningRateGiven, stepsGiven, seed.orElse(Diagnoser.DEFAULT_SEED), n, outputs()).run();
    }

    /** {@code --width-sweep}, once no option of another diagnosis is given. */
    private void runWidthSweep(int n) {
        String conflicting = layersGiven != null ? "--layers" : initializersGiven != null ? "--init"
                : data != null ? "--data" : transformerOption();
        if (conflicting != null) {
            throw new IllegalArgumentException(conflicting + " cannot be given with --width-sweep, which sets its own "
                    + "network (input 32, 3 hidden layers of width n, output 10) and its two parametrizations");
        }
        new WidthSweepDiagnosis(widthSweepGiven, activationsGiven, optimizerGiven, learningRateGiven, stepsGiven,
                batchGiven, seed.orElse(Diagnoser.DEFAULT_SEED), n, outputs()).run();
    }

    /** {@code --arch}, once no option of another diagnosis is given. */
    private void runArch(int n) {
        String conflicting = layersGiven != null ? "--layers" : data != null ? "--data" : activationsGiven != null
                ? "--activation" : optimizerGiven != null ? "--optimizer" : learningRateGiven != null ? "--lr"
                : stepsGiven != null ? "--steps" : transformerOption();
        if (conflicting != null) {
            throw new IllegalArgumentException(conflicting + " cannot be given with --arch, which sets its own "
                    + "network (a ResNet of ReLUs on standard normal images) and takes no training options");
        }
        new ResNetDiagnosis(archGiven, widthMultiplierGiven, imageGiven, batchGiven, initializersGiven,
                seed.orElse(Diagnoser.DEFAULT_SEED), n, outputs()).run();
    }

    private static List<Integer> widths(List<String> values) {
        List<Integer> widths = new ArrayList<>(values.size());
        for (long w : WholeNumbers.parse("--layers", String.join(",", values))) {
            // beyond int, a width fails the size checks of checkLayers like any other too large one
            widths.add((int) Math.min(w, Integer.MAX_VALUE));
        }
        return widths;
    }

    /** {@code --layers}: an input and at least one layer, each >= 1, each layer's weights one array. */
    private void checkLayers() {
        if (layers.size() < 2) {
            throw new IllegalArgumentException("--layers must give the input width and at least one layer: "
                    + join(layers));
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) < 1) {
                throw new IllegalArgumentException("--layers widths must be >= 1: " + join(layers));
            }
            if (i > 0 && (long) layers.get(i - 1) * layers.get(i) > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("--layers: layer " + i + " has too many weights for one array ("
                        + layers.get(i - 1) + " x " + layers.get(i) + "): " + join(layers));
            }
        }
    }

    /** {@code --activation}: each known, none twice under two spellings ({@code swish}, {@code silu}). */
    private void checkActivations() {
        Map<String, String> seen = new HashMap<>();
        for (String name : activations) {
            Activation a;
            try {
                a = Activation.of(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--activation: " + e.getMessage(), e);
            }
            String earlier = seen.putIfAbsent(a.name(), name);
            if (earlier != null) {
                throw new IllegalArgumentException("--activation lists " + a.name() + " twice"
                        + (earlier.equals(name) ? "" : " (" + earlier + " and " + name + ")") + ": "
                        + String.join(",", activations));
            }
        }
    }

    /** {@code --init}: each known, none twice. */
    private void checkInitializers() {
        Set<String> seen = new HashSet<>();
        for (String name : initializers) {
            try {
                Initialization.parse(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--init: " + e.getMessage(), e);
            }
            if (!seen.add(name.strip())) {
                throw new IllegalArgumentException("--init lists " + name.strip() + " twice: "
                        + String.join(",", initializers));
            }
        }
    }

    /**
     * The batch, {@code --batch} or the rows of {@code --data}: >= 1, one array per layer, and
     * the arrays of a run within the heap, checked before anything is allocated.
     */
    private void checkSize(String what, long rows) {
        if (rows < 1) {
            throw new IllegalArgumentException(what.startsWith("--batch") ? "--batch must be >= 1: " + rows
                    : what + ": no rows");
        }
        int widest = layers.stream().max(Integer::compare).orElseThrow();
        if (rows * widest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + ": " + rows + " rows x " + widest + " units (the widest layer) = "
                    + rows * widest + " values, more than one array holds (" + (Integer.MAX_VALUE - 8) + ")");
        }
        try {
            Diagnoser.checkHeap(layers, (int) rows, initializers.size());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " with --layers " + join(layers) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the first tensor of an .npy/.npz/.safetensors file as a (rows x width) float batch,
     * after checking from its header alone that its shape fits: a header may declare more rows
     * than memory holds, whatever the file's size on disk.
     */
    private float[] loadData(Path file, List<Integer> widths, int initializerCount) {
        int width = widths.get(0);
        try {
            List<TensorInfo> infos = open(file);
            if (infos.isEmpty()) {
                throw new IllegalArgumentException("--data holds no tensor: " + file);
            }
            TensorInfo t = infos.get(0);
            if (t.shape().rank() != 2 || t.shape().dim(1) != width || t.shape().dim(0) < 1) {
                throw new IllegalArgumentException("--data must be a (batch, " + width + ") matrix for --layers "
                        + join(widths) + ": " + t.shape() + " in " + file);
            }
            long rows = t.shape().dim(0);
            checkSize("--data " + file + " of shape " + t.shape(), rows);
            float[] f = new float[(int) (rows * width)];
            double[] chunk = new double[Math.min(f.length, DATA_CHUNK)];
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int from = 0; from < f.length; from += chunk.length) {
                int length = Math.min(chunk.length, f.length - from);
                read(file, t.name(), from, chunk, length);
                for (int i = 0; i < length; i++) {
                    float v = (float) chunk[i];
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("--data must hold finite float32 values: " + chunk[i]
                                + " at row " + (from + i) / width + ", column " + (from + i) % width + " of " + file);
                    }
                    f[from + i] = v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (min == max) {
                throw new IllegalArgumentException("--data must not be constant (its std is the scale of the "
                        + "diagnosis): every value is " + min + " in " + file);
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("--data cannot be read: " + file + " (" + AtomicFile.reason(e) + ")",
                    e);
        }
    }

    /** The tensors of {@code --data}; what the format readers refuse is named as {@code --data}'s. */
    private static List<TensorInfo> open(Path file) throws IOException {
        try {
            return TensorFiles.open(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data cannot be read: " + e.getMessage(), e);
        }
    }

    private static void read(Path file, String name, long from, double[] into, int length) throws IOException {
        try {
            TensorFiles.read(file, name, from, into, 0, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data cannot be read: " + e.getMessage(), e);
        }
    }

    private static String join(List<Integer> widths) {
        StringBuilder s = new StringBuilder();
        for (Integer w : widths) {
            s.append(s.length() == 0 ? "" : ",").append(w);
        }
        return s.toString();
    }
}
