package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnosis as plain text for a terminal, at most {@value #MAX_COLUMNS} columns wide:
 * <ol>
 * <li>per activation, the two figures the verdicts bound, for every layer under every initializer
 * (one column per initializer, as in seed 002's tables): the pre-activation std relative to the
 * input's and the weight-gradient norm relative to the last layer's, with each run's verdict in
 * the last row;</li>
 * <li>the verdict of every (initializer, activation), then the reason of each that is not
 * healthy;</li>
 * <li>the recommended initializer of each activation.</li>
 * </ol>
 * Tables too wide for the terminal are split into several, each repeating the first column.
 * Verdicts are coloured with ANSI escapes only when asked.
 *
 * @since 0.1
 */
public final class TerminalReport {
    /** No line is longer than this. */
    public static final int MAX_COLUMNS = 100;

    /**
     * Column headers and row labels longer than this run on over several lines of this width, so
     * that names which differ only past it ({@code variance_scaling(scale=1, ...)} and
     * {@code (scale=2, ...)}) stay apart.
     */
    static final int MAX_HEADER = 16;

    private static final String GAP = "  ";
    private static final String INDENT = "  ";
    private static final String HANGING = "      ";

    private final boolean colour;

    /** A report without colour. */
    public TerminalReport() {
        this(false);
    }

    /**
     * A report that colours the verdicts with ANSI escapes when {@code colour} is true. Pass true
     * only when standard output is a terminal and the user has not turned colour off.
     *
     * @param colour whether to colour the verdicts
     */
    public TerminalReport(boolean colour) {
        this.colour = colour;
    }

    /**
     * Writes the report and flushes.
     *
     * @param diagnosis what to report
     * @param out where to write
     */
    public void write(Diagnosis diagnosis, PrintWriter out) {
        write(diagnosis, null, out);
    }

    /**
     * Writes the report, whose next step names the spec files in the report directory, and flushes.
     *
     * @param diagnosis what to report
     * @param reportDir the report directory as given, which holds the specs, or null for none
     * @param out where to write
     */
    public void write(Diagnosis diagnosis, String reportDir, PrintWriter out) {
        Grid grid = Grid.of(diagnosis);
        List<String> lines = new ArrayList<>();
        wrap(lines, "jinit diagnose: " + Figures.network(diagnosis.widths()) + "; batch " + diagnosis.batch()
                + "; seed " + diagnosis.seed(), "");
        for (String activation : grid.activations()) {
            lines.add("");
            figureTables(lines, grid, activation);
        }
        lines.add("");
        summary(lines, grid);
        lines.add("");
        nextStep(lines, MlpNextStep.of(diagnosis), reportDir);
        for (String line : lines) {
            out.println(line);
        }
        out.flush();
    }

    /**
     * The report as a string.
     *
     * @param diagnosis what to report
     * @return the lines of the report, each ending with a line separator
     */
    public String render(Diagnosis diagnosis) {
        StringWriter s = new StringWriter();
        write(diagnosis, new PrintWriter(s));
        return s.toString();
    }

    /** A figure of a run at a layer (1-based), as the verdicts judge it. */
    @FunctionalInterface
    interface LayerFigure {
        double at(RunReport run, LayerReport layer);
    }

    /** The pre-activation std of a layer relative to the input's, which the verdicts bound. */
    static final LayerFigure SIGNAL = (run, layer) -> layer.preActivationStd() / run.inputStd();
    /** The weight-gradient norm of a layer relative to the last layer's, which the verdicts bound. */
    static final LayerFigure GRADIENT = (run, layer) -> layer.weightGradientRatio();

    /** The two figures the verdicts bound, by layer, and each run's verdict below them. */
    private void figureTables(List<String> lines, Grid grid, String activation) {
        List<RunReport> runs = grid.runs(activation);
        double inputStd = runs.isEmpty() ? Double.NaN : runs.get(0).inputStd();
        boolean sameInput = runs.stream().allMatch(r -> Double.compare(r.inputStd(), inputStd) == 0);
        int depth = grid.depth(activation);
        wrap(lines, heading(activation + ": pre-activation std / input std, by layer"
                + (sameInput ? " (input std " + Figures.format(inputStd) + ")" : "") + "; healthy from "
                + Figures.plain(Diagnoser.VANISHING_STD_RATIO) + " to " + Figures.plain(Diagnoser.EXPLODING_STD_RATIO)),
                "");
        lines.add("");
        layerTable(grid, activation, SIGNAL, false).render(lines);
        lines.add("");
        wrap(lines, heading(activation + ": weight-gradient norm / layer " + depth + "'s (the last), by layer; healthy "
                + "from " + Figures.plain(Diagnoser.VANISHING_GRADIENT_RATIO) + " to "
                + Figures.plain(Diagnoser.EXPLODING_GRADIENT_RATIO)), "");
        lines.add("");
        layerTable(grid, activation, GRADIENT, true).render(lines);
    }

    private Table layerTable(Grid grid, String activation, LayerFigure figure, boolean verdictRow) {
        List<RunReport> runs = grid.runs(activation);
        Table table = new Table("Layer");
        for (RunReport run : runs) {
            table.column(run.initializer());
        }
        int depth = grid.depth(activation);
        for (int layer = 1; layer <= depth; layer++) {
            List<String> cells = new ArrayList<>();
            for (RunReport run : runs) {
                LayerReport l = layer <= run.layers().size() ? run.layers().get(layer - 1) : null;
                cells.add(l == null ? "-" : Figures.format(figure.at(run, l)));
            }
            table.row(String.valueOf(layer), cells, null);
        }
        if (verdictRow) {
            List<String> verdicts = new ArrayList<>();
            List<Verdict> kinds = new ArrayList<>();
            for (RunReport run : runs) {
                verdicts.add(VerdictStyle.label(run.verdict()));
                kinds.add(run.verdict());
            }
            table.rule();
            table.row("verdict", verdicts, kinds);
        }
        return table;
    }

    private void summary(List<String> lines, Grid grid) {
        lines.add(heading("Verdicts (initializer x activation)"));
        lines.add("");
        Table table = new Table("Initializer");
        for (String activation : grid.activations()) {
            table.column(activation);
        }
        for (String init : grid.initializers()) {
            List<String> cells = new ArrayList<>();
            List<Verdict> kinds = new ArrayList<>();
            for (String activation : grid.activations()) {
                RunReport run = grid.run(init, activation);
                cells.add(run == null ? "-" : VerdictStyle.label(run.verdict()));
                kinds.add(run == null ? null : run.verdict());
            }
            table.row(init, cells, kinds);
        }
        table.render(lines);

        List<String> why = new ArrayList<>();
        for (String activation : grid.activations()) {
            for (RunReport run : grid.runs(activation)) {
                if (run.verdict() != Verdict.HEALTHY) {
                    String reason = run.reason() == null || run.reason().isBlank() ? "(no reason given)" : run.reason();
                    wrap(why, INDENT + activation + ", " + run.initializer() + ": "
                            + paint(VerdictStyle.label(run.verdict()), run.verdict()) + ": " + reason, HANGING);
                }
            }
        }
        if (!why.isEmpty()) {
            lines.add("");
            lines.add(heading("Why"));
            lines.addAll(why);
        }
        lines.add("");
        lines.add(heading("Recommended"));
        for (String activation : grid.activations()) {
            List<String> recs = grid.recommendations(activation);
            if (recs.isEmpty()) {
                wrap(lines, INDENT + activation + ": (no recommendation given)", HANGING);
            }
            for (String rec : recs) {
                wrap(lines, INDENT + activation + ": " + rec, HANGING);
            }
        }
    }

    /**
     * The {@code jinit generate} command of each activation's healthy choice, which writes the
     * weights the diagnosis judged; without a report directory the specs are not written, and the
     * lines say how to get them.
     */
    private void nextStep(List<String> lines, List<MlpNextStep> steps, String reportDir) {
        lines.add(heading("Next step: the weights of the healthy choice, as diagnosed"));
        for (MlpNextStep step : steps) {
            if (step.specFile() == null) {
                wrap(lines, INDENT + step.activation() + ": " + step.note(), HANGING);
            } else if (reportDir == null) {
                wrap(lines, INDENT + step.activation() + ": " + step.initializer() + "; --report DIR writes "
                        + "DIR/" + step.specFile() + ", which " + step.command("DIR") + " reads", HANGING);
            } else {
                wrap(lines, INDENT + step.activation() + ": " + step.initializer(), HANGING);
                lines.add(HANGING + step.command(reportDir));
            }
        }
    }

    private String heading(String text) {
        return colour ? "\u001b[1m" + text + "\u001b[0m" : text;
    }

    private String paint(String text, Verdict verdict) {
        return colour && verdict != null ? "\u001b[" + VerdictStyle.ansi(verdict) + "m" + text + "\u001b[0m" : text;
    }

    /** The visible length of a line: its length without ANSI escapes. */
    static int visibleLength(String line) {
        return line.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }

    /**
     * Appends {@code text} as lines of at most {@link #MAX_COLUMNS} visible characters, breaking at
     * spaces (or inside a word longer than a line); continuation lines start with {@code hanging}.
     */
    static void wrap(List<String> lines, String text, String hanging) {
        String rest = text;
        String prefix = "";
        while (visibleLength(prefix + rest) > MAX_COLUMNS) {
            String line = prefix + rest;
            int budget = MAX_COLUMNS;
            // the cut position in the raw string that keeps MAX_COLUMNS visible characters
            int cut = rawIndex(line, budget);
            int space = line.lastIndexOf(' ', cut);
            int minimum = prefix.length() + 1;
            if (space >= minimum) {
                lines.add(line.substring(0, space).stripTrailing());
                rest = line.substring(space + 1);
            } else {
                lines.add(line.substring(0, cut));
                rest = line.substring(cut);
            }
            prefix = hanging;
        }
        lines.add(prefix + rest);
    }

    /** The index in {@code line} just after its first {@code visible} visible characters. */
    private static int rawIndex(String line, int visible) {
        int seen = 0;
        int i = 0;
        while (i < line.length() && seen < visible) {
            if (line.charAt(i) == '\u001b') {
                int m = line.indexOf('m', i);
                i = m < 0 ? line.length() : m + 1;
            } else {
                seen++;
                i++;
            }
        }
        return i;
    }

    /** A left-aligned text table, split into several when wider than the terminal. */
    private final class Table {
        private final String corner;
        private final List<String> headers = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<List<String>> rows = new ArrayList<>();
        private final List<List<Verdict>> kinds = new ArrayList<>();

        Table(String corner) {
            this.corner = corner;
        }

        void column(String header) {
            headers.add(header);
        }

        void row(String label, List<String> cells, List<Verdict> verdicts) {
            labels.add(label);
            rows.add(cells);
            kinds.add(verdicts);
        }

        void rule() {
            labels.add(null);
            rows.add(null);
            kinds.add(null);
        }

        void render(List<String> lines) {
            int labelWidth = corner.length();
            for (String label : labels) {
                if (label != null) {
                    labelWidth = Math.min(Math.max(labelWidth, label.length()), MAX_HEADER);
                }
            }
            int[] widths = new int[headers.size()];
            for (int c = 0; c < headers.size(); c++) {
                widths[c] = Math.min(headers.get(c).length(), MAX_HEADER);
                for (List<String> row : rows) {
                    if (row != null) {
                        widths[c] = Math.max(widths[c], row.get(c).length());
                    }
                }
            }
            int from = 0;
            while (from < headers.size()) {
                int to = from;
                int used = labelWidth;
                while (to < headers.size() && (to == from || used + GAP.length() + widths[to] <= MAX_COLUMNS)) {
                    used += GAP.length() + widths[to];
                    to++;
                }
                if (from > 0) {
                    lines.add("");
                }
                block(lines, labelWidth, widths, from, to);
                from = to;
            }
        }

        private void block(List<String> lines, int labelWidth, int[] widths, int from, int to) {
            int headerLines = 1;
            for (int c = from; c < to; c++) {
                headerLines = Math.max(headerLines, lineCount(headers.get(c), widths[c]));
            }
            StringBuilder rule = new StringBuilder("-".repeat(labelWidth));
            for (int c = from; c < to; c++) {
                rule.append(GAP).append("-".repeat(widths[c]));
            }
            for (int h = 0; h < headerLines; h++) {
                StringBuilder header = new StringBuilder(pad(h == 0 ? corner : "", labelWidth));
                for (int c = from; c < to; c++) {
                    header.append(GAP).append(pad(lineOf(headers.get(c), widths[c], h), widths[c]));
                }
                lines.add(header.toString().stripTrailing());
            }
            lines.add(rule.toString());
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r) == null) {
                    lines.add(rule.toString());
                    continue;
                }
                String label = labels.get(r);
                StringBuilder line = new StringBuilder(pad(lineOf(label, labelWidth, 0), labelWidth));
                for (int c = from; c < to; c++) {
                    String cell = rows.get(r).get(c);
                    Verdict verdict = kinds.get(r) == null ? null : kinds.get(r).get(c);
                    line.append(GAP).append(paint(cell, verdict)).append(" ".repeat(widths[c] - cell.length()));
                }
                lines.add(line.toString().stripTrailing());
                for (int more = 1; more < lineCount(label, labelWidth); more++) {
                    lines.add(lineOf(label, labelWidth, more));
                }
            }
        }

        /** How many lines of {@code width} characters {@code text} takes (at least 1). */
        private static int lineCount(String text, int width) {
            return Math.max(1, (text.length() + width - 1) / width);
        }

        /** Line {@code line} of {@code text} cut into lines of {@code width} characters; empty past its end. */
        private static String lineOf(String text, int width, int line) {
            int start = Math.min(text.length(), line * width);
            return text.substring(start, Math.min(text.length(), start + width));
        }

        private String pad(String s, int width) {
            return s + " ".repeat(Math.max(0, width - s.length()));
        }
    }
}
