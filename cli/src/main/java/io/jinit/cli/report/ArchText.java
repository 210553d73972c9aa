package io.jinit.cli.report;

import io.jinit.cli.report.ArchDiagnosis.Run;
import io.jinit.cli.report.ArchDiagnosis.Verdict;
import io.jinit.diagnosis.convolution.BlockFigures;
import io.jinit.diagnosis.convolution.ResNetSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ResNet diagnosis ({@code jinit diagnose --arch}) as plain text for a terminal, at most
 * {@value TerminalReport#MAX_COLUMNS} columns wide: per recipe a table of its blocks and the
 * gradient norms of its parameter groups, then the verdicts and what they mean.
 *
 * @since 0.1
 */
public final class ArchText {
    private static final int NAME = 10;
    private static final int COLUMN = 12;

    private ArchText() {
    }

    /**
     * The architecture's name as the command takes it.
     *
     * @param spec the network
     * @return {@code resnet18} or {@code resnet18-plain}
     */
    static String arch(ResNetSpec spec) {
        return "resnet18" + (spec.shortcuts() ? "" : "-plain");
    }

    /**
     * The network in one line: depth, widths, image size.
     *
     * @param d the diagnosis
     * @return the description
     */
    static String network(ArchDiagnosis d) {
        ResNetSpec spec = d.spec();
        List<Integer> widths = new ArrayList<>();
        for (int s = 0; s < spec.blocks().size(); s++) {
            widths.add(spec.width(s));
        }
        return arch(spec) + " (" + (spec.shortcuts() ? "" : "no shortcuts, ") + "width multiplier "
                + Figures.plain(spec.widthMultiplier()) + ": stage widths " + widths + ", blocks " + spec.blocks()
                + "), images 3 x " + spec.imageSize() + " x " + spec.imageSize() + ", batch " + d.batch()
                + ", seed " + d.seed();
    }

    /**
     * The diagnosis as text.
     *
     * @param d what to write
     * @return the lines, each ending with a newline
     */
    public static String render(ArchDiagnosis d) {
        List<String> lines = new ArrayList<>();
        lines.add("jinit diagnose --arch: one forward and backward pass of a ResNet per recipe");
        TerminalReport.wrap(lines, "  network: " + network(d), "    ");
        TerminalReport.wrap(lines, "  input: standard normal images; loss: the logits against a fixed random "
                + "projection, so every recipe gets the same gradient at the output", "    ");
        for (Run run : d.runs()) {
            lines.add("");
            TerminalReport.wrap(lines, run.recipe() + " (input std " + Figures.format(run.figures().inputStd())
                    + ", gradient at the image " + Figures.format(ArchDiagnosis.imageGradient(run.figures())) + ")",
                    "  ");
            table(lines, run);
            StringBuilder groups = new StringBuilder("  gradient norms:");
            String sep = " ";
            for (Map.Entry<String, Double> g : ArchDiagnosis.groupGradients(run.figures()).entrySet()) {
                groups.append(sep).append(g.getKey()).append(' ').append(Figures.format(g.getValue()));
                sep = ", ";
            }
            TerminalReport.wrap(lines, groups.toString(), "    ");
        }
        lines.add("");
        lines.add("Verdicts");
        for (Run run : d.runs()) {
            TerminalReport.wrap(lines, "  " + run.recipe() + ": " + run.verdict().label().toUpperCase(Locale.ROOT)
                    + ": " + run.reason() + identity(run), "      ");
        }
        lines.add("");
        lines.add("What they mean");
        for (Verdict v : Verdict.values()) {
            TerminalReport.wrap(lines, "  " + v.label() + ": " + ArchDiagnosis.rule(v) + ".", "      ");
        }
        if (d.runs().stream().anyMatch(r -> !r.identityBlocks().isEmpty())) {
            TerminalReport.wrap(lines, "  identity: " + ArchDiagnosis.IDENTITY_NOTE + ".", "      ");
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
     * @param d what to write
     * @param out where
     */
    public static void write(ArchDiagnosis d, PrintWriter out) {
        out.print(render(d));
        out.flush();
    }

    /** The note on identity blocks that follows a verdict, or nothing. */
    static String identity(Run run) {
        int n = run.identityBlocks().size();
        if (n == 0) {
            return "";
        }
        return "; " + (n == run.figures().blocks().size() ? "every block" : n + " of "
                + run.figures().blocks().size() + " blocks") + " starts as the identity (branch-to-skip 0), "
                + "as zero_init_residual intends";
    }

    /** The headers of the block table, in the order of its columns. */
    static final List<String> HEADERS = List.of("std in", "std out", "branch/skip", "zeros out", "grad in");

    private static void table(List<String> lines, Run run) {
        StringBuilder header = new StringBuilder(pad("block", NAME));
        for (String h : HEADERS) {
            header.append(pad(h, COLUMN));
        }
        lines.add("  " + header.toString().stripTrailing());
        lines.add("  " + "-".repeat(header.toString().stripTrailing().length()));
        for (BlockFigures b : run.figures().blocks()) {
            StringBuilder row = new StringBuilder(pad(b.name(), NAME));
            row.append(pad(Figures.format(b.inputStd()), COLUMN));
            row.append(pad(Figures.format(b.outputStd()), COLUMN));
            row.append(pad(b.branchToSkip().isPresent() ? Figures.format(b.branchToSkip().getAsDouble()) : "-",
                    COLUMN));
            row.append(pad(Figures.percent(ArchDiagnosis.zeroFraction(run.figures(), b)), COLUMN));
            row.append(Figures.format(b.inputGradientNorm()));
            lines.add("  " + row.toString().stripTrailing());
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(1, width - s.length()));
    }
}
