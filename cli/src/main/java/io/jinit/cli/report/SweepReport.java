package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Result;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Spec;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.coordinates.Parametrization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A width sweep (muP's coordinate check) as a report directory: {@code index.html}, which embeds
 * its two charts and opens offline alone, and the charts' PNG files beside it. It is written and
 * replaced as {@link HtmlReport} writes a diagnosis: all or nothing, and only over an empty
 * directory or a previous jinit report.
 *
 * @since 0.1
 */
public final class SweepReport {
    private SweepReport() {
    }

    /**
     * Builds the report in a hidden directory beside {@code dir}; {@link HtmlReport.Staged#commit}
     * renames it into place.
     *
     * @param result the sweep
     * @param dir the report directory; its parent is created if needed
     * @param provenance the command, version and day the page names
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link HtmlReport#checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static HtmlReport.Staged prepare(Result result, Path dir, Provenance provenance) throws IOException {
        return HtmlReport.stage(dir, tmp -> page(result, tmp, provenance));
    }

    private static String page(Result result, Path dir, Provenance provenance) throws IOException {
        Spec spec = result.spec();
        StringBuilder h = new StringBuilder(64 * 1024);
        HtmlReport.head(h, "jinit diagnose --width-sweep");
        h.append("<h1>Width sweep: muP's coordinate check</h1>\n<p class=\"lede\">Whether what is tuned on a narrow "
                + "network carries over to a wide one: the same network at each width, trained a few steps under the "
                + "standard parametrization and under muP (Yang et al. 2021), and how much each layer's activations "
                + "changed.</p>\n");
        h.append("<section id=\"run\">\n<h2>What was run</h2>\n<dl class=\"run\">\n");
        HtmlReport.provenance(h, provenance);
        HtmlReport.item(h, "Network", "input " + spec.inputWidth() + ", " + spec.hiddenLayers() + " hidden layer"
                + (spec.hiddenLayers() == 1 ? "" : "s") + " of width n, output " + spec.outputWidth() + "; "
                + HtmlReport.esc(spec.activation().name()) + "; no biases");
        HtmlReport.item(h, "Widths", HtmlReport.esc(spec.widths().toString()) + "; both parametrizations are the same "
                + "network at " + spec.baseWidth());
        HtmlReport.item(h, "Training", (spec.optimizer() == Optimizer.ADAM ? "Adam" : "SGD") + ", learning rate "
                + Figures.plain(spec.learningRate()) + " at width " + spec.baseWidth() + ", " + spec.steps() + " step"
                + (spec.steps() == 1 ? "" : "s") + " on one batch of " + spec.batch() + " (loss: mean squared error "
                + "against a fixed normal target)");
        HtmlReport.item(h, "Seed", spec.seed() + " (batch, target and weights)");
        h.append("</dl>\n</section>\n");
        h.append("<section id=\"meaning\">\n<h2>What it means</h2>\n");
        for (Parametrization p : Parametrization.values()) {
            h.append("<p><strong>").append(p == Parametrization.STANDARD ? "Standard parametrization" : "muP")
                    .append(":</strong> ").append(HtmlReport.esc(SweepText.meaning(result, p))).append("</p>\n");
        }
        h.append("</section>\n");
        for (Parametrization p : Parametrization.values()) {
            String name = SweepText.name(p);
            byte[] png = ChartRenderer.encode(ChartRenderer.image(SweepChart.of(result, p), SweepChart.WIDTH,
                    SweepChart.HEIGHT));
            Files.write(dir.resolve(name + "-update-size.png"), png);
            h.append("<section>\n<h2>").append(p == Parametrization.STANDARD ? "Standard parametrization" : "muP")
                    .append("</h2>\n<figure>")
                    .append(HtmlReport.image(png, SweepChart.WIDTH, SweepChart.HEIGHT,
                            SweepChart.title(p, spec.steps())))
                    .append("<figcaption>Each layer's mean |h(t) - h(0)| after the last step against the width, both "
                            + "on log scales: a flat line keeps its size as the network widens, a line of slope s "
                            + "grows like n^s.</figcaption></figure>\n");
            table(h, result, p);
            h.append("</section>\n");
        }
        h.append("<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<p>The slope is the least-squares slope of "
                + "log(update size) against log(width). Within &plusmn;")
                .append(Figures.plain(CoordinateCheck.STABLE_SLOPE))
                .append(" it is <em>stable</em>: halfway between muP's 0 and the smallest growth of the standard "
                        + "parametrization, 1/2. Under the standard parametrization the output's update grows like n "
                        + "and a hidden layer's like sqrt(n) (SGD) or n (Adam), so a learning rate tuned on a narrow "
                        + "model is too large for a wide one; muP scales the output weights' initial variance and the "
                        + "learning rates with the width so that every layer's update keeps its size.</p>\n"
                        + "</section>\n");
        h.append("<footer>Written by <code>jinit diagnose --width-sweep</code>. The same figures, machine-readable: "
                + "<code>--json FILE</code>.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, Result result, Parametrization p) {
        int steps = result.spec().steps();
        int layers = result.spec().hiddenLayers() + 1;
        List<Curve> curves = result.curves().stream().filter(c -> c.parametrization() == p).toList();
        h.append("<table class=\"figures\">\n<caption>Update size after ").append(steps).append(" step")
                .append(steps == 1 ? "" : "s").append(" by width</caption>\n<thead><tr><th scope=\"col\">Layer</th>");
        for (Curve c : curves) {
            h.append("<th scope=\"col\">n = ").append(c.width()).append("</th>");
        }
        h.append("<th scope=\"col\">slope</th><th scope=\"col\">trend</th></tr></thead>\n<tbody>\n");
        for (int l = 1; l <= layers; l++) {
            h.append("<tr><th scope=\"row\">").append(l == layers ? "output" : String.valueOf(l)).append("</th>");
            for (Curve c : curves) {
                h.append("<td>").append(Figures.format(c.updateSize()[steps][l - 1])).append("</td>");
            }
            Slope s = SweepText.slope(result, p, l);
            h.append("<td>").append(SweepText.slope(s.updateSlope())).append("</td><td>")
                    .append(s.trend().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }
}
