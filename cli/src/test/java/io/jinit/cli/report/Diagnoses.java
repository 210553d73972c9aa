package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.DiagnosisRequest;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Histogram;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Diagnoses to render: seed 002's experiments run by the engine on a small batch, so that the
 * renderers are tested on the figures, verdicts, reasons and recommendations the engine really
 * gives; and variants with non-finite or missing figures that only a broken engine would give.
 */
final class Diagnoses {
    static final List<String> INITIALIZERS =
            List.of("zeros", "std=0.01", "std=2.0", "glorot_normal", "he_normal", "lecun_normal");
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "selu");
    static final int WIDTH = 256;
    static final int LAYERS = 10;
    static final int BATCH = 32;
    static final long SEED = 2;
    /** The engine's bins per histogram. */
    static final int BINS = 60;

    private static Diagnosis seed002;

    private Diagnoses() {
    }

    /** Seed 002: 6 initializers x 4 activations, 10 layers of 256, batch 32. Computed once. */
    static synchronized Diagnosis seed002() {
        if (seed002 == null) {
            seed002 = Diagnoser.run(DiagnosisRequest.of(Collections.nCopies(LAYERS + 1, WIDTH), ACTIVATIONS,
                    INITIALIZERS)
                    .withBatch(BATCH).withSeed(SEED));
        }
        return seed002;
    }

    /** A small diagnosis: 2 initializers x 2 activations, 4 layers of 16. */
    static Diagnosis small() {
        return Diagnoser.run(DiagnosisRequest.of(Collections.nCopies(5, 16), List.of("relu", "tanh"),
                List.of("he_normal", "std=0.01"))
                .withBatch(8).withSeed(7));
    }

    /**
     * Seed 002 with what float32 overflow and 0/0 do to the figures: infinite and NaN stds, means,
     * gradient norms and ratios, histograms with infinite or NaN bounds, and a run with no
     * histograms at all.
     */
    static Diagnosis nonFinite() {
        Diagnosis d = seed002();
        List<RunReport> runs = new ArrayList<>();
        for (RunReport run : d.runs()) {
            if (run.initializer().equals("std=2.0")) {
                List<LayerReport> layers = new ArrayList<>();
                for (LayerReport l : run.layers()) {
                    boolean over = l.layer() >= 7;
                    layers.add(over ? new LayerReport(l.layer(), l.width(), Double.POSITIVE_INFINITY, Double.NaN,
                            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, l.deadFraction(), Double.NaN, false,
                            Double.POSITIVE_INFINITY, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, Verdict.EXPLODING)
                            : l);
                }
                runs.add(new RunReport(run.initializer(), run.activation(), run.inputStd(), layers, Verdict.EXPLODING,
                        "layer 7 pre-activation std is NaN after float32 overflow", run.recommendation(),
                        run.firstLayer(), new Histogram(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                                run.middleLayer().counts()),
                        new Histogram(Double.NaN, Double.NaN, List.of(0L, 0L))));
            } else if (run.initializer().equals("std=0.01") && run.activation().equals("tanh")) {
                runs.add(new RunReport(run.initializer(), run.activation(), Double.NaN, run.layers(), run.verdict(),
                        null, null, null, null, null));
            } else {
                runs.add(run);
            }
        }
        return new Diagnosis(d.widths(), d.batch(), d.seed(), runs);
    }

    /**
     * What a buggy or partial engine could hand over: NaN everywhere, no verdicts, texts or
     * histograms, a run without layers, empty and degenerate histograms, an activation with
     * fewer runs than the others.
     */
    static Diagnosis odd() {
        List<LayerReport> nan = List.of(new LayerReport(1, 4, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null));
        List<LayerReport> huge = List.of(new LayerReport(1, 4, -Double.MAX_VALUE, Double.MAX_VALUE, Double.MIN_VALUE,
                Double.MAX_VALUE, 1, 1, true, Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0, Verdict.DEAD));
        return new Diagnosis(List.of(4, 4), 1, Long.MIN_VALUE, List.of(
                new RunReport("nan", "relu", Double.NaN, nan, null, null, null,
                        new Histogram(0, 1, List.of()), new Histogram(0, 1, List.of(0L, 0L)),
                        new Histogram(-3e-12, -1e-12, List.of(5L, 0L, 2L))),
                new RunReport("empty", "relu", 1, List.of(), Verdict.HEALTHY, "", "", null, null, null),
                new RunReport("huge", "relu", Double.MAX_VALUE, huge, Verdict.DEAD, "r", "x",
                        new Histogram(-Double.MAX_VALUE, Double.MAX_VALUE, List.of(1L, 1L)),
                        new Histogram(Double.MIN_VALUE, Double.MIN_VALUE, List.of(3L)),
                        new Histogram(1, 0, List.of(3L))),
                new RunReport("empty", "no layers", 1, List.of(), Verdict.HEALTHY, "", "", null, null, null)));
    }

    /** One run per verdict (hand-made figures), to see every colour. */
    static Diagnosis everyVerdict() {
        List<RunReport> runs = new ArrayList<>();
        Verdict[] verdicts = Verdict.values();
        for (int i = 0; i < verdicts.length; i++) {
            Verdict v = verdicts[i];
            List<LayerReport> layers = new ArrayList<>();
            for (int l = 1; l <= 3; l++) {
                double std = Math.pow(10, (i - 3) * l * 0.5);
                layers.add(new LayerReport(l, 8, 0, std, 0, std, 0.1 * i, 0.05 * i, v == Verdict.SYMMETRIC,
                        std, std, 1, 1, v));
            }
            Histogram h = new Histogram(-1, 1, List.of(1L, 3L, 5L, 3L, 1L));
            runs.add(new RunReport("init" + i, "act" + (i % 2), 1.0, layers, v, "because " + v, "use he_normal",
                    h, h, h));
        }
        return new Diagnosis(List.of(8, 8, 8, 8), 4, 1, runs);
    }
}
