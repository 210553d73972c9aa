package io.jinit.cli.report;

import io.jinit.cli.report.ArchDiagnosis.Run;
import io.jinit.cli.report.ArchDiagnosis.Verdict;
import io.jinit.diagnosis.convolution.BlockFigures;
import io.jinit.diagnosis.convolution.ResNetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * A ResNet diagnosis ({@code jinit diagnose --arch}) as a report directory: {@code index.html},
 * which embeds its two charts and opens offline alone, and the charts' PNG files beside it. It is
 * written and replaced as {@link HtmlReport} writes an MLP diagnosis: all or nothing, and only over
 * an empty directory or a previous jinit report.
 *
 * @since 0.1
 */
public final class ArchReport {
    /** The file of the stream chart. */
    static final String STREAM_PNG = "stream-std.png";
    /** The file of the gradient chart. */
    static final String GRADIENT_PNG = "gradient-norm.png";

    private ArchReport() {
    }

    /**
     * Builds the report in a hidden directory beside {@code dir}; {@link HtmlReport.Staged#commit}
     * renames it into place.
     *
     * @param d the diagnosis
     * @param dir the report directory; its parent is created if needed
     * @param provenance the command, version and day the page names
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link HtmlReport#checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static HtmlReport.Staged prepare(ArchDiagnosis d, Path dir, Provenance provenance) throws IOException {
        return HtmlReport.stage(dir, tmp -> page(d, tmp, provenance));
    }

    /** The CSS class of a verdict's colours: overflow is drawn as the MLP report draws exploding. */
    private static String css(Verdict v) {
        return "v-" + (v == Verdict.NOT_FINITE ? "exploding" : v.label());
    }

    private static String page(ArchDiagnosis d, Path dir, Provenance provenance) throws IOException {
        ResNetSpec spec = d.spec();
        StringBuilder h = new StringBuilder(64 * 1024);
        HtmlReport.head(h, "jinit diagnose --arch " + ArchText.arch(spec));
        h.append("<h1>ResNet diagnosis: ").append(ArchText.arch(spec)).append("</h1>\n<p class=\"lede\">One forward "
                + "and one backward pass of a batch through the network under each recipe: whether the stream keeps "
                + "its scale from block to block and whether the gradient reaches the image.</p>\n");
        h.append("<section id=\"run\">\n<h2>What was run</h2>\n<dl class=\"run\">\n");
        HtmlReport.provenance(h, provenance);
        HtmlReport.item(h, "Network", HtmlReport.esc(ArchText.network(d)));
        HtmlReport.item(h, "Recipes", HtmlReport.esc(String.join(", ", d.runs().stream().map(Run::recipe).toList())));
        HtmlReport.item(h, "Input and loss", "standard normal images under the seed; the loss is the logits against "
                + "a fixed standard normal projection, so that every recipe receives the same gradient at the output");
        h.append("</dl>\n</section>\n");

        h.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table class=\"verdicts\">\n<thead><tr>"
                + "<th scope=\"col\">Recipe</th><th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n");
        for (int r = 0; r < d.runs().size(); r++) {
            Run run = d.runs().get(r);
            String label = run.verdict().label();
            h.append("<tr><th scope=\"row\"><span class=\"swatch\" style=\"background:")
                    .append(Palette.css(Palette.initializer(r))).append("\"></span>")
                    .append(HtmlReport.esc(run.recipe()))
                    .append("</th><td class=\"v ").append(css(run.verdict())).append("\"><span class=\"word\">")
                    .append(label).append("</span><span class=\"why\">")
                    .append(HtmlReport.esc(run.reason() + ArchText.identity(run))).append("</span></td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");

        chart(h, dir, STREAM_PNG, ArchChart.stream(d), ArchChart.STREAM_TITLE, "At “stem” the std of the stream "
                + "entering the first block, then the std leaving each block, over the input images' std; log scale, "
                + "dashed: the bounds of the verdict.");
        chart(h, dir, GRADIENT_PNG, ArchChart.gradient(d), ArchChart.GRADIENT_TITLE, "At “image” the norm of the "
                + "gradient reaching the images, then the norm entering each block, over that entering the last "
                + "block; log scale, dashed: the bounds of the verdict.");

        for (Run run : d.runs()) {
            h.append("<section class=\"recipe\">\n<h2>").append(HtmlReport.esc(run.recipe())).append("</h2>\n");
            h.append("<table class=\"figures\">\n<caption>Blocks (input std ")
                    .append(Figures.format(run.figures().inputStd())).append(", gradient at the image ")
                    .append(Figures.format(ArchDiagnosis.imageGradient(run.figures())))
                    .append(")</caption>\n<thead><tr><th scope=\"col\">Block</th>");
            for (String header : ArchText.HEADERS) {
                h.append("<th scope=\"col\">").append(header).append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (BlockFigures b : run.figures().blocks()) {
                h.append("<tr><th scope=\"row\">").append(b.name()).append("</th><td>")
                        .append(Figures.format(b.inputStd())).append("</td><td>")
                        .append(Figures.format(b.outputStd())).append("</td><td>")
                        .append(b.branchToSkip().isPresent() ? Figures.format(b.branchToSkip().getAsDouble()) : "-")
                        .append("</td><td>").append(Figures.percent(ArchDiagnosis.zeroFraction(run.figures(), b)))
                        .append("</td><td>").append(Figures.format(b.inputGradientNorm())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n<table class=\"figures\">\n<caption>Gradient norm by parameter group"
                    + "</caption>\n<thead><tr><th scope=\"col\">Group</th><th scope=\"col\">||dL/dθ||</th></tr>"
                    + "</thead>\n<tbody>\n");
            for (Map.Entry<String, Double> g : ArchDiagnosis.groupGradients(run.figures()).entrySet()) {
                h.append("<tr><th scope=\"row\">").append(HtmlReport.esc(g.getKey())).append("</th><td>")
                        .append(Figures.format(g.getValue())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n</section>\n");
        }

        h.append("<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<p>A recipe gets the first of these "
                + "verdicts, in this order, that applies.</p>\n<dl class=\"legend\">\n");
        for (Verdict v : Verdict.values()) {
            h.append("<dt><span class=\"chip ").append(css(v)).append("\">").append(v.label())
                    .append("</span></dt><dd>").append(HtmlReport.esc(ArchDiagnosis.rule(v))).append("</dd>\n");
        }
        h.append("</dl>\n<p>").append(HtmlReport.esc("Branch-to-skip is ||F(x)|| / ||S(x)||, the residual branch "
                + "against the shortcut: about 1 when both carry equal energy, “-” for a plain block. Zeros out is "
                + "the share of the block's output that its last ReLU sets to 0; grad in is ||dL/dx|| of the stream "
                + "entering the block. Norms are over the whole batch, so they grow with the size of the maps: "
                + "compare a block with itself across recipes. "))
                .append(HtmlReport.esc(ArchDiagnosis.IDENTITY_NOTE)).append(".</p>\n</section>\n");
        h.append("<footer>Written by <code>jinit diagnose --arch</code>. The same figures, machine-readable: "
                + "<code>--json FILE</code>.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void chart(StringBuilder h, Path dir, String file, XYChart chart, String title, String caption)
            throws IOException {
        byte[] png = ChartRenderer.encode(ChartRenderer.image(chart, ArchChart.WIDTH, ArchChart.HEIGHT));
        Files.write(dir.resolve(file), png);
        h.append("<section>\n<h2>").append(HtmlReport.esc(title)).append("</h2>\n<figure>")
                .append(HtmlReport.image(png, ArchChart.WIDTH, ArchChart.HEIGHT, title)).append("<figcaption>")
                .append(HtmlReport.esc(caption)).append("</figcaption></figure>\n</section>\n");
    }
}
