package io.jinit.diagnosis;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.distribution.Normal;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The diagnosis engine of {@code jinit diagnose}: pushes a batch through a deep multilayer
 * perceptron under several initializers and activations, forward and backward, and says per layer
 * and per run whether signals stay healthy, vanish, explode, die, saturate or never break
 * symmetry. These are the experiments of seed 002 made into a tool.
 *
 * <p>For each activation (outermost) and each initializer, one run: a {@link Network} with that
 * activation on every layer and weights from that initializer ({@link Network#of}), the batch
 * pushed forward and a unit-variance random projection of the output pushed back, and a
 * {@link RunReport}. All random values derive from one seed:
 * <pre>
 *   input        RandomKey.of(seed).derive("input")                standard normal, batch x n_0
 *   projection   RandomKey.of(seed).derive("projection")           standard normal, batch x n_L
 *   weight l     RandomKey.of(seed).derive("layers." + l + ".weight")   l = 1 .. L
 * </pre>
 * so every run sees the same input and, for a given initializer, the same weights whatever the
 * activation.
 *
 * <p>Per layer l, with s_0 the standard deviation of the input and p_l that of the pre-activations
 * A_l, and g_l = ||dW_l|| / ||dW_L|| the weight gradient norm relative to the last layer's, the
 * verdict is the first that applies of:
 * <pre>
 *   EXPLODING   values of A_l or H_l are not finite (float32 overflow)
 *   SYMMETRIC   every unit's pre-activation equals unit 0's on every example (width &gt; 1):
 *               |a_u - a_0| &lt;= 1e-6 max(|a_u|, |a_0|)
 *   DEAD        deadFraction &gt;= 0.5: units with A_l[:, u] &lt;= 0 on every example (relu, leaky_relu)
 *   SATURATED   saturatedFraction &gt;= 0.5: units with |f'(a)| &lt; 0.05 max f' on &gt;= 90% of the batch
 *               (tanh' &lt; 0.05, sigmoid' &lt; 0.0125)
 *   EXPLODING   a gradient norm is not finite, or p_l / s_0 &gt; 10, or g_l &gt; 100
 *   VANISHING   p_l / s_0 &lt; 0.1, or g_l &lt; 0.01
 *   HEALTHY     otherwise
 * </pre>
 * and the run's verdict is the first in {@link Verdict} order among its layers'. The gradient
 * criterion is relative to the last layer, where the backward signal enters: a layer whose
 * gradient is a hundredth of the last layer's is where the gradient vanished on its way back. The
 * reasons for every threshold, and what they say of the seed-002 experiments, are in
 * docs/diagnosis.md.
 *
 * <p>Histograms: the activations of the first, middle ({@code (L + 1) / 2}) and last layers, in
 * 60 equal bins over the observed finite minimum and maximum; a single value v is shown over
 * {@code [v - 0.5, v + 0.5]}, and a layer with no finite value as empty bins over
 * {@code [-0.5, 0.5]}. A layer whose values overflow float32 reports a standard deviation of
 * +∞ and a mean of NaN; the gradient ratios are to the last layer's norms, and NaN when that is 0
 * or not finite.
 *
 * <p>The recommendation of an activation is the initializer of seed 002's table
 * ({@link io.jinit.compat.WeightInits#recommend}; He for softplus) when its run is healthy;
 * otherwise the initializers that are, or, when none is, the best of them with its verdict and
 * what to try.
 *
 * <p>Runs are independent and run in parallel; the figures are the same for every thread count
 * (float32 products computed in one order, double sums in one order).
 *
 * <pre>{@code
 * Diagnosis d = Diagnoser.run(DiagnosisRequest.of(List.of(64, 64, 64, 64), List.of("relu"),
 *         List.of("he_normal", "std=0.01")).withBatch(256).withSeed(7).withThreads(ForkJoinPool.commonPool(), 2));
 * Verdict v = d.runs().get(1).verdict();                 // VANISHING
 * }</pre>
 *
 * @since 0.1
 */
public final class Diagnoser {
    /** The default widths: an input of 256 and 10 layers of 256, as in seed 002's deep networks. */
    public static final List<Integer> DEFAULT_WIDTHS = Collections.nCopies(11, 256);
    /** The default batch size. */
    public static final int DEFAULT_BATCH = 1024;
    /** The default activations, seed 002's. */
    public static final List<String> DEFAULT_ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "selu");
    /** The default initializers, seed 002's: zeros, N(0, 0.01²), N(0, 2²), Xavier, He, LeCun. */
    public static final List<String> DEFAULT_INITIALIZERS = List.of("zeros", "std=0.01", "std=2.0",
            "glorot_normal", "he_normal", "lecun_normal");
    /** The default seed, seed 002's {@code np.random.seed(42)}. */
    public static final long DEFAULT_SEED = 42;

    /** A layer is DEAD when at least this fraction of its units are never positive. */
    public static final double DEAD_FRACTION = 0.5;
    /** A layer is SATURATED when at least this fraction of its units are saturated. */
    public static final double SATURATED_FRACTION = 0.5;
    /** A unit is saturated on an example when |f'(a)| is below this fraction of max f'. */
    public static final double SATURATION_DERIVATIVE = 0.05;
    /** A unit is saturated when it is on at least this fraction of the batch. */
    public static final double SATURATION_BATCH_FRACTION = 0.9;
    /** Relative tolerance of the symmetry check. */
    public static final double SYMMETRY_TOLERANCE = 1e-6;
    /** EXPLODING above this ratio of a layer's pre-activation std to the input's. */
    public static final double EXPLODING_STD_RATIO = 10;
    /** VANISHING below this ratio of a layer's pre-activation std to the input's. */
    public static final double VANISHING_STD_RATIO = 0.1;
    /** EXPLODING above this ratio of a layer's weight gradient norm to the last layer's. */
    public static final double EXPLODING_GRADIENT_RATIO = 100;
    /** VANISHING below this ratio of a layer's weight gradient norm to the last layer's. */
    public static final double VANISHING_GRADIENT_RATIO = 0.01;

    /** Part of the heap the arrays of concurrent runs may take. */
    private static final double HEAP_SHARE = 0.6;

    private Diagnoser() {
    }

    /**
     * The default diagnosis ({@code jinit diagnose} with no arguments): {@link DiagnosisRequest#defaults()}.
     *
     * @return 24 runs
     */
    public static Diagnosis defaults() {
        return run(DiagnosisRequest.defaults());
    }

    /**
     * Diagnoses every (activation, initialization) pair of a request.
     *
     * @param request what to diagnose
     * @return one run per (activation, initialization), activations outermost
     * @throws IllegalArgumentException if the request is null, if its data are not finite or all
     *     equal, if the network does not fit the heap, or if an initializer cannot fill a layer
     */
    public static Diagnosis run(DiagnosisRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request must not be null: null");
        }
        int[] w = Network.checkWidths(request.widths());
        int depth = w.length - 1;
        List<Activation> acts = request.activations();
        List<Initialization> inits = request.initializations();
        int batch = request.batch();
        long seed = request.seed();
        int threads = request.threads();
        int runs = acts.size() * inits.size();
        int concurrent = concurrentRuns(w, batch, inits.size(), Math.min(threads, runs));
        float[][] input = request.data() == null ? normals(RandomKey.of(seed).derive("input"), batch, w[0])
                : checkData(request.data(), batch, w[0]);
        double inputStd = Propagation.meanStd(input, w[0])[1];
        float[][] projection = normals(RandomKey.of(seed).derive("projection"), batch, w[depth]);
        Workers outer = new Workers(request.executor(), concurrent);
        Workers inner = new Workers(request.executor(), Math.max(1, threads / concurrent));

        float[][][][] weights = new float[inits.size()][][][];
        outer.forChunks(inits.size(), inits.size(), (from, to) -> {
            for (int i = from; i < to; i++) {
                if (inits.get(i) instanceof Initialization.Drawn drawn) {
                    weights[i] = new float[depth][][];
                    for (int l = 1; l <= depth; l++) {
                        weights[i][l - 1] = Network.fill(drawn.initializer(), w[l - 1], w[l],
                                Network.weightKey(seed, l), l);
                    }
                }
            }
        });
        RunReport[] reports = new RunReport[runs];
        // One set of arrays per thread, made on its first run and written again by its later ones.
        RunArrays[] arrays = new RunArrays[concurrent];
        outer.forChunks(runs, runs, (slot, from, to) -> {
            for (int r = from; r < to; r++) {
                Activation act = acts.get(r / inits.size());
                int i = r % inits.size();
                List<Activation> perLayer = Collections.nCopies(depth, act);
                Network net = inits.get(i) instanceof Initialization.Fitted lsuv
                        ? Lsuv.initialize(w, perLayer, input, seed, lsuv.tolerance(), lsuv.maxIterations(), inner)
                        : Network.wrap(w, perLayer, weights[i]);
                if (arrays[slot] == null) {
                    arrays[slot] = new RunArrays(w, batch);
                }
                reports[r] = report(net, inits.get(i).name(), input, inputStd, projection, inner, arrays[slot]);
            }
        });
        List<Integer> widthList = request.widths();
        // The advice for an activation depends on all its runs, so it is written once they are done.
        List<RunReport> advised = new ArrayList<>();
        for (int a = 0; a < acts.size(); a++) {
            List<RunReport> runsOfA = List.of(reports).subList(a * inits.size(), (a + 1) * inits.size());
            String advice = Advice.advise(acts.get(a), runsOfA, widthList);
            for (RunReport r : runsOfA) {
                advised.add(withRecommendation(r, advice));
            }
        }
        return new Diagnosis(widthList, batch, seed, advised);
    }

    private static RunReport withRecommendation(RunReport r, String recommendation) {
        return new RunReport(r.initializer(), r.activation(), r.inputStd(), r.layers(), r.verdict(), r.reason(),
                recommendation, r.firstLayer(), r.middleLayer(), r.lastLayer());
    }

    /**
     * What a verdict means, with the thresholds the verdicts apply, written from this class's
     * constants so that a report's legend says what the engine does.
     *
     * @param verdict the verdict
     * @return one sentence, e.g. for VANISHING "a layer's pre-activation std is less than 0.1 times
     *     the input's, or its weight-gradient norm less than 0.01 times the last layer's (where the
     *     gradient enters)."
     */
    public static String rule(Verdict verdict) {
        if (verdict == null) {
            throw new IllegalArgumentException("verdict must not be null: null");
        }
        return Verdicts.rule(verdict);
    }

    /**
     * Checks, before anything is allocated, that one run of a network fits the heap: two
     * batch-sized arrays per layer, two arrays of the largest weight matrix, and the input (twice,
     * for a caller that holds its own copy), the projection and every initializer's weights.
     *
     * @param widths {@code n_0, ..., n_L}, valid
     * @param batch the batch size, &gt;= 1
     * @param initializers how many initializers are compared
     * @throws IllegalArgumentException if it does not fit, with the sizes
     */
    public static void checkHeap(List<Integer> widths, int batch, int initializers) {
        int[] w = Network.checkWidths(widths);
        long need = perRunBytes(w, batch) + sharedBytes(w, batch, initializers) + (long) Float.BYTES * batch * w[0];
        long budget = (long) (HEAP_SHARE * Runtime.getRuntime().maxMemory());
        if (need > budget) {
            throw new IllegalArgumentException(tooLarge(w, batch, need));
        }
    }

    /**
     * Diagnoses one network: its own weights, the batch pushed forward and a standard normal
     * projection under {@code RandomKey.of(seed).derive("projection")} pushed back.
     *
     * @param network the network
     * @param initializer the name to report as its initializer
     * @param data the input batch, {@code batch x n_0} finite values, not all equal, row-major; or
     *     null for standard normals under {@code RandomKey.of(seed).derive("input")}
     * @param batch the batch size, &gt;= 1
     * @param seed the seed of the input and the projection
     * @param executor runs the tasks; the calling thread takes part
     * @param threads how many tasks may run at once, counting the calling thread, &gt;= 1
     * @return the report
     * @throws IllegalArgumentException if an argument is malformed
     */
    public static RunReport diagnose(Network network, String initializer, float[] data, int batch, long seed,
                                     Executor executor, int threads) {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null: null");
        }
        int[] w = Network.checkWidths(network.widths());
        checkBatch(batch, w);
        checkThreads(executor, threads);
        float[][] input = data == null ? normals(RandomKey.of(seed).derive("input"), checkSize(batch, w[0]), w[0])
                : checkData(data, batch, w[0]);
        float[][] projection = normals(RandomKey.of(seed).derive("projection"), batch, w[w.length - 1]);
        RunReport report = report(network, String.valueOf(initializer), input, Propagation.meanStd(input, w[0])[1],
                projection, new Workers(executor, threads), new RunArrays(w, input.length));
        Set<Activation> distinct = new LinkedHashSet<>(network.activations());
        return distinct.size() != 1 ? report : withRecommendation(report,
                Advice.advise(distinct.iterator().next(), List.of(report), network.widths()));
    }

    /**
     * Rounds a float64 batch to float32, the precision of the passes.
     *
     * @param data the values
     * @return each rounded to nearest
     */
    public static float[] float32(double[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null: null");
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }

    private static RunReport report(Network net, String label, float[][] input, double inputStd,
                                    float[][] projection, Workers workers, RunArrays arrays) {
        Propagation.Result result = Propagation.run(net, input, projection, workers, arrays);
        Set<Activation> distinct = new LinkedHashSet<>(net.activations());
        List<String> names = new ArrayList<>();
        List<String> advice = new ArrayList<>();
        for (Activation a : distinct) {
            names.add(a.name());
            advice.add(distinct.size() == 1 ? Advice.tableAdvice(a) : a.name() + ": " + Advice.tableAdvice(a));
        }
        List<Verdicts.Judged> judged = Verdicts.judge(inputStd, result.layers(), distinct.iterator().next());
        Verdict verdict = Verdicts.runVerdict(judged);
        List<LayerReport> layers = new ArrayList<>();
        for (Verdicts.Judged j : judged) {
            layers.add(j.report());
        }
        return new RunReport(label, String.join(",", names), inputStd, layers, verdict,
                Verdicts.runReason(verdict, judged, inputStd), String.join("; ", advice), result.first(),
                result.middle(), result.last());
    }

    static void checkBatch(int batch, int[] widths) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1: " + batch);
        }
        for (int n : widths) {
            if ((long) batch * n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("batch x width must fit one array: batch " + batch + " x " + n);
            }
        }
    }

    /** An executor, and at least one thread counting the caller. */
    static void checkThreads(Executor executor, int threads) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
    }

    /** The batch, if the input it gives has a standard deviation to measure against. */
    static int checkSize(int batch, int width) {
        if ((long) batch * width < 2) {
            throw new IllegalArgumentException("batch x n_0 must be >= 2, for the input to have a standard deviation: "
                    + batch + " x " + width);
        }
        return batch;
    }

    /** Data of {@code batch x width} values. */
    static void checkLength(float[] data, int batch, int width) {
        if (data.length != (long) batch * width) {
            throw new IllegalArgumentException("data must have batch x n_0 = " + batch + " x " + width + " = "
                    + (long) batch * width + " values: " + data.length);
        }
    }

    private static float[][] checkData(float[] data, int batch, int width) {
        checkLength(data, batch, width);
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new IllegalArgumentException("data must be finite: " + data[i] + " at index " + i);
            }
        }
        float[][] copy = Matmul.rows(data, batch, width);
        if (Propagation.meanStd(copy, width)[1] == 0) {
            throw new IllegalArgumentException("data must not be constant (its std is the scale of the diagnosis):"
                    + " every value is " + data[0]);
        }
        return copy;
    }

    private static float[][] normals(RandomKey key, int rows, int cols) {
        float[] x = new float[rows * cols];
        new Normal(0, 1).fill(key, 0, x, 0, x.length);
        return Matmul.rows(x, rows, cols);
    }

    /**
     * How many runs fit the heap at once, at most {@code wanted}. A run holds two batch-sized
     * arrays per layer and two weight-sized scratch arrays; all share the input, the projection and
     * the weights.
     *
     * @throws IllegalArgumentException if not even one run fits
     */
    private static int concurrentRuns(int[] w, int batch, int initializers, int wanted) {
        long perRun = perRunBytes(w, batch);
        long shared = sharedBytes(w, batch, initializers);
        long budget = (long) (HEAP_SHARE * Runtime.getRuntime().maxMemory()) - shared;
        long fit = budget / perRun;
        if (fit < 1) {
            throw new IllegalArgumentException(tooLarge(w, batch, perRun + shared));
        }
        return (int) Math.min(wanted, fit);
    }

    /** Two batch-sized arrays per layer and two weight-sized scratch arrays. */
    private static long perRunBytes(int[] w, int batch) {
        long perRun = 0;
        long largestWeight = 0;
        for (int l = 1; l < w.length; l++) {
            perRun += 2L * Float.BYTES * batch * w[l];
            largestWeight = Math.max(largestWeight, (long) Float.BYTES * w[l - 1] * w[l]);
        }
        return perRun + 2 * largestWeight;
    }

    /** The input, the projection and every initializer's weights, shared by all runs. */
    private static long sharedBytes(int[] w, int batch, int initializers) {
        long weights = 0;
        for (int l = 1; l < w.length; l++) {
            weights += (long) Float.BYTES * w[l - 1] * w[l];
        }
        return (long) Float.BYTES * batch * (w[0] + w[w.length - 1]) + initializers * weights;
    }

    private static String tooLarge(int[] w, int batch, long bytes) {
        return "the network is too large for the heap: a run needs about " + (bytes >> 20) + " MiB, and "
                + (long) (HEAP_SHARE * 100) + "% of the heap is " + ((long) (HEAP_SHARE * Runtime.getRuntime()
                .maxMemory()) >> 20) + " MiB (java -Xmx raises it): widths " + java.util.Arrays.toString(w)
                + ", batch " + batch;
    }
}
