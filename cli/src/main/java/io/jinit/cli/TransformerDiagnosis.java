package io.jinit.cli;

import io.jinit.cli.report.Provenance;
import io.jinit.cli.report.TransformerRuns;
import io.jinit.diagnosis.Initialization;
import io.jinit.diagnosis.transformer.ParameterFiller;
import io.jinit.diagnosis.transformer.Transformer;
import io.jinit.diagnosis.transformer.TransformerFigures;
import io.jinit.diagnosis.transformer.TransformerParameters;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import io.jinit.models.hf.HfConfig;
import io.jinit.models.hf.HfFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code jinit diagnose --hf-config}: a Hugging Face config's decoder stack under several
 * initializations. The options are as typed (null when absent), so that their defaults, which
 * depend on the config, and their checks stay with the stack.
 *
 * @param hfConfig {@code --hf-config}
 * @param depthGiven {@code --depth}
 * @param widthGiven {@code --width}
 * @param sequenceGiven {@code --sequence}
 * @param batchGiven {@code --batch}
 * @param initializersGiven {@code --init}
 * @param seed the seed of every recipe and of the tokens
 * @param threads the threads to compute on
 * @param outputs the table's, report's and JSON's destinations, not yet checked
 */
record TransformerDiagnosis(Path hfConfig, Integer depthGiven, Integer widthGiven, Integer sequenceGiven,
        Integer batchGiven, List<String> initializersGiven, long seed, int threads,
        DiagnosisOutputs.Requested outputs) {
    /** Tokens per sequence unless --sequence gives it. */
    private static final int DEFAULT_SEQUENCE = 128;
    /** Sequences unless --batch gives it: 4 x 128 tokens, GPT-2-small in seconds. */
    private static final int DEFAULT_BATCH = 4;

    /** Reads the config, checks the options, runs every recipe and writes what they found. */
    void run() {
        HfConfig config;
        try {
            config = HfConfig.read(hfConfig);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hf-config: " + e.getMessage(), e);
        }
        int sequence = sequenceGiven == null ? DEFAULT_SEQUENCE : sequenceGiven;
        int batch = batchGiven == null ? DEFAULT_BATCH : batchGiven;
        positive("--sequence", sequence);
        positive("--batch", batch);
        if (depthGiven != null) {
            positive("--depth", depthGiven);
        }
        if (widthGiven != null) {
            positive("--width", widthGiven);
        }
        TransformerShape shape;
        try {
            shape = HfTransformerStack.shape(config, depthGiven, widthGiven, sequence, batch);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("--") ? e : new IllegalArgumentException("--hf-config: " + e.getMessage(), e);
        }
        long bytes = HfTransformerStack.bytes(shape);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > 0.6 * heap) {
            throw new IllegalArgumentException("--hf-config " + hfConfig + ": the stack (" + shape.layers() + " blocks of "
                    + "width " + shape.width() + ", vocabulary " + shape.vocabulary() + ") needs about " + (bytes >> 20)
                    + " MiB, more than 60% of the heap (" + (heap >> 20) + " MiB); --depth and --width scale it down, "
                    + "java -Xmx raises the heap");
        }
        List<String> names = ListOption.once("--init", initializersGiven, List.of("config",
                config.family() == HfFamily.GPT2 ? "normal" : "gpt2", "torch_default"));
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name.strip())) {
                throw new IllegalArgumentException("--init lists " + name.strip() + " twice: " + String.join(",", names));
            }
            recipe(config, name, shape, seed);
        }
        DiagnosisOutputs checked = outputs.check();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            List<TransformerRuns.Recipe> recipes = new ArrayList<>();
            for (String name : names) {
                TransformerFigures full = Transformer.run(TransformerParameters.of(shape,
                        recipe(config, name, shape, seed)), seed, pool, threads).figures();
                TransformerFigures half = null;
                if (shape.layers() > 1) {
                    TransformerShape halfShape = shape.withLayers(shape.layers() / 2);
                    half = Transformer.run(TransformerParameters.of(halfShape, recipe(config, name, halfShape, seed)),
                            seed, pool, threads).figures();
                }
                recipes.add(new TransformerRuns.Recipe(name.strip(), describeRecipe(config, name, shape), full,
                        TransformerVerdict.judge(shape, full, half)));
            }
            TransformerRuns runs = new TransformerRuns(hfConfig.toString(), config.family().modelType(), shape, seed,
                    recipes, Provenance.commandLine(List.of("jinit", "generate", "--hf-config", hfConfig.toString(),
                    "--seed", String.valueOf(seed), "--out", "checkpoint/")));
            checked.write(runs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The initialization an {@code --init} entry names for the transformer stack: {@code config}
     * (transformers' own), {@code normal} (every weight N(0, initializer_range)), {@code gpt2} (the
     * same with the residual projections scaled by 1/sqrt(2N)), {@code torch_default}, or any
     * initializer of {@code --init} for the MLPs.
     */
    private static ParameterFiller recipe(HfConfig config, String entry, TransformerShape shape, long runSeed) {
        String name = entry.strip();
        double range = HfTransformerStack.initializerRange(config);
        switch (name) {
            case "config":
                return HfTransformerStack.configRecipe(config, shape, runSeed);
            case "normal":
                return ParameterFiller.normal(range, runSeed);
            case "gpt2":
                return ParameterFiller.gpt2(range, shape.layers(), runSeed);
            case "torch_default":
                return ParameterFiller.torchDefaults(shape, runSeed);
            default:
                Initialization init;
                try {
                    init = Initialization.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--init: " + e.getMessage() + " (or config, normal, gpt2, "
                            + "torch_default)", e);
                }
                if (!(init instanceof Initialization.Drawn drawn)) {
                    throw new IllegalArgumentException("--init " + name + " fits an MLP to its batch; it does not "
                            + "initialize a transformer stack");
                }
                return ParameterFiller.withInitializer(drawn.initializer(), runSeed);
        }
    }

    /** What a recipe does, in words, for the table and the report. */
    private static String describeRecipe(HfConfig config, String entry, TransformerShape shape) {
        double range = HfTransformerStack.initializerRange(config);
        return switch (entry.strip()) {
            case "config" -> "the config's own: " + HfTransformerStack.describeConfigRecipe(config, shape);
            case "normal" -> "N(0, " + range + ") for every weight, as transformers' _init_weights without scaling";
            case "gpt2" -> "N(0, " + range + "), the attention output and feed-forward down projections N(0, " + range
                    + "/sqrt(" + 2 * shape.layers() + ")) (GPT-2)";
            case "torch_default" -> "torch's module defaults: Linear kaiming_uniform_(a=sqrt(5)) and U(+-1/sqrt(fan_in)) "
                    + "biases, Embedding N(0, 1), norms 1 and 0";
            default -> entry.strip() + " for every weight and embedding, biases 0, norms 1";
        };
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1: " + value);
        }
    }
}
