package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Histogram;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Diagnoses to render: seed 002's experiments computed for real on a small MLP (forward and
 * backward, in double, with java.util.Random), and variants with non-finite figures. This is a
 * test fixture standing in for the diagnosis engine, not the engine: its thresholds are the
 * documented ones, its code is the plainest that gives realistic figures.
 */
final class Diagnoses {
    static final List<String> INITIALIZERS =
            List.of("zeros", "std=0.01", "std=2.0", "glorot_normal", "he_normal", "lecun_normal");
    static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "selu");
    static final int WIDTH = 256;
    static final int LAYERS = 10;
    static final int BATCH = 32;
    static final long SEED = 2;
    static final int BINS = 40;

    private static final double SELU_LAMBDA = 1.0507009873554805;
    private static final double SELU_ALPHA = 1.6732632423543772;

    private static Diagnosis seed002;

    private Diagnoses() {
    }

    /** Seed 002: 6 initializers x 4 activations, 10 layers of 256, batch 32. Computed once. */
    static synchronized Diagnosis seed002() {
        if (seed002 == null) {
            seed002 = simulate(INITIALIZERS, ACTIVATIONS, WIDTH, LAYERS, BATCH, SEED);
        }
        return seed002;
    }

    /** A small diagnosis: 2 initializers x 2 activations, 4 layers of 16. */
    static Diagnosis small() {
        return simulate(List.of("he_normal", "std=0.01"), List.of("relu", "tanh"), 16, 4, 8, 7);
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

    static Diagnosis simulate(List<String> inits, List<String> activations, int width, int depth, int batch,
                              long seed) {
        List<RunReport> runs = new ArrayList<>();
        for (String activation : activations) {
            for (String init : inits) {
                runs.add(run(init, activation, width, depth, batch, seed));
            }
        }
        List<Integer> widths = new ArrayList<>(Collections.nCopies(depth + 1, width));
        return new Diagnosis(widths, batch, seed, runs);
    }

    private static double weightStd(String init, int fanIn, int fanOut) {
        switch (init) {
            case "zeros":
                return 0;
            case "glorot_normal":
                return Math.sqrt(2.0 / (fanIn + fanOut));
            case "he_normal":
                return Math.sqrt(2.0 / fanIn);
            case "lecun_normal":
                return Math.sqrt(1.0 / fanIn);
            default:
                return Double.parseDouble(init.substring("std=".length()));
        }
    }

    private static DoubleUnaryOperator f(String activation) {
        switch (activation) {
            case "relu":
                return z -> Math.max(0, z);
            case "tanh":
                return Math::tanh;
            case "sigmoid":
                return z -> 1 / (1 + Math.exp(-z));
            case "selu":
                return z -> z > 0 ? SELU_LAMBDA * z : SELU_LAMBDA * SELU_ALPHA * (Math.exp(z) - 1);
            default:
                throw new IllegalArgumentException(activation);
        }
    }

    private static DoubleUnaryOperator df(String activation) {
        switch (activation) {
            case "relu":
                return z -> z > 0 ? 1 : 0;
            case "tanh":
                return z -> 1 - Math.tanh(z) * Math.tanh(z);
            case "sigmoid":
                return z -> {
                    double s = 1 / (1 + Math.exp(-z));
                    return s * (1 - s);
                };
            case "selu":
                return z -> z > 0 ? SELU_LAMBDA : SELU_LAMBDA * SELU_ALPHA * Math.exp(z);
            default:
                throw new IllegalArgumentException(activation);
        }
    }

    /** The derivative below which a unit counts as flat (5% of the activation's largest slope). */
    private static double flat(String activation) {
        switch (activation) {
            case "tanh":
                return 0.05;
            case "sigmoid":
                return 0.05 * 0.25;
            default:
                return -1; // unbounded activations do not saturate in this fixture
        }
    }

    private static RunReport run(String init, String activation, int width, int depth, int batch, long seed) {
        Random random = new Random(seed);
        double[] x = gaussian(random, batch * width, 1);
        double inputStd = std(x);
        double[][] w = new double[depth + 1][];
        double[][] z = new double[depth + 1][];
        double[][] a = new double[depth + 1][];
        a[0] = x;
        DoubleUnaryOperator f = f(activation);
        DoubleUnaryOperator df = df(activation);
        for (int l = 1; l <= depth; l++) {
            w[l] = gaussian(random, width * width, weightStd(init, width, width));
            z[l] = times(a[l - 1], w[l], batch, width, width);
            a[l] = Arrays.stream(z[l]).map(f).toArray();
        }
        double[] gradA = gaussian(random, batch * width, 1.0 / batch);
        double[] gradWNorm = new double[depth + 1];
        double[] gradANorm = new double[depth + 1];
        for (int l = depth; l >= 1; l--) {
            gradANorm[l] = norm(gradA);
            double[] gradZ = new double[gradA.length];
            for (int i = 0; i < gradZ.length; i++) {
                gradZ[i] = gradA[i] * df.applyAsDouble(z[l][i]);
            }
            gradWNorm[l] = norm(transposeTimes(a[l - 1], gradZ, batch, width, width));
            gradA = timesTranspose(gradZ, w[l], batch, width, width);
        }
        List<LayerReport> layers = new ArrayList<>();
        Verdict runVerdict = Verdict.HEALTHY;
        String reason = null;
        for (int l = 1; l <= depth; l++) {
            double dead = 0;
            double saturated = 0;
            boolean symmetric = true;
            for (int j = 0; j < width; j++) {
                boolean positive = false;
                int flatCount = 0;
                for (int b = 0; b < batch; b++) {
                    positive |= z[l][b * width + j] > 0;
                    flatCount += df.applyAsDouble(z[l][b * width + j]) < flat(activation) ? 1 : 0;
                    symmetric &= a[l][b * width + j] == a[l][b * width];
                }
                dead += positive || !activation.equals("relu") ? 0 : 1;
                saturated += flatCount >= 0.95 * batch ? 1 : 0;
            }
            dead /= width;
            saturated /= width;
            double preStd = std(z[l]);
            double gRatio = gradWNorm[l] / gradWNorm[1];
            double signal = preStd / inputStd;
            Verdict v;
            String why;
            if (symmetric) {
                v = Verdict.SYMMETRIC;
                why = String.format(Locale.ROOT, "all %d units of layer %d compute the same value on every "
                        + "example: the weights never broke symmetry", width, l);
            } else if (dead >= 0.5) {
                v = Verdict.DEAD;
                why = String.format(Locale.ROOT, "%s of layer %d's units are never positive over the batch",
                        Figures.percent(dead), l);
            } else if (saturated >= 0.5) {
                v = Verdict.SATURATED;
                why = String.format(Locale.ROOT, "%s of layer %d's units are flat on at least 95%% of the batch "
                        + "(pre-activation std %s)", Figures.percent(saturated), l, Figures.format(preStd));
            } else if (signal > 10 || gRatio > 100) {
                v = Verdict.EXPLODING;
                why = signal > 10
                        ? String.format(Locale.ROOT, "layer %d pre-activation std %s is %sx the input's (over 10x)",
                                l, Figures.format(preStd), Figures.format(signal))
                        : String.format(Locale.ROOT, "layer %d weight-gradient norm is %sx layer 1's (over 100x)",
                                l, Figures.format(gRatio));
            } else if (signal < 0.1 || gRatio < 0.01) {
                v = Verdict.VANISHING;
                why = signal < 0.1
                        ? String.format(Locale.ROOT, "layer %d pre-activation std %s is %sx the input's "
                                + "(below 0.1x)", l, Figures.format(preStd), Figures.format(signal))
                        : String.format(Locale.ROOT, "layer %d weight-gradient norm is %sx layer 1's (below 0.01x)",
                                l, Figures.format(gRatio));
            } else {
                v = Verdict.HEALTHY;
                why = null;
            }
            if (v.ordinal() < runVerdict.ordinal()) {
                runVerdict = v;
                reason = why;
            }
            layers.add(new LayerReport(l, width, mean(z[l]), preStd, mean(a[l]), std(a[l]), dead, saturated,
                    symmetric, gradWNorm[l], gradANorm[l], gRatio, gradANorm[l] / gradANorm[1], v));
        }
        if (runVerdict == Verdict.HEALTHY) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (LayerReport l : layers) {
                lo = Math.min(lo, l.preActivationStd() / inputStd);
                hi = Math.max(hi, l.preActivationStd() / inputStd);
            }
            reason = "pre-activation std stays between " + Figures.format(lo) + "x and " + Figures.format(hi)
                    + "x the input's, and weight gradients within 100x of layer 1's";
        }
        int middle = Math.max(1, depth / 2);
        return new RunReport(init, activation, inputStd, layers, runVerdict, reason, recommendation(activation),
                histogram(a[1]), histogram(a[middle]), histogram(a[depth]));
    }

    static String recommendation(String activation) {
        switch (activation) {
            case "relu":
                return "he_normal: std = sqrt(2 / fan_in) keeps the variance of ReLU layers constant";
            case "selu":
                return "lecun_normal: std = sqrt(1 / fan_in) is what SELU's self-normalization assumes";
            default:
                return "glorot_normal: std = sqrt(2 / (fan_in + fan_out)) keeps " + activation
                        + " in its linear region in both directions";
        }
    }

    private static Histogram histogram(double[] values) {
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        long[] counts = new long[BINS];
        for (double v : values) {
            int bin = max > min ? (int) Math.min(BINS - 1, Math.floor((v - min) / (max - min) * BINS)) : 0;
            counts[bin]++;
        }
        List<Long> list = new ArrayList<>();
        for (long c : counts) {
            list.add(c);
        }
        return new Histogram(min, max, list);
    }

    private static double[] gaussian(Random random, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }

    /** (b x n) times (n x m). */
    private static double[] times(double[] a, double[] w, int b, int n, int m) {
        double[] out = new double[b * m];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                if (aik != 0) {
                    for (int j = 0; j < m; j++) {
                        out[i * m + j] += aik * w[k * m + j];
                    }
                }
            }
        }
        return out;
    }

    /** (b x n) transposed times (b x m): n x m. */
    private static double[] transposeTimes(double[] a, double[] g, int b, int n, int m) {
        double[] out = new double[n * m];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                if (aik != 0) {
                    for (int j = 0; j < m; j++) {
                        out[k * m + j] += aik * g[i * m + j];
                    }
                }
            }
        }
        return out;
    }

    /** (b x m) times (n x m) transposed: b x n. */
    private static double[] timesTranspose(double[] g, double[] w, int b, int n, int m) {
        double[] out = new double[b * n];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += g[i * m + j] * w[k * m + j];
                }
                out[i * n + k] = s;
            }
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
