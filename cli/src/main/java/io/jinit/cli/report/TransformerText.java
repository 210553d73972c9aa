package io.jinit.cli.report;

import io.jinit.cli.report.TransformerRuns.ByBlock;
import io.jinit.cli.report.TransformerRuns.Recipe;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A transformer diagnosis as plain text for a terminal, at most {@value TerminalReport#MAX_COLUMNS}
 * columns wide: the stack, then by block the stream's std, the weight gradients, the stream's
 * gradient and the attention entropy under each initialization, the verdicts with their figures
 * and reasons, the recipes in words, and the command that writes the checkpoint.
 *
 * @since 0.1
 */
public final class TransformerText {
    /** Recipes per block of a table, so that a line stays within the terminal. */
    private static final int RECIPES_PER_BLOCK = 6;
    private static final int COLUMN = 15;

    private TransformerText() {
    }

    /**
     * The diagnosis as text.
     *
     * @param runs what to write
     * @return the lines, each ending with a newline
     */
    public static String render(TransformerRuns runs) {
        TransformerShape s = runs.shape();
        List<String> lines = new ArrayList<>();
        TerminalReport.wrap(lines, "jinit diagnose --hf-config " + runs.source() + ": " + describe(runs), "  ");
        for (ByBlock figure : ByBlock.values()) {
            lines.add("");
            TerminalReport.wrap(lines, figure.title, "");
            lines.add("");
            table(lines, runs, figure);
        }
        lines.add("");
        lines.add("Verdicts");
        lines.add("");
        String header = pad("recipe", 16) + pad("verdict", 21) + pad("growth", 9) + pad("gradients", 11) + "entropy";
        lines.add(header);
        lines.add("-".repeat(header.length()));
        for (Recipe r : runs.recipes()) {
            TransformerVerdict v = r.verdict();
            lines.add((pad(label(runs, r, 15), 16) + pad(v.kind().label(), 21) + pad(Figures.format(v.streamGrowth()), 9)
                    + pad(Figures.format(v.gradientSpread()), 11) + Figures.format(v.entropyRatio())).stripTrailing());
        }
        TerminalReport.wrap(lines, "growth: the final stream variance against the same stack at half the depth "
                + "(> " + Figures.plain(TransformerVerdict.STREAM_GROWTH) + " grows with depth); gradients: block 0's "
                + "weight gradients against the last block's (outside 1/" + (int) TransformerVerdict.GRADIENT_SPREAD
                + " to " + (int) TransformerVerdict.GRADIENT_SPREAD + " out of balance); entropy: the lowest block's "
                + "attention entropy against uniform attention's (< " + Figures.plain(TransformerVerdict.SATURATED_ENTROPY)
                + " saturated)", "");
        lines.add("");
        lines.add("Why");
        for (Recipe r : runs.recipes()) {
            TerminalReport.wrap(lines, "  " + r.name() + ": " + r.verdict().kind().label() + ": " + r.verdict().reason(),
                    "      ");
        }
        lines.add("");
        lines.add("Recipes");
        for (int i = 0; i < runs.recipes().size(); i++) {
            Recipe r = runs.recipes().get(i);
            TerminalReport.wrap(lines, "  #" + (i + 1) + " " + r.name() + ": " + r.description(), "      ");
        }
        lines.add("");
        lines.add("Next step: the checkpoint with the config's own recipe");
        lines.add("  " + runs.nextStep()); // one line, to be copied whole
        runs.nextStepCaveat().ifPresent(caveat -> TerminalReport.wrap(lines, "  " + caveat, "  "));
        runs.nextStepRulesCommand().ifPresent(command -> lines.add("  " + command));
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /**
     * Writes {@link #render} to {@code out}.
     *
     * @param runs what to write
     * @param out where
     */
    public static void write(TransformerRuns runs, PrintWriter out) {
        out.print(render(runs));
        out.flush();
    }

    /**
     * The stack in words.
     *
     * @param runs the diagnosis
     * @return e.g. {@code gpt2, 12 blocks of width 768, 12 heads, feed-forward 3072 ...}
     */
    static String describe(TransformerRuns runs) {
        TransformerShape s = runs.shape();
        return String.format(Locale.ROOT, "%s, %d block%s of width %d, %d heads, feed-forward %d (%s), %s, %s, %s "
                        + "positions; sequence %d, batch %d, vocabulary %d; seed %d", runs.family(), s.layers(),
                s.layers() == 1 ? "" : "s", s.width(), s.heads(), s.feedForwardWidth(),
                s.feedForward().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                s.norm() == TransformerShape.Norm.LAYER_NORM ? "LayerNorm" : "RMSNorm",
                s.placement().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                s.position().name().toLowerCase(Locale.ROOT), s.sequence(), s.batch(), s.vocabulary(), runs.seed());
    }

    private static void table(List<String> lines, TransformerRuns runs, ByBlock figure) {
        List<Recipe> recipes = runs.recipes();
        for (int from = 0; from < recipes.size(); from += RECIPES_PER_BLOCK) {
            int to = Math.min(recipes.size(), from + RECIPES_PER_BLOCK);
            if (from > 0) {
                lines.add("");
            }
            StringBuilder header = new StringBuilder(pad("block", 7));
            for (int r = from; r < to; r++) {
                header.append(pad(label(runs, recipes.get(r), COLUMN - 1), COLUMN));
            }
            lines.add(header.toString().stripTrailing());
            lines.add("-".repeat(header.toString().stripTrailing().length()));
            for (int b = 0; b < runs.shape().layers(); b++) {
                StringBuilder row = new StringBuilder(pad(String.valueOf(b), 7));
                for (int r = from; r < to; r++) {
                    row.append(pad(Figures.format(figure.of(recipes.get(r).figures().blocks().get(b),
                            runs.shape().sequence())), COLUMN));
                }
                lines.add(row.toString().stripTrailing());
            }
        }
    }

    /**
     * A recipe's name in a column of {@code width} characters, or its number in the recipes list
     * ({@code #3}) when the name is longer: cut names could not be told apart.
     */
    private static String label(TransformerRuns runs, Recipe r, int width) {
        return r.name().length() <= width ? r.name() : "#" + (runs.recipes().indexOf(r) + 1);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }
}
