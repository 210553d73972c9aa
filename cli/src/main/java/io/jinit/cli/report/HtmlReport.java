package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The diagnosis as a directory: {@code index.html} and the PNG charts beside it. The page is
 * self-contained and opens offline wherever it is copied alone: its CSS is inline, it has no
 * script, every chart is embedded in it as a {@code data:image/png;base64} URI of the PNG beside
 * it, and the fonts are the reader's own.
 *
 * <p>The page: what was run; the verdict of every (initializer, activation), colour-coded, with
 * its reason; how to read the report (each verdict with its threshold); then per activation the
 * recommended initializer, the two line charts, the histograms, and the figures layer by layer.
 *
 * <p>Writing is all or nothing: the report is built in a new directory beside {@code dir} and
 * renamed to {@code dir} once complete ({@link #prepare}, {@link Staged#commit}), so that a caller
 * writing other files as well can write them between the two and leave everything as it was if
 * one fails. An existing {@code dir} is replaced only if it is empty or
 * a previous jinit report (an {@code index.html} written by this class and PNG files, nothing
 * else); any other existing path is refused, so that a mistyped {@code --report} cannot destroy a
 * directory.
 *
 * @since 0.1
 */
public final class HtmlReport {
    /** The name of the page in the report directory. */
    public static final String INDEX = "index.html";

    /** The mark by which a previous report is recognised. */
    static final String GENERATOR = "<meta name=\"generator\" content=\"jinit diagnose\">";

    private static final SecureRandom NAMES = new SecureRandom();

    /** Writes the charts of a diagnosis into a directory and says what it wrote. */
    @FunctionalInterface
    interface ChartWriter {
        List<ChartFile> write(Diagnosis diagnosis, Path dir) throws IOException;
    }

    private HtmlReport() {
    }

    /**
     * Writes the report of {@code diagnosis} to {@code dir}, replacing a previous report there:
     * {@link #prepare} then {@link Staged#commit}.
     *
     * @param diagnosis what to report
     * @param dir the report directory, e.g. {@code jinit-report}; its parent is created if needed
     * @return the page, {@code dir/index.html}
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link #checkTarget})
     * @throws IOException if the report cannot be written; {@code dir} is then as it was
     */
    public static Path write(Diagnosis diagnosis, Path dir) throws IOException {
        try (Staged staged = prepare(diagnosis, dir)) {
            return staged.commit();
        }
    }

    static Path write(Diagnosis diagnosis, Path dir, ChartWriter charts) throws IOException {
        try (Staged staged = prepare(diagnosis, dir, charts)) {
            return staged.commit();
        }
    }

    /**
     * Checks, without writing anything, that {@code dir} can become a report: not a file-system
     * root; absent, an empty directory or a previous jinit report; and under a directory that can
     * be written (its nearest existing ancestor).
     *
     * @param dir the report directory
     * @throws IllegalArgumentException naming {@code dir} and what is wrong
     * @throws IOException if {@code dir} exists and cannot be read
     */
    public static void checkTarget(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new IllegalArgumentException("report directory must not be a file-system root: " + dir);
        }
        checkReplaceable(target, dir);
        Path ancestor = target.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null || !Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException("report directory cannot be created, " + ancestor
                    + " is not a directory: " + dir);
        }
        if (!Files.isWritable(ancestor)) {
            throw new IllegalArgumentException("report directory cannot be created, " + ancestor
                    + " is not writable: " + dir);
        }
    }

    /**
     * Builds the complete report in a hidden directory beside {@code dir}, which the JVM's
     * shutdown deletes if it comes first (Ctrl-C, SIGTERM); nothing at {@code dir} changes until
     * {@link Staged#commit}. Closing an uncommitted report deletes it.
     *
     * @param diagnosis what to report
     * @param dir the report directory; its parent is created if needed
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link #checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static Staged prepare(Diagnosis diagnosis, Path dir) throws IOException {
        return prepare(diagnosis, dir, new ChartRenderer()::render, null);
    }

    /**
     * As {@link #prepare(Diagnosis, Path)}, drawing up to {@code threads} charts at once; the
     * report is the same, byte for byte, for every thread count.
     *
     * @param diagnosis what to report
     * @param dir the report directory; its parent is created if needed
     * @param executor runs the helpers; the calling thread takes part
     * @param threads how many charts may be drawn at once, counting the calling thread, &gt;= 1
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link #checkTarget}),
     *     the executor is null or threads &lt; 1
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static Staged prepare(Diagnosis diagnosis, Path dir, Executor executor, int threads) throws IOException {
        return prepare(diagnosis, dir, new ChartRenderer(executor, threads)::render, null);
    }

    /**
     * As {@link #prepare(Diagnosis, Path, Executor, int)}, the page also saying where it comes
     * from: the command, jinit's version and the day.
     *
     * @param diagnosis what to report
     * @param dir the report directory; its parent is created if needed
     * @param executor runs the helpers; the calling thread takes part
     * @param threads how many charts may be drawn at once, counting the calling thread, &gt;= 1
     * @param provenance the command, version and day the page names
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link #checkTarget}),
     *     the executor is null or threads &lt; 1
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    public static Staged prepare(Diagnosis diagnosis, Path dir, Executor executor, int threads, Provenance provenance)
            throws IOException {
        return prepare(diagnosis, dir, new ChartRenderer(executor, threads)::render, provenance);
    }

    static Staged prepare(Diagnosis diagnosis, Path dir, ChartWriter charts) throws IOException {
        return prepare(diagnosis, dir, charts, null);
    }

    private static Staged prepare(Diagnosis diagnosis, Path dir, ChartWriter charts, Provenance provenance)
            throws IOException {
        List<MlpNextStep> steps = MlpNextStep.of(diagnosis);
        return stage(dir, tmp -> {
            MlpNextStep.writeSpecs(steps, tmp);
            return page(diagnosis, charts.write(diagnosis, tmp), tmp, provenance, steps, dir.toString());
        });
    }

    /** Writes a report's charts into a directory and returns the page that embeds them. */
    @FunctionalInterface
    interface PageWriter {
        String write(Path dir) throws IOException;
    }

    /**
     * Builds a report, its charts and then its page, in a hidden directory beside {@code dir}
     * ({@link #prepare(Diagnosis, Path)} says how it is kept and replaced).
     *
     * @param dir the report directory; its parent is created if needed
     * @param writer writes the charts into the hidden directory and returns the page
     * @return the report, ready to be renamed into place
     * @throws IllegalArgumentException if {@code dir} cannot be a report directory ({@link #checkTarget})
     * @throws IOException if the report cannot be written; nothing is left of it
     */
    static Staged stage(Path dir, PageWriter writer) throws IOException {
        checkTarget(dir);
        Path target = dir.toAbsolutePath().normalize();
        Path created = target.getParent();
        while (created.getParent() != null && !Files.exists(created.getParent())) {
            created = created.getParent();
        }
        Staged staged = new Staged(target, dir, Files.exists(created) ? null : created);
        try {
            Files.createDirectories(target.getParent());
            staged.tmp = newSibling(target, ".tmp-");
            AtomicFile.deleteOnAbnormalExit(staged.tmp);
            String page;
            try {
                page = writer.write(staged.tmp);
            } catch (IllegalArgumentException e) {
                // The diagnosis and the directory were checked: what drawing refuses now (XChart's
                // or AWT's IllegalArgumentException) is a bug of the report, not bad input.
                throw new IllegalStateException("the report cannot be drawn: " + e.getMessage(), e);
            }
            Files.writeString(staged.tmp.resolve(INDEX), page, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException | Error e) {
            try {
                staged.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return staged;
    }

    /** A complete report in a hidden directory, waiting to replace the report directory. */
    public static final class Staged implements AutoCloseable {
        private final Path target;
        private final Path asGiven;
        /** The highest directory {@link #prepare} created for the report's parent, or null. */
        private final Path createdParents;
        private Path tmp;
        private boolean done;

        private Staged(Path target, Path asGiven, Path createdParents) {
            this.target = target;
            this.asGiven = asGiven;
            this.createdParents = createdParents;
        }

        /**
         * Renames the report into place, replacing a previous report.
         *
         * @return the page, {@code dir/index.html}
         * @throws IOException if the rename fails; the directory is then as it was
         */
        public Path commit() throws IOException {
            if (done) {
                throw new IllegalStateException("report already committed or discarded: " + asGiven);
            }
            replace(tmp, target, asGiven);
            done = true;
            AtomicFile.release(tmp);
            return target.resolve(INDEX);
        }

        /**
         * Unless the report was committed, deletes it and the directories created for it, so
         * that nothing of an abandoned report remains.
         */
        @Override
        public void close() throws IOException {
            if (done) {
                return;
            }
            done = true;
            if (tmp != null) {
                try {
                    ReportFiles.deleteTree(tmp);
                } finally {
                    AtomicFile.release(tmp);
                }
            }
            if (createdParents != null) {
                for (Path p = target.getParent(); p != null && p.startsWith(createdParents); p = p.getParent()) {
                    if (!ReportFiles.isEmptyDirectory(p)) {
                        break;
                    }
                    Files.delete(p);
                }
            }
        }
    }

    /** A new empty directory beside {@code target}, hidden, with the default permissions. */
    private static Path newSibling(Path target, String infix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = target.resolveSibling("." + target.getFileName() + infix
                    + Long.toHexString(NAMES.nextLong() & Long.MAX_VALUE));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void replace(Path tmp, Path target, Path asGiven) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            ReportFiles.move(tmp, target, false);
            return;
        }
        checkReplaceable(target, asGiven);
        Path old = target.resolveSibling("." + target.getFileName() + ".old-"
                + Long.toHexString(NAMES.nextLong() & Long.MAX_VALUE));
        ReportFiles.move(target, old, false);
        try {
            ReportFiles.move(tmp, target, false);
        } catch (IOException | RuntimeException e) {
            try {
                ReportFiles.move(old, target, false);
            } catch (IOException | RuntimeException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        try {
            ReportFiles.deleteTree(old);
        } catch (IOException e) {
            // The new report is in place; a hidden copy of the previous one remains beside it.
        }
    }

    /** Refuses an existing path that is not an empty directory or a previous report. */
    private static void checkReplaceable(Path target, Path asGiven) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("report directory exists and is not a directory: " + asGiven);
        }
        if (!isReport(target)) {
            throw new IllegalArgumentException("report directory exists and is not a jinit report "
                    + "(refusing to replace it): " + asGiven);
        }
    }

    /** Whether {@code dir} is empty or holds only a page written by this class, PNG files and next-step specs or rules. */
    static boolean isReport(Path dir) throws IOException {
        if (ReportFiles.isEmptyDirectory(dir)) {
            return true;
        }
        boolean page = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                if (name.equals(INDEX)) {
                    page = Files.readString(entry, StandardCharsets.UTF_8).contains(GENERATOR);
                } else if (!name.endsWith(".png") && !name.endsWith(MlpNextStep.SPEC_SUFFIX)
                        && !name.endsWith(TransformerRuns.Rules.SUFFIX)) {
                    return false;
                }
            }
        }
        return page;
    }

    /**
     * The page of a diagnosis whose charts are {@code charts}, each embedded whole.
     *
     * @param diagnosis what to report
     * @param charts the charts written beside the page
     * @param chartDir the directory that holds the charts' PNG files
     * @param provenance the command, version and day to name, or null for none
     * @return the HTML text
     * @throws IOException if a chart cannot be read back
     */
    static String page(Diagnosis diagnosis, List<ChartFile> charts, Path chartDir, Provenance provenance)
            throws IOException {
        return page(diagnosis, charts, chartDir, provenance, List.of(), null);
    }

    /**
     * The HTML page with a next step: the {@code jinit generate} command of each activation's
     * healthy choice, reading the spec beside the page.
     *
     * @param diagnosis what to report
     * @param charts the charts, in the order they were written
     * @param chartDir the directory that holds the charts' PNG files
     * @param provenance the command, version and day to name, or null for none
     * @param steps the next steps; none for no such section
     * @param reportDir the report directory as given, which the commands name
     * @return the HTML text
     * @throws IOException if a chart cannot be read back
     */
    static String page(Diagnosis diagnosis, List<ChartFile> charts, Path chartDir, Provenance provenance,
                       List<MlpNextStep> steps, String reportDir) throws IOException {
        Map<String, byte[]> pngs = new HashMap<>();
        for (ChartFile chart : charts) {
            pngs.put(chart.fileName(), Files.readAllBytes(chartDir.resolve(chart.fileName())));
        }
        Grid grid = Grid.of(diagnosis);
        StringBuilder h = new StringBuilder(64 * 1024);
        head(h, "jinit diagnose: " + String.join(", ", grid.activations()));
        h.append("<h1>Initialization diagnosis</h1>\n<p class=\"lede\">How the signal and its gradient travel "
                + "through a deep network under each initializer and activation: a batch is pushed forward "
                + "and the loss gradient back, and every layer is measured.</p>\n");
        summary(h, diagnosis, grid, provenance);
        verdictTable(h, grid);
        howToRead(h);
        for (String activation : grid.activations()) {
            activationSection(h, grid, activation, charts, pngs);
        }
        nextStep(h, steps, reportDir);
        h.append("<footer>Written by <code>jinit diagnose</code>. The same figures, machine-readable: "
                + "<code>jinit diagnose --json FILE</code>.</footer>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** Each activation's command, with a link to the spec it reads. */
    private static void nextStep(StringBuilder h, List<MlpNextStep> steps, String reportDir) {
        if (steps.isEmpty()) {
            return;
        }
        h.append("<section id=\"next-step\">\n<h2>Next step</h2>\n<p>The weights of each activation's healthy "
                + "choice, exactly as diagnosed: the spec beside this page (<code>ACTIVATION.spec.json</code>) names "
                + "every layer's weight, shape and initializer, and the diagnosis's seed keys them.</p>\n<dl class=\"run\">\n");
        for (MlpNextStep step : steps) {
            String what = step.specFile() == null ? esc(step.note())
                    : esc(step.initializer()) + ": <code>" + esc(step.command(reportDir)) + "</code>";
            item(h, esc(step.activation()), what);
        }
        h.append("</dl>\n</section>\n");
    }

    private static void summary(StringBuilder h, Diagnosis d, Grid grid, Provenance provenance) {
        h.append("<section id=\"run\">\n<h2>What was run</h2>\n<dl class=\"run\">\n");
        provenance(h, provenance);
        item(h, "Network", "a fully connected network (MLP): " + esc(Figures.network(d.widths())));
        item(h, "Batch", d.batch() + " examples");
        item(h, "Seed", String.valueOf(d.seed()) + " (input batch, weights and backward projection)");
        StringBuilder inits = new StringBuilder();
        for (String init : grid.initializers()) {
            inits.append(inits.length() == 0 ? "" : " ").append("<span class=\"init\">")
                    .append(swatch(grid, init)).append(esc(init)).append("</span>");
        }
        item(h, "Initializers", inits.toString());
        item(h, "Activations", esc(String.join(", ", grid.activations())));
        int combinations = grid.initializers().size() * grid.activations().size();
        item(h, "Runs", d.runs().size() + (d.runs().size() == combinations
                ? " (each initializer under each activation)"
                : " (of " + combinations + " combinations of initializer and activation)"));
        h.append("</dl>\n</section>\n");
    }

    /** The page's start: the head with its title, inline CSS and the generator mark, up to {@code <main>}. */
    static void head(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append(GENERATOR).append('\n')
                .append("<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
    }

    /** The provenance lines of a page's "What was run": the command, jinit's version and the day. */
    static void provenance(StringBuilder h, Provenance provenance) {
        if (provenance != null) {
            item(h, "Command", "<code>" + esc(provenance.command()) + "</code>");
            item(h, "Made by", "jinit " + esc(provenance.version()) + " on " + provenance.date() + " (UTC)");
        }
    }

    /** An embedded PNG: its bytes as a data: URI, with its size and alternative text. */
    static String image(byte[] png, int width, int height, String alt) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" width=\"" + width
                + "\" height=\"" + height + "\" alt=\"" + esc(alt) + "\">";
    }

    static void item(StringBuilder h, String term, String html) {
        h.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }

    private static String swatch(Grid grid, String init) {
        return "<span class=\"swatch\" style=\"background:" + Palette.css(Palette.initializer(grid.index(init)))
                + "\"></span>";
    }

    private static void verdictTable(StringBuilder h, Grid grid) {
        h.append("<section id=\"verdicts\">\n<h2>Verdicts</h2>\n<table class=\"verdicts\">\n<thead><tr>")
                .append("<th scope=\"col\">Initializer</th>");
        for (String activation : grid.activations()) {
            h.append("<th scope=\"col\">").append(esc(activation)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (String init : grid.initializers()) {
            h.append("<tr><th scope=\"row\">").append(swatch(grid, init)).append(esc(init)).append("</th>");
            for (String activation : grid.activations()) {
                RunReport run = grid.run(init, activation);
                if (run == null) {
                    h.append("<td class=\"none\">not run</td>");
                    continue;
                }
                String label = VerdictStyle.label(run.verdict());
                String reason = run.reason() == null || run.reason().isBlank() ? "no reason given" : run.reason();
                h.append("<td class=\"v v-").append(label).append("\" title=\"").append(esc(label + ": " + reason))
                        .append("\"><span class=\"word\">").append(label).append("</span><span class=\"why\">")
                        .append(esc(reason)).append("</span></td>");
            }
            h.append("</tr>\n");
        }
        h.append("<tr class=\"rec\"><th scope=\"row\">Recommended</th>");
        for (String activation : grid.activations()) {
            List<String> recs = grid.recommendations(activation);
            h.append("<td>").append(recs.isEmpty() ? "none given" : esc(String.join("; ", recs))).append("</td>");
        }
        h.append("</tr>\n</tbody>\n</table>\n</section>\n");
    }

    private static void howToRead(StringBuilder h) {
        h.append("<section id=\"how-to-read\">\n<h2>How to read this</h2>\n")
                .append("<p>Each layer gets one verdict; a run gets the first of these, in this order, that "
                        + "applies to any of its layers.</p>\n<dl class=\"legend\">\n");
        for (Verdict v : Verdict.values()) {
            String label = VerdictStyle.label(v);
            h.append("<dt><span class=\"chip v-").append(label).append("\">").append(label).append("</span></dt><dd>")
                    .append(esc(Diagnoser.rule(v))).append("</dd>\n");
        }
        h.append("</dl>\n<p>The line charts have a log scale: a straight line means the same factor per "
                + "layer, and a flat line a healthy network. A log scale cannot show zero, infinity or NaN: "
                + "zeros are drawn at the bottom of the axis (marked &times;) and infinities or NaN at the "
                + "top (marked +), and the legend gives the value drawn. In the histograms each panel has "
                + "its own x range, given in units of the power of ten in its title when the values are "
                + "very small or very large.</p>\n</section>\n");
    }

    private static void activationSection(StringBuilder h, Grid grid, String activation, List<ChartFile> charts,
                                          Map<String, byte[]> pngs) {
        h.append("<section class=\"activation\">\n<h2>").append(esc(activation)).append("</h2>\n");
        List<String> recs = grid.recommendations(activation);
        // Styled as a success only when the runs bear it out: when no run of the activation is
        // healthy the text says so, and the box must not look like a green light.
        boolean anyHealthy = grid.runs(activation).stream().anyMatch(r -> r.verdict() == Verdict.HEALTHY);
        h.append(anyHealthy ? "<p class=\"recommended\"><strong>Recommended:</strong> "
                : "<p class=\"recommended none-healthy\"><strong>No healthy run:</strong> ")
                .append(recs.isEmpty() ? "none given" : esc(String.join("; ", recs))).append("</p>\n");
        h.append("<p class=\"chips\">");
        for (RunReport run : grid.runs(activation)) {
            String label = VerdictStyle.label(run.verdict());
            h.append("<span class=\"chip v-").append(label).append("\" title=\"")
                    .append(esc(run.reason() == null ? label : run.reason())).append("\">")
                    .append(esc(run.initializer())).append(": ").append(label).append("</span> ");
        }
        h.append("</p>\n");
        for (ChartFile chart : charts) {
            if (chart.activation().equals(activation)) {
                h.append("<figure>").append(image(pngs.get(chart.fileName()), chart.width(), chart.height(), chart.title()))
                        .append("<figcaption>").append(esc(chart.description())).append("</figcaption></figure>\n");
            }
        }
        h.append("<details>\n<summary>Figures layer by layer</summary>\n");
        figures(h, grid, activation, "Pre-activation std / input std (judged: healthy from "
                + Figures.plain(Diagnoser.VANISHING_STD_RATIO) + " to " + Figures.plain(Diagnoser.EXPLODING_STD_RATIO)
                + ")", TerminalReport.SIGNAL);
        figures(h, grid, activation, "Weight-gradient norm / last layer's (judged: healthy from "
                + Figures.plain(Diagnoser.VANISHING_GRADIENT_RATIO) + " to "
                + Figures.plain(Diagnoser.EXPLODING_GRADIENT_RATIO) + ")", TerminalReport.GRADIENT);
        figures(h, grid, activation, "Activation std (the histograms' values)", (run, l) -> l.std());
        figures(h, grid, activation, "Weight-gradient norm", (run, l) -> l.weightGradientNorm());
        figures(h, grid, activation, "Units dead (never positive)", (run, l) -> l.deadFraction());
        figures(h, grid, activation, "Units saturated", (run, l) -> l.saturatedFraction());
        h.append("</details>\n</section>\n");
    }

    private static void figures(StringBuilder h, Grid grid, String activation, String what,
                                TerminalReport.LayerFigure figure) {
        boolean fraction = what.startsWith("Units");
        List<RunReport> runs = grid.runs(activation);
        h.append("<table class=\"figures\">\n<caption>").append(esc(what)).append("</caption>\n<thead><tr>")
                .append("<th scope=\"col\">Layer</th>");
        for (RunReport run : runs) {
            h.append("<th scope=\"col\">").append(esc(run.initializer())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (int layer = 1; layer <= grid.depth(activation); layer++) {
            h.append("<tr><th scope=\"row\">").append(layer).append("</th>");
            for (RunReport run : runs) {
                String cell = "-";
                if (layer <= run.layers().size()) {
                    double v = figure.at(run, run.layers().get(layer - 1));
                    cell = fraction ? Figures.percent(v) : Figures.format(v);
                }
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** Escapes text for HTML content and double-quoted attributes. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> String.valueOf(c);
            });
        }
        return out.toString();
    }

    /** The page's style: the reader's own sans-serif fonts, nothing fetched. */
    private static final String CSS = String.join("\n",
            "body { margin: 0; color: #222; background: #fff; line-height: 1.5;",
            "  font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif; }",
            "main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }",
            "h1 { font-size: 1.75rem; margin: 0 0 .25rem; }",
            "h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid #e3e3e3; }",
            ".lede { color: #555; margin-top: 0; }",
            "code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }",
            "dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.25rem; margin: 0; }",
            "dl.run dt { color: #555; } dl.run dd { margin: 0; }",
            ".init { white-space: nowrap; margin-right: .9em; }",
            ".swatch { display: inline-block; width: .75em; height: .75em; border-radius: 2px; margin-right: .4em; }",
            "table { border-collapse: collapse; width: 100%; font-size: .92rem; }",
            "th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border: 1px solid #e3e3e3; }",
            "thead th { background: #f5f5f5; }",
            "tbody th { white-space: nowrap; font-weight: 600; }",
            "td.v { border-left-width: 4px; }",
            ".v .word { display: block; font-weight: 700; }",
            ".v .why { display: block; font-size: .8rem; color: #333; }",
            "tr.rec td, tr.rec th { background: #fafafa; font-size: .85rem; }",
            "td.none { color: #888; font-style: italic; }",
            ".v-healthy { background: #e7f5e5; border-left-color: #2e7d32 !important; } .v-healthy .word { color: #1b5e20; }",
            ".v-vanishing { background: #e3edf8; border-left-color: #1f5fa8 !important; } .v-vanishing .word { color: #174a84; }",
            ".v-exploding { background: #fbe5e3; border-left-color: #c0392b !important; } .v-exploding .word { color: #9c2a1e; }",
            ".v-saturated { background: #fdf1d8; border-left-color: #c77c00 !important; } .v-saturated .word { color: #855300; }",
            ".v-dead { background: #ececec; border-left-color: #666 !important; } .v-dead .word { color: #333; }",
            ".v-symmetric { background: #f1e6f8; border-left-color: #7b3fa0 !important; } .v-symmetric .word { color: #5e2d7d; }",
            ".chip { display: inline-block; padding: .05rem .5rem; border-radius: 3px; border-left: 4px solid; "
                    + "font-size: .85rem; margin: 0 .3rem .3rem 0; }",
            "dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; }",
            "dl.legend dd { margin: 0; }",
            ".recommended { background: #f5f9f5; border-left: 4px solid #2e7d32; padding: .5rem .75rem; }",
            ".recommended.none-healthy { background: #fdf6e3; border-left-color: #c77c00; }",
            "figure { margin: 1.25rem 0; }",
            "img { max-width: 100%; height: auto; border: 1px solid #eee; }",
            "figcaption { color: #555; font-size: .88rem; margin-top: .3rem; }",
            "details { margin: 1rem 0 0; } summary { cursor: pointer; font-weight: 600; }",
            "table.figures { margin: .75rem 0 1.25rem; font-size: .85rem; }",
            "table.figures caption { text-align: left; font-weight: 600; padding: .25rem 0; }",
            "table.figures th, table.figures td { padding: .2rem .6rem; }",
            "table.figures td { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; "
                    + "font-variant-numeric: tabular-nums; }",
            "footer { margin-top: 3rem; color: #777; font-size: .85rem; }",
            "");
}
