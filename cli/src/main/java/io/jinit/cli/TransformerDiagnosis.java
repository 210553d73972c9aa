package io.jinit.cli;

import io.jinit.cli.report.Provenance;
import io.jinit.cli.report.TransformerRuns;
import io.jinit.diagnosis.Initialization;
import io.jinit.diagnosis.ParameterizedName;
import io.jinit.diagnosis.transformer.ParameterFiller;
import io.jinit.diagnosis.transformer.Transformer;
import io.jinit.diagnosis.transformer.TransformerFigures;
import io.jinit.diagnosis.transformer.TransformerParameters;
import io.jinit.diagnosis.transformer.TransformerRecipe;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import io.jinit.formats.Json;
import io.jinit.models.hf.HfConfig;
import io.jinit.models.hf.HfFamily;
import io.jinit.models.hf.LlamaConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
        HfConfig config = HfTransformerStack.read(hfConfig);
        int sequence = sequenceGiven == null ? DEFAULT_SEQUENCE : sequenceGiven;
        int batch = batchGiven == null ? DEFAULT_BATCH : batchGiven;
        HfTransformerStack.positive("--sequence", sequence);
        HfTransformerStack.positive("--batch", batch);
        HfTransformerStack.positive("--depth", depthGiven);
        HfTransformerStack.positive("--width", widthGiven);
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
            recipe(config, name).adapt(shape);
        }
        DiagnosisOutputs checked = outputs.check();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            List<TransformerRuns.Recipe> recipes = new ArrayList<>();
            for (String name : names) {
                TransformerRecipe recipe = recipe(config, name);
                TransformerShape stack = recipe.adapt(shape);
                TransformerFigures full = run(recipe, stack, pool);
                TransformerFigures half = shape.layers() > 1
                        ? run(recipe, recipe.adapt(shape.withLayers(shape.layers() / 2)), pool) : null;
                recipes.add(new TransformerRuns.Recipe(name.strip(), describeRecipe(config, name, stack), stack, full,
                        TransformerVerdict.judge(stack, full, half)));
            }
            List<TransformerRuns.Rules> rules = new ArrayList<>();
            for (String name : names) {
                checkpointRules(config, name.strip()).ifPresent(rules::add);
            }
            TransformerRuns runs = new TransformerRuns(hfConfig.toString(), config.family().modelType(), shape, seed,
                    recipes, Provenance.commandLine(List.of("jinit", "generate", "--hf-config", hfConfig.toString(),
                    "--seed", String.valueOf(seed), "--out", "checkpoint/")), rules,
                    outputs.report() == null ? null : outputs.report().toString());
            checked.write(runs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The rules that turn the config's own recipe into a recipe in the Hugging Face checkpoint, for
     * the recipes that differ from it in whole tensors of the model transformers builds: GPT-2's
     * residual scaling in a Llama-form model, whose {@code _init_weights} draws every weight
     * N(0, initializer_range), is its {@code o_proj} and {@code down_proj} weights drawn
     * N(0, (initializer_range / sqrt(2N))²), N the config's own {@code num_hidden_layers} (the depth
     * of the checkpoint, not the depth diagnosed).
     */
    private static Optional<TransformerRuns.Rules> checkpointRules(HfConfig config, String recipe) {
        if (!recipe.equals("gpt2") || !(config.model() instanceof LlamaConfig llama)) {
            return Optional.empty();
        }
        double std = HfTransformerStack.initializerRange(config) / Math.sqrt(2.0 * llama.numHiddenLayers());
        List<Object> rules = new ArrayList<>();
        for (String pattern : List.of("*.self_attn.o_proj.weight", "*.mlp.down_proj.weight")) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("pattern", pattern);
            rule.put("initializer", "normal_");
            rule.put("config", Map.of("std", std));
            rules.add(rule);
        }
        return Optional.of(new TransformerRuns.Rules(recipe, recipe + TransformerRuns.Rules.SUFFIX,
                Json.write(Map.of("rules", rules)) + "\n"));
    }

    /** One pass of an adapted stack under its recipe. */
    private TransformerFigures run(TransformerRecipe recipe, TransformerShape stack, ExecutorService pool) {
        return Transformer.run(TransformerParameters.of(stack, recipe.filler(stack, seed)), seed, pool, threads)
                .figures();
    }

    /**
     * The initialization an {@code --init} entry names for the transformer stack: {@code config}
     * (transformers' own), {@code normal} (every weight N(0, initializer_range)), {@code gpt2} (the
     * same with the residual projections scaled by 1/sqrt(2N)), {@code torch_default}, the schemes
     * that change the stack as well ({@code deepnorm}, {@code t_fixup}, {@code mup(base_width=N)}),
     * or any initializer of {@code --init} for the MLPs.
     */
    private static TransformerRecipe recipe(HfConfig config, String entry) {
        String name = entry.strip();
        double range = HfTransformerStack.initializerRange(config);
        switch (name) {
            case "config":
                return TransformerRecipe.values((stack, seed) -> HfTransformerStack.configRecipe(config, stack, seed));
            case "normal":
                return TransformerRecipe.values((stack, seed) -> ParameterFiller.normal(range, seed));
            case "gpt2":
                return TransformerRecipe.values((stack, seed) -> ParameterFiller.gpt2(range, stack.layers(), seed));
            case "torch_default":
                return TransformerRecipe.values(ParameterFiller::torchDefaults);
            case "deepnorm":
                return TransformerRecipe.deepNorm(range);
            case "t_fixup":
                return TransformerRecipe.tFixup();
            case "mup":
                throw new IllegalArgumentException("--init mup needs the base width at which it equals the config's "
                        + "recipe, as the mup package's set_base_shapes does: mup(base_width=256)");
            default:
                if (isMup(name)) {
                    return mup(name, range);
                }
                Initialization init;
                try {
                    init = Initialization.parse(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--init: " + e.getMessage() + " (or config, normal, gpt2, "
                            + "torch_default, deepnorm, t_fixup, mup(base_width=N))", e);
                }
                if (!(init instanceof Initialization.Drawn drawn)) {
                    throw new IllegalArgumentException("--init " + name + " fits an MLP to its batch; it does not "
                            + "initialize a transformer stack");
                }
                return TransformerRecipe.values((stack, seed) -> ParameterFiller.withInitializer(drawn.initializer(),
                        seed));
        }
    }

    /** Whether an entry is muP written as a call, {@code mup(...)}. */
    private static boolean isMup(String name) {
        return name.startsWith("mup") && name.substring(3).strip().startsWith("(");
    }

    /** The base width of {@code mup(base_width=N)}. */
    private static int baseWidth(String entry) {
        ParameterizedName call;
        try {
            call = ParameterizedName.parse(entry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init " + entry + ": " + e.getMessage(), e);
        }
        Object base = call.parameters().get("base_width");
        if (call.parameters().size() != 1 || !(base instanceof Long width) || width < 1 || width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--init " + entry + ": mup takes one parameter, base_width, a whole "
                    + "number >= 1: mup(base_width=256)");
        }
        return (int) (long) width;
    }

    /** {@code mup(base_width=N)}: muP relative to a base width N, where it equals N(0, initializer_range). */
    private static TransformerRecipe mup(String entry, double range) {
        int base = baseWidth(entry);
        TransformerRecipe recipe = TransformerRecipe.mup(range, base);
        return new TransformerRecipe() {
            @Override
            public TransformerShape adapt(TransformerShape shape) {
                if (base % shape.heads() != 0) {
                    throw new IllegalArgumentException("--init " + entry + ": base_width must be a multiple of the "
                            + "stack's " + shape.heads() + " heads, which every width keeps");
                }
                return recipe.adapt(shape);
            }

            @Override
            public ParameterFiller filler(TransformerShape adapted, long seed) {
                return recipe.filler(adapted, seed);
            }
        };
    }

    /** What a recipe does, in words, for the table and the report. */
    private static String describeRecipe(HfConfig config, String entry, TransformerShape stack) {
        double range = HfTransformerStack.initializerRange(config);
        String name = entry.strip();
        int n = stack.layers();
        if (isMup(name)) {
            int base = baseWidth(name);
            return String.format(Locale.ROOT, "muP relative to width %d: hidden weights N(0, %s^2 x %d/%d), "
                    + "embeddings N(0, %s^2), query weights 0, logits / %.4g instead of / %.4g (Tensor Programs V)",
                    base, range, base, stack.width(), range, stack.attentionDivisor(), Math.sqrt(stack.headWidth()));
        }
        return switch (name) {
            case "config" -> "the config's own: " + HfTransformerStack.describeConfigRecipe(config, stack);
            case "normal" -> "N(0, " + range + ") for every weight, as transformers' _init_weights without scaling";
            case "gpt2" -> "N(0, " + range + "), the attention output and feed-forward down projections N(0, " + range
                    + "/sqrt(" + 2 * n + ")) (GPT-2)";
            case "torch_default" -> "torch's module defaults: Linear kaiming_uniform_(a=sqrt(5)) and U(+-1/sqrt(fan_in)) "
                    + "biases, Embedding N(0, 1), norms 1 and 0";
            case "deepnorm" -> String.format(Locale.ROOT, "DeepNorm: run post-norm as LN(%.4g x + f(x)), alpha = (2N)^(1/4); "
                    + "feed-forward, value and output weights xavier_normal_(gain=%.4g), beta = (8N)^(-1/4), query and "
                    + "key gain 1, embeddings N(0, %s)", stack.residualScale(), Math.pow(8.0 * n, -0.25), range);
            case "t_fixup" -> String.format(Locale.ROOT, "T-Fixup: run without norms; xavier_uniform_ weights, value, "
                    + "output and feed-forward ones and the embeddings N(0, 1/d) scaled by (9N)^(-1/4) = %.4g",
                    Math.pow(9.0 * n, -0.25));
            default -> name + " for every weight and embedding, biases 0, norms 1";
        };
    }
}
