package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
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
     * @param sweep the sweep
     * @param dir the report directory; its parent is created if needed
     * @param provenance the command, version and day the page names
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link HtmlReport#checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static HtmlReport.Staged prepare(WidthSweep sweep, Path dir, Provenance provenance) throws IOException {
        return HtmlReport.stage(dir, tmp -> page(sweep, tmp, provenance));
    }

    private static String page(WidthSweep sweep, Path dir, Provenance provenance) throws IOException {
        WidthSweep.Words words = sweep.words();
        StringBuilder h = new StringBuilder(64 * 1024);
        HtmlReport.head(h, words.command());
        h.append("<h1>Width sweep: ").append(words.check()).append("</h1>\n<p class=\"lede\">Whether "
                + "what is tuned on a narrow network carries over to a wide one: the same network at each width, "
                + "trained a few steps under the standard parametrization and under muP (")
                .append(words.paper()).append("), and how much ").append(words.measured())
                .append(" changed.</p>\n");
        h.append("<section id=\"run\">\n<h2>What was run</h2>\n<dl class=\"run\">\n");
        HtmlReport.provenance(h, provenance);
        HtmlReport.item(h, "Network", HtmlReport.esc(words.network()));
        HtmlReport.item(h, "Widths", HtmlReport.esc(sweep.widths().toString()) + "; "
                + HtmlReport.esc(words.sameAtBase()));
        HtmlReport.item(h, "Training", (sweep.optimizer() == Optimizer.ADAM ? "Adam" : "SGD") + ", learning rate "
                + Figures.plain(sweep.learningRate()) + " at width " + sweep.baseWidth() + ", " + sweep.steps()
                + " step"
                + (sweep.steps() == 1 ? "" : "s") + " on one batch of " + HtmlReport.esc(words.batchWords())
                + " (loss: " + HtmlReport.esc(words.loss()) + ")");
        HtmlReport.item(h, "Seed", sweep.seed() + " (" + HtmlReport.esc(words.seeded()) + ")");
        h.append("</dl>\n</section>\n");
        h.append("<section id=\"meaning\">\n<h2>What it means</h2>\n");
        for (Parametrization p : Parametrization.values()) {
            h.append("<p><strong>").append(p == Parametrization.STANDARD ? "Standard parametrization" : "muP")
                    .append(":</strong> ").append(HtmlReport.esc(SweepText.meaning(sweep, p))).append("</p>\n");
        }
        if (!words.rules().isEmpty()) {
            h.append("<p>").append(HtmlReport.esc(words.rules())).append("</p>\n");
        }
        h.append("</section>\n");
        for (Parametrization p : Parametrization.values()) {
            String name = SweepText.name(p);
            byte[] png = ChartRenderer.encode(ChartRenderer.image(SweepChart.of(sweep, p), SweepChart.WIDTH,
                    SweepChart.HEIGHT));
            Files.write(dir.resolve(name + "-update-size.png"), png);
            h.append("<section>\n<h2>").append(p == Parametrization.STANDARD ? "Standard parametrization" : "muP")
                    .append("</h2>\n<figure>")
                    .append(HtmlReport.image(png, SweepChart.WIDTH, SweepChart.HEIGHT,
                            SweepChart.title(p, sweep.steps())))
                    .append("<figcaption>Each ").append(words.unit())
                    .append("'s mean |h(t) - h(0)| after the last step against the width, both "
                            + "on log scales: a flat line keeps its size as the network widens, a line of slope s "
                            + "grows like n^s.</figcaption></figure>\n");
            table(h, sweep, p);
            h.append("</section>\n");
        }
        h.append("<section id=\"how-to-read\">\n<h2>How to read this</h2>\n<p>The slope is the least-squares slope of "
                + "log(update size) against log(width). Within &plusmn;")
                .append(Figures.plain(CoordinateCheck.STABLE_SLOPE))
                .append(" it is <em>stable</em>: halfway between muP's 0 and the smallest growth of the standard "
                        + "parametrization, 1/2. ").append(words.theory()).append("</p>\n</section>\n");
        h.append("<footer>Written by <code>").append(HtmlReport.esc(words.command()))
                .append("</code>. The same figures, machine-readable: <code>--json FILE</code>.</footer>\n</main>\n"
                        + "</body>\n</html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, WidthSweep sweep, Parametrization p) {
        int steps = sweep.steps();
        int layers = sweep.layers();
        List<Curve> curves = sweep.curves().stream().filter(c -> c.parametrization() == p).toList();
        h.append("<table class=\"figures\">\n<caption>Update size after ").append(steps).append(" step")
                .append(steps == 1 ? "" : "s").append(" by width</caption>\n<thead><tr><th scope=\"col\">")
                .append(capitalized(sweep.words().unit())).append("</th>");
        for (Curve c : curves) {
            h.append("<th scope=\"col\">n = ").append(c.width()).append("</th>");
        }
        h.append("<th scope=\"col\">slope</th><th scope=\"col\">trend</th></tr></thead>\n<tbody>\n");
        for (int l = 1; l <= layers; l++) {
            h.append("<tr><th scope=\"row\">").append(HtmlReport.esc(sweep.words().rowLabels().get(l - 1)))
                    .append("</th>");
            for (Curve c : curves) {
                h.append("<td>").append(Figures.format(c.updateSize()[steps][l - 1])).append("</td>");
            }
            Slope s = SweepText.slope(sweep, p, l);
            h.append("<td>").append(SweepText.slope(s.updateSlope())).append("</td><td>")
                    .append(s.trend().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
