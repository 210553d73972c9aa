package io.jinit.cli.report;

import io.jinit.diagnosis.transformer.BlockFigures;
import io.jinit.diagnosis.transformer.TransformerFigures;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A transformer diagnosis: one stack, several initializations, each pushed forward and back once
 * and judged ({@link TransformerVerdict}); what the reports of {@code jinit diagnose --hf-config}
 * show.
 *
 * @param source where the stack comes from, e.g. the config file as given
 * @param family the config's {@code model_type}
 * @param shape the diagnosed stack
 * @param seed the seed of the tokens, the projection and every initialization
 * @param recipes the initializations, in the order given
 * @param nextStep the command that writes the stack's checkpoint with the config's own recipe
 * @param rules the recipes that {@code jinit generate --hf-config --rules} can write, each as its rules file
 * @param reportDir the report directory as given, where the rules files are written; null for none
 * @since 0.1
 */
public record TransformerRuns(String source, String family, TransformerShape shape, long seed, List<Recipe> recipes,
                              String nextStep, List<Rules> rules, String reportDir) {
    /**
     * Copies the list.
     *
     * @param source where the stack comes from
     * @param family the config's model type
     * @param shape the diagnosed stack
     * @param seed the seed
     * @param recipes the initializations
     * @param nextStep the generate command
     * @param rules the recipes' rules files
     * @param reportDir the report directory, or null
     */
    public TransformerRuns {
        recipes = List.copyOf(recipes);
        rules = List.copyOf(rules);
    }

    /**
     * A recipe as the rules that turn the config's own recipe into it in a Hugging Face
     * checkpoint: {@code jinit generate --hf-config CONFIG --rules FILE}.
     *
     * @param recipe the recipe's name, e.g. {@code gpt2}
     * @param file the file's name in the report directory, e.g. {@code gpt2.rules.json}
     * @param json the file's text
     */
    public record Rules(String recipe, String file, String json) {
        /** How the name of a rules file ends; a report directory holds such files beside its page. */
        public static final String SUFFIX = ".rules.json";
    }

    /**
     * What the next step's reader must know when the config's own recipe is not healthy here: its
     * verdict and the recipes that are, and whether one of them can be written into the checkpoint
     * ({@link #nextStepRulesCommand}).
     *
     * @return the sentences, or empty when the config's recipe was not run or is healthy
     */
    public Optional<String> nextStepCaveat() {
        Recipe own = ownRecipe();
        if (own == null || own.verdict().kind() == TransformerVerdict.Kind.HEALTHY) {
            return Optional.empty();
        }
        List<String> healthy = healthyRecipes();
        String caveat = "the config's own recipe shows " + own.verdict().kind().label() + " here"
                + (healthy.isEmpty() ? " and no recipe tried is healthy." : "; healthy: " + String.join(", ", healthy)
                + ".") + " The command above writes the config's own recipe, as transformers' _init_weights does";
        Optional<Rules> writable = writableRules();
        if (writable.isEmpty()) {
            return Optional.of(caveat + (healthy.isEmpty() ? "." : "; the healthy ones are not written into a "
                    + "Hugging Face checkpoint yet."));
        }
        Rules r = writable.get();
        return Optional.of(caveat + "; " + r.recipe() + "'s is written with the rules "
                + (reportDir == null ? "that --report DIR writes to DIR/" + r.file() : "in " + r.file()) + ":");
    }

    /**
     * The command that writes the checkpoint under the first healthy recipe that rules can write,
     * when the config's own recipe is not healthy.
     *
     * @return the command, naming the rules file in the report directory ({@code DIR} without one)
     */
    public Optional<String> nextStepRulesCommand() {
        Recipe own = ownRecipe();
        if (own == null || own.verdict().kind() == TransformerVerdict.Kind.HEALTHY) {
            return Optional.empty();
        }
        return writableRules().map(r -> Provenance.commandLine(List.of("jinit", "generate", "--hf-config", source,
                "--rules", Path.of(reportDir == null ? "DIR" : reportDir, r.file()).toString(), "--seed",
                String.valueOf(seed), "--out", "checkpoint/")));
    }

    private Recipe ownRecipe() {
        return recipes.stream().filter(r -> r.name().equals("config")).findFirst().orElse(null);
    }

    private List<String> healthyRecipes() {
        return recipes.stream().filter(r -> r.verdict().kind() == TransformerVerdict.Kind.HEALTHY)
                .map(Recipe::name).toList();
    }

    private Optional<Rules> writableRules() {
        List<String> healthy = healthyRecipes();
        return rules.stream().filter(r -> healthy.contains(r.recipe())).findFirst();
    }

    /**
     * One initialization of the stack and what it gave.
     *
     * @param name the name given on the command line, e.g. {@code config}
     * @param description the recipe in words, e.g. {@code N(0, 0.02) for every weight}
     * @param stack the stack it ran: the diagnosed one, or the one a scheme trains (DeepNorm's
     *     post-norm with its skip factor, T-Fixup's without norms, muP's logit divisor)
     * @param figures the figures of the stack
     * @param verdict the verdict, from these figures and those at half the depth
     */
    public record Recipe(String name, String description, TransformerShape stack, TransformerFigures figures,
                         TransformerVerdict verdict) {
    }

    /** The figures the tables and charts show by block, each with how it is read. */
    enum ByBlock {
        /** The std of the residual stream after each block. */
        STREAM("Residual stream std after each block", "stream std (log scale)", true, BlockFigures::outputStd),
        /** The norm of each block's attention and feed-forward weight gradients together. */
        WEIGHT_GRADIENT("Weight-gradient norm of each block (attention and feed-forward)",
                "weight-gradient norm (log scale)", true, TransformerVerdict::weightGradient),
        /** The norm of the gradient of the stream entering each block. */
        STREAM_GRADIENT("Gradient norm of the stream entering each block", "stream gradient norm (log scale)", true,
                BlockFigures::residualGradientNorm),
        /** The attention entropy against uniform attention's. */
        ENTROPY("Mean attention entropy of each block, as a fraction of uniform attention's",
                "entropy / uniform attention's", false, null);

        final String title;
        final String axis;
        final boolean log;
        private final ToDoubleFunction<BlockFigures> figure;

        ByBlock(String title, String axis, boolean log, ToDoubleFunction<BlockFigures> figure) {
            this.title = title;
            this.axis = axis;
            this.log = log;
            this.figure = figure;
        }

        /** The figure of block b of a stack of sequence length {@code sequence}. */
        double of(BlockFigures b, int sequence) {
            if (this != ENTROPY) {
                return figure.applyAsDouble(b);
            }
            double uniform = TransformerVerdict.uniformEntropy(sequence);
            return uniform > 0 ? b.attentionEntropy() / uniform : 1.0; // one token: attention has no choice
        }
    }
}
