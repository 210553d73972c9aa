package io.jinit.cli.report;

import io.jinit.cli.report.TransformerRuns.ByBlock;
import io.jinit.cli.report.TransformerRuns.Recipe;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A transformer diagnosis as a report directory: {@code index.html}, which embeds its charts and
 * opens offline alone, and the charts' PNG files beside it; written and replaced as
 * {@link HtmlReport} writes a diagnosis.
 *
 * @since 0.1
 */
public final class TransformerReport {
    private TransformerReport() {
    }

    /**
     * Builds the report in a hidden directory beside {@code dir}; {@link HtmlReport.Staged#commit}
     * renames it into place.
     *
     * @param runs the diagnosis
     * @param dir the report directory; its parent is created if needed
     * @param provenance the command, version and day the page names
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link HtmlReport#checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static HtmlReport.Staged prepare(TransformerRuns runs, Path dir, Provenance provenance) throws IOException {
        return HtmlReport.stage(dir, tmp -> {
            for (TransformerRuns.Rules r : runs.rules()) {
                Files.writeString(tmp.resolve(r.file()), r.json(), StandardCharsets.UTF_8);
            }
            return page(runs, tmp, provenance);
        });
    }

    private static String page(TransformerRuns runs, Path dir, Provenance provenance) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        HtmlReport.head(h, "jinit diagnose --hf-config " + runs.source());
        h.append("<h1>Transformer initialization diagnosis</h1>\n<p class=\"lede\">A batch of token ids pushed "
                + "forward through the stack and the gradient of a random projection of its last hidden state pushed "
                + "back, under each initialization: how the residual stream, the attention and the gradients behave "
                + "at the first step.</p>\n");
        h.append("<section id=\"run\">\n<h2>What was run</h2>\n<dl class=\"run\">\n");
        HtmlReport.provenance(h, provenance);
        HtmlReport.item(h, "Stack", HtmlReport.esc(TransformerText.describe(runs)));
        for (Recipe r : runs.recipes()) {
            HtmlReport.item(h, HtmlReport.esc(r.name()), HtmlReport.esc(r.description()));
        }
        h.append("</dl>\n</section>\n");
        h.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table class=\"figures\">\n<thead><tr>"
                + "<th scope=\"col\">Recipe</th><th scope=\"col\">Verdict</th><th scope=\"col\">Growth</th>"
                + "<th scope=\"col\">Gradients first / last</th><th scope=\"col\">Entropy / uniform</th>"
                + "<th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        for (Recipe r : runs.recipes()) {
            TransformerVerdict v = r.verdict();
            h.append("<tr><th scope=\"row\">").append(HtmlReport.esc(r.name())).append("</th><td>")
                    .append(v.kind().label()).append("</td><td>").append(Figures.format(v.streamGrowth()))
                    .append("</td><td>").append(Figures.format(v.gradientSpread())).append("</td><td>")
                    .append(Figures.format(v.entropyRatio())).append("</td><td>").append(HtmlReport.esc(v.reason()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"recommended\"><strong>Next step:</strong> <code>")
                .append(HtmlReport.esc(runs.nextStep())).append("</code> writes the checkpoint with the config's own "
                        + "recipe.").append(runs.nextStepCaveat().map(c -> " " + HtmlReport.esc(c)).orElse(""))
                .append(runs.nextStepRulesCommand().map(c -> " <code>" + HtmlReport.esc(c) + "</code>").orElse(""))
                .append("</p>\n</section>\n");
        for (ByBlock figure : ByBlock.values()) {
            String file = figure.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".png";
            byte[] png = ChartRenderer.encode(ChartRenderer.image(TransformerChart.of(runs, figure),
                    TransformerChart.WIDTH, TransformerChart.HEIGHT));
            Files.write(dir.resolve(file), png);
            h.append("<figure>").append(HtmlReport.image(png, TransformerChart.WIDTH, TransformerChart.HEIGHT,
                    figure.title)).append("<figcaption>").append(HtmlReport.esc(figure.title))
                    .append(", one line per initialization.</figcaption></figure>\n");
        }
        h.append("<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<dl class=\"legend\">\n");
        HtmlReport.item(h, "Growth", "the stream's variance after the last block against that of the same stack and "
                + "initialization at half the depth: about 2 when each block adds a fixed variance (the final "
                + "variance grows linearly with depth), about 1 when the initialization makes it independent of the "
                + "depth (GPT-2's 1/sqrt(2N) residual projections) or a norm follows each block; above "
                + Figures.plain(TransformerVerdict.STREAM_GROWTH) + " is <em>residual growth</em>.");
        HtmlReport.item(h, "Gradients", "block 0's attention and feed-forward weight-gradient norm against the last "
                + "block's; outside 1/" + (int) TransformerVerdict.GRADIENT_SPREAD + " to "
                + (int) TransformerVerdict.GRADIENT_SPREAD + " one learning rate cannot suit both ends "
                + "(<em>gradient imbalance</em>).");
        HtmlReport.item(h, "Entropy", "the lowest block's mean attention entropy against uniform attention's, the "
                + "mean over tokens of ln(t + 1); near 1 at initialization is usual, below "
                + Figures.plain(TransformerVerdict.SATURATED_ENTROPY) + " the softmax is near one-hot and its gradient "
                + "small (<em>attention saturated</em>).");
        h.append("</dl>\n</section>\n");
        h.append("<footer>Written by <code>jinit diagnose --hf-config</code>. The same figures, machine-readable: "
                + "<code>--json FILE</code>.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }
}
