package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Trend;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.coordinates.Parametrization;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A width sweep (muP's coordinate check) as plain text for a terminal, at most
 * {@value TerminalReport#MAX_COLUMNS} columns wide: per parametrization, each layer's update size
 * at every width, its slope against width and the trend, then what the trends mean for tuning and,
 * for a transformer stack, the rules muP was run with.
 *
 * @since 0.1
 */
public final class SweepText {
    /** Widths per block of a table, so that a line stays within the terminal's width. */
    private static final int WIDTHS_PER_BLOCK = 6;
    private static final int COLUMN = 12;

    private SweepText() {
    }

    /**
     * The name a report gives a parametrization: {@code standard} or {@code mup}.
     *
     * @param p the parametrization
     * @return its name
     */
    static String name(Parametrization p) {
        return p == Parametrization.STANDARD ? "standard" : "mup";
    }

    /**
     * The sweep as text.
     *
     * @param sweep what to write
     * @return the lines, each ending with a newline
     */
    public static String render(WidthSweep sweep) {
        WidthSweep.Words words = sweep.words();
        List<String> lines = new ArrayList<>();
        TerminalReport.wrap(lines, words.command() + ": " + words.check() + " (" + words.paper() + ")", "  ");
        TerminalReport.wrap(lines, "network: " + words.network(), "  ");
        TerminalReport.wrap(lines, "training: " + (sweep.optimizer() == Optimizer.ADAM ? "Adam" : "SGD")
                + ", learning rate " + Figures.plain(sweep.learningRate()) + " at the base width " + sweep.baseWidth()
                + ", " + sweep.steps() + " step" + (sweep.steps() == 1 ? "" : "s") + " on a batch of "
                + words.batchWords() + "; seed " + sweep.seed(), "  ");
        lines.add("");
        TerminalReport.wrap(lines, "Update size after " + sweep.steps() + " step" + (sweep.steps() == 1 ? "" : "s")
                + ", mean |h(t) - h(0)|, by width n; slope against n on log-log axes, stable within +-"
                + Figures.plain(CoordinateCheck.STABLE_SLOPE), "");
        lines.add("");
        for (Parametrization p : Parametrization.values()) {
            lines.add(p == Parametrization.STANDARD ? "standard parametrization (SP)" : "muP");
            table(lines, sweep, p);
            lines.add("");
        }
        lines.add("What it means");
        for (Parametrization p : Parametrization.values()) {
            TerminalReport.wrap(lines, "  " + (p == Parametrization.STANDARD ? "SP: " : "muP: ") + meaning(sweep, p),
                    "      ");
        }
        if (!words.rules().isEmpty()) {
            TerminalReport.wrap(lines, "  " + words.rules(), "  ");
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /**
     * Writes {@link #render} to {@code out}.
     *
     * @param sweep what to write
     * @param out where
     */
    public static void write(WidthSweep sweep, PrintWriter out) {
        out.print(render(sweep));
        out.flush();
    }

    private static void table(List<String> lines, WidthSweep sweep, Parametrization p) {
        List<Curve> curves = sweep.curves().stream().filter(c -> c.parametrization() == p).toList();
        int layers = sweep.layers();
        for (int from = 0; from < curves.size(); from += WIDTHS_PER_BLOCK) {
            int to = Math.min(curves.size(), from + WIDTHS_PER_BLOCK);
            boolean last = to == curves.size();
            StringBuilder header = new StringBuilder(pad(sweep.words().unit(), 8));
            for (int c = from; c < to; c++) {
                header.append(pad("n=" + curves.get(c).width(), COLUMN));
            }
            if (last) {
                header.append(pad("slope", 8)).append("trend");
            }
            lines.add(header.toString().stripTrailing());
            lines.add("-".repeat(header.toString().stripTrailing().length()));
            for (int l = 1; l <= layers; l++) {
                StringBuilder row = new StringBuilder(pad(sweep.words().rowLabels().get(l - 1), 8));
                for (int c = from; c < to; c++) {
                    row.append(pad(Figures.format(curves.get(c).updateSize()[sweep.steps()][l - 1]), COLUMN));
                }
                if (last) {
                    Slope s = slope(sweep, p, l);
                    row.append(pad(slope(s.updateSlope()), 8))
                            .append(s.trend().name().toLowerCase(Locale.ROOT).replace('_', ' '));
                }
                lines.add(row.toString().stripTrailing());
            }
        }
    }

    /** What the trends of one parametrization say about tuning at the base width. */
    static String meaning(WidthSweep sweep, Parametrization p) {
        int layers = sweep.layers();
        int widest = sweep.widths().get(sweep.widths().size() - 1);
        String outputName = "the " + sweep.words().layerNames().get(layers - 1);
        List<String> grows = new ArrayList<>();
        List<String> shrinks = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        Slope output = slope(sweep, p, layers);
        for (int l = 1; l <= layers; l++) {
            Slope s = slope(sweep, p, l);
            String name = l == layers ? outputName : sweep.words().layerNames().get(l - 1);
            switch (s.trend()) {
                case GROWS -> grows.add(name);
                case SHRINKS -> shrinks.add(name);
                case NOT_FINITE -> broken.add(name);
                case STABLE -> { }
            }
        }
        List<String> parts = new ArrayList<>();
        if (!broken.isEmpty()) {
            parts.add("a size of " + names(broken) + " is zero or not finite (the training diverged "
                    + "or nothing changed), so there is no slope");
        }
        if (!grows.isEmpty()) {
            String outputLaw = output.trend() == Trend.GROWS
                    ? " (" + outputName + "'s like n^" + slope(output.updateSlope()) + ")" : "";
            parts.add("the updates of " + names(grows) + " grow with width" + outputLaw + ": a learning rate tuned at "
                    + "width " + sweep.baseWidth() + " is too large at width " + widest);
        }
        if (!shrinks.isEmpty()) {
            parts.add("the updates of " + names(shrinks) + " shrink with width: at width " + widest
                    + " they barely learn at the rate tuned at width " + sweep.baseWidth());
        }
        if (parts.isEmpty()) {
            return "every " + sweep.words().unit() + "'s update keeps its size as the network widens: the learning "
                    + "rate and initialization tuned at width " + sweep.baseWidth() + " carry over to width " + widest
                    + ".";
        }
        return String.join("; ", parts) + ".";
    }

    static Slope slope(WidthSweep sweep, Parametrization p, int layer) {
        for (Slope s : sweep.slopes()) {
            if (s.parametrization() == p && s.layer() == layer) {
                return s;
            }
        }
        throw new IllegalArgumentException("no slope for " + p + " layer " + layer);
    }

    /** A slope with two decimals; a slope that rounds to zero is {@code 0.00}, never {@code -0.00}. */
    static String slope(double slope) {
        double rounded = Math.round(slope * 100) / 100.0;
        return Double.isFinite(slope) ? String.format(Locale.ROOT, "%.2f", rounded == 0 ? 0.0 : rounded) : "NaN";
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String names(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }
}
