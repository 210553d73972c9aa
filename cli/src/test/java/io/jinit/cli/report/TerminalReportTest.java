package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalReportTest {

    @Test
    void everyLineFitsAndEveryInitializerAndVerdictIsThere() {
        Diagnosis d = Diagnoses.seed002();
        String text = new TerminalReport().render(d);
        assertFits(text);
        assertThat(text).doesNotContain("\u001b");
        for (String init : Diagnoses.INITIALIZERS) {
            assertThat(text).contains(init);
        }
        for (String activation : Diagnoses.ACTIVATIONS) {
            assertThat(text).contains(activation + ": pre-activation std / input std, by layer",
                    activation + ": weight-gradient norm / layer 10's (the last), by layer; healthy from 0.01 to 100");
        }
        for (RunReport run : d.runs()) {
            assertThat(text).contains(VerdictStyle.label(run.verdict()));
            if (run.verdict() != Verdict.HEALTHY) {
                assertThat(text.replaceAll("\\s+", " ")).contains(run.reason().replaceAll("\\s+", " "));
            }
        }
        for (RunReport run : d.runs()) {
            assertThat(text.replaceAll("\\s+", " ")).contains(run.activation() + ": "
                    + run.recommendation().replaceAll("\\s+", " "));
        }
        assertThat(text).contains("input 256, 10 layers of 256", "batch 32", "seed 2");
    }

    /** The tables show the two figures the verdicts judge, with the bounds, and the verdicts below. */
    @Test
    void eachActivationTableHasOneRowPerLayerAndTheVerdictRowLast() {
        Diagnosis d = Diagnoses.seed002();
        List<String> lines = new TerminalReport().render(d).lines().toList();
        int start = lines.indexOf("relu: pre-activation std / input std, by layer (input std "
                + Figures.format(d.runs().get(0).inputStd()) + "); healthy from 0.1 to 10");
        assertThat(start).isNotNegative();
        assertThat(lines.get(start + 2)).startsWith("Layer").contains("zeros", "std=0.01", "he_normal");
        RunReport vanishing = Grid.of(d).run("std=0.01", "relu");
        for (int layer = 1; layer <= Diagnoses.LAYERS; layer++) {
            LayerReport l = vanishing.layers().get(layer - 1);
            assertThat(lines.get(start + 3 + layer)).startsWith(layer + " ")
                    .contains(Figures.format(l.preActivationStd() / vanishing.inputStd()));
        }
        int gradients = lines.indexOf("relu: weight-gradient norm / layer 10's (the last), by layer; healthy from "
                + "0.01 to 100");
        assertThat(gradients).isGreaterThan(start);
        for (int layer = 1; layer <= Diagnoses.LAYERS; layer++) {
            assertThat(lines.get(gradients + 3 + layer)).startsWith(layer + " ")
                    .contains(Figures.format(vanishing.layers().get(layer - 1).weightGradientRatio()));
        }
        assertThat(lines.get(gradients + 3 + Diagnoses.LAYERS + 2))
                .startsWith("verdict").contains("symmetric", "vanishing", "exploding", "healthy");
    }

    @Test
    void colourOnlyWhenAskedAndNeverCountedInTheWidth() {
        String plain = new TerminalReport().render(Diagnoses.everyVerdict());
        String coloured = new TerminalReport(true).render(Diagnoses.everyVerdict());
        assertThat(plain).doesNotContain("\u001b");
        assertThat(coloured).contains("\u001b[32mhealthy\u001b[0m", "\u001b[31mexploding\u001b[0m");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
        assertFits(coloured);
    }

    @Test
    void wideDiagnosesAreSplitIntoTablesThatFit() {
        List<RunReport> runs = new ArrayList<>();
        List<String> inits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inits.add("variance_scaling(scale=" + (i + 1) + ", mode=fan_avg)");
        }
        Diagnosis base = Diagnoses.small();
        for (String activation : List.of("relu", "leaky_relu(negative_slope=0.2)", "tanh", "gelu", "swish", "elu",
                "softplus", "mish", "hard_sigmoid", "sigmoid")) {
            for (String init : inits) {
                RunReport r = base.runs().get(0);
                runs.add(new RunReport(init, activation, r.inputStd(), r.layers(), r.verdict(), r.reason(),
                        r.recommendation(), r.firstLayer(), r.middleLayer(), r.lastLayer()));
            }
        }
        String text = new TerminalReport().render(new Diagnosis(base.widths(), 8, 1, runs));
        assertFits(text);
        // Long names run on over several header lines, 16 characters each, so none is cut short.
        assertThat(text).doesNotContain("~").contains("variance_scaling", "(scale=12, mode=", "leaky_relu(negat",
                "ive_slope=0.2)");
        assertThat(text.lines().filter(l -> l.startsWith("Layer")).count()).isGreaterThan(10);
    }

    @Test
    void nonFiniteFiguresAndMissingTextsAreWrittenNotFatal() {
        String text = new TerminalReport().render(Diagnoses.nonFinite());
        assertFits(text);
        assertThat(text).contains("inf", "(no reason given)",
                "tanh: pre-activation std / input std, by layer; healthy from 0.1 to 10\n");
        List<LayerReport> odd = List.of(new LayerReport(1, 4, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null));
        Diagnosis nulls = new Diagnosis(List.of(4, 4), 1, 0,
                List.of(new RunReport("x", "relu", Double.NaN, odd, null, null, null, null, null, null)));
        String t = new TerminalReport().render(nulls);
        assertThat(t).contains("NaN", "(no recommendation given)");
    }

    @Test
    void longTextIsWrappedAtSpacesWithAHangingIndent() {
        List<String> lines = new ArrayList<>();
        TerminalReport.wrap(lines, "word ".repeat(60).strip(), "    ");
        assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
        assertThat(lines.get(1)).startsWith("    word");
        lines.clear();
        TerminalReport.wrap(lines, "x".repeat(250), "  ");
        assertThat(lines).hasSize(3);
        assertThat(String.join("", lines).replace(" ", "")).hasSize(250);
    }

    static void assertFits(String text) {
        text.lines().forEach(line -> assertThat(TerminalReport.visibleLength(line)).as(line)
                .isLessThanOrEqualTo(TerminalReport.MAX_COLUMNS));
    }
}
