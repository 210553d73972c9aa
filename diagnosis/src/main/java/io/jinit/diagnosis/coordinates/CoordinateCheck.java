package io.jinit.diagnosis.coordinates;

import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.coordinates.Parametrization.Role;
import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.distribution.Normal;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * muP's coordinate check (Yang et al. 2021, "Tensor Programs V", Section 6 and Figure 5): the same
 * MLP at several hidden widths, under the standard parametrization and under muP
 * ({@link Parametrization}), trained for a few steps on one batch; the size of every layer's
 * activations and of their change since initialization is measured at each step, and the log-log
 * slope of the change against the width says whether the layer's updates stay of one size as the
 * network widens (muP: slope 0) or grow with it (SP: slope 1/2 or 1).
 *
 * <p>The network: {@code inputWidth -> n -> ... -> n -> outputWidth}, {@code hiddenLayers} hidden
 * layers of width n with the activation, a linear output, no biases; the loss is
 * {@code 0.5 / batch * sum((output - target)^2)} against a fixed standard-normal target. The size
 * of a layer is the mean absolute value of its coordinates over the batch ({@code l1} in the
 * {@code mup} package's coordinate check): post-activations for hidden layers, the output itself
 * for the last. Its update size at step t is the mean of {@code |h_l(t) - h_l(0)|} on the same batch.
 *
 * <p>Deterministic: products go through {@link Matmul}, every other operation is element-wise or a
 * double sum in a fixed order, so results are the same on any thread count. The weights of both
 * parametrizations are the same standard normal draws (keyed by seed, width and layer), scaled.
 *
 * @since 0.1
 */
public final class CoordinateCheck {
    /**
     * A slope of the update size against width (log-log) of at most this size is width-stable:
     * halfway between muP's 0 and the smallest growth of the standard parametrization, 1/2 (hidden
     * layers under SGD).
     */
    public static final double STABLE_SLOPE = 0.25;
    /** Adam's decay of the first moment, torch's default. */
    public static final double BETA1 = 0.9;
    /** Adam's decay of the second moment, torch's default. */
    public static final double BETA2 = 0.999;
    /** Adam's term added to the root of the second moment, torch's default. */
    public static final double EPSILON = 1e-8;
    private static final int ROW_GRAIN = 8;

    private CoordinateCheck() {
    }

    /**
     * What to check.
     *
     * @param widths the hidden widths, at least two, increasing; the first is the base width at
     *     which both parametrizations are the same network
     * @param inputWidth the input's width, fixed across widths
     * @param outputWidth the output's width, fixed across widths
     * @param hiddenLayers hidden layers of width n, at least 1
     * @param activation the hidden layers' activation
     * @param optimizer the optimizer of the steps
     * @param learningRate the base learning rate, &gt; 0
     * @param steps training steps, at least 1
     * @param batch the batch, at least 1
     * @param seed the seed of the batch, the target and the weights
     */
    public record Spec(List<Integer> widths, int inputWidth, int outputWidth, int hiddenLayers, Activation activation,
                       Optimizer optimizer, double learningRate, int steps, int batch, long seed) {
        /** The most weights one layer may hold: a Java array. */
        private static final long MAX_LAYER = Integer.MAX_VALUE - 8;

        /**
         * Checks the spec.
         *
         * @param widths the hidden widths, increasing
         * @param inputWidth the input's width
         * @param outputWidth the output's width
         * @param hiddenLayers hidden layers of width n
         * @param activation the hidden layers' activation
         * @param optimizer the optimizer of the steps
         * @param learningRate the base learning rate
         * @param steps training steps
         * @param batch the batch
         * @param seed the seed
         * @throws IllegalArgumentException naming the first field that is out of range, and its value
         */
        public Spec {
            if (widths == null || widths.size() < 2 || widths.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("widths must list at least two widths: " + widths);
            }
            widths = List.copyOf(widths);
            for (int i = 0; i < widths.size(); i++) {
                if (widths.get(i) < 1 || (i > 0 && widths.get(i) <= widths.get(i - 1))) {
                    throw new IllegalArgumentException("widths must be >= 1 and increasing: " + widths);
                }
            }
            positive("inputWidth", inputWidth);
            positive("outputWidth", outputWidth);
            positive("hiddenLayers", hiddenLayers);
            positive("steps", steps);
            positive("batch", batch);
            if (activation == null || optimizer == null) {
                throw new IllegalArgumentException("activation and optimizer must be given: " + activation + ", "
                        + optimizer);
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be a finite number > 0: " + learningRate);
            }
            long widest = widths.get(widths.size() - 1);
            if (widest * Math.max(widest, Math.max(inputWidth, outputWidth)) > MAX_LAYER
                    || (long) batch * Math.max(widest, Math.max(inputWidth, outputWidth)) > MAX_LAYER) {
                throw new IllegalArgumentException("width " + widest + " with batch " + batch
                        + " makes a layer larger than a Java array");
            }
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + value);
            }
        }

        /**
         * The check of the {@code mup} package's examples, at these widths: input 32, output 10,
         * three hidden ReLU layers, one Adam step at learning rate 0.01, batch 64, seed 42.
         *
         * @param widths the hidden widths, increasing
         * @return the spec
         */
        public static Spec defaults(List<Integer> widths) {
            return new Spec(widths, 32, 10, 3, Activation.of("relu"), Optimizer.ADAM, 0.01, 1, 64, 42);
        }

        /**
         * The width at which both parametrizations are the same network.
         *
         * @return the first width
         */
        public int baseWidth() {
            return widths.get(0);
        }

        /**
         * Bytes the widest network takes: weights, gradients and Adam's two moments (float32),
         * and the activations of the batch kept for the backward pass and the comparison.
         *
         * @return the estimate
         */
        public long bytes() {
            long n = widths.get(widths.size() - 1);
            long weights = inputWidth * n + (hiddenLayers - 1) * n * n + n * outputWidth;
            long activations = (long) batch * (hiddenLayers * n + outputWidth);
            return Float.BYTES * (4 * weights + 2 * n * n + 5 * activations);
        }
    }

    /**
     * The sizes of one network through its steps.
     *
     * @param parametrization the parametrization
     * @param width its hidden width
     * @param activationSize {@code [t][l - 1]}: mean |h_l| after t steps, t = 0 .. steps
     * @param updateSize {@code [t][l - 1]}: mean |h_l(t) - h_l(0)|
     */
    public record Curve(Parametrization parametrization, int width, double[][] activationSize, double[][] updateSize) {
        /**
         * Keeps copies.
         *
         * @param parametrization the parametrization
         * @param width its hidden width
         * @param activationSize mean |h_l| by step and layer
         * @param updateSize mean |h_l(t) - h_l(0)| by step and layer
         */
        public Curve {
            activationSize = copy(activationSize);
            updateSize = copy(updateSize);
        }

        /**
         * Mean |h_l| by step and layer.
         *
         * @return a copy, {@code [t][l - 1]}
         */
        @Override
        public double[][] activationSize() {
            return copy(activationSize);
        }

        /**
         * Mean |h_l(t) - h_l(0)| by step and layer.
         *
         * @return a copy, {@code [t][l - 1]}
         */
        @Override
        public double[][] updateSize() {
            return copy(updateSize);
        }

        private static double[][] copy(double[][] m) {
            double[][] c = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
                c[i] = m[i].clone();
            }
            return c;
        }
    }

    /** How a layer's update size moves with width. */
    public enum Trend {
        /** The slope is within {@link #STABLE_SLOPE} of 0: the width does not change the update's size. */
        STABLE,
        /** The update grows with width: a learning rate tuned on a narrow model is too large for a wide one. */
        GROWS,
        /** The update shrinks with width: a wide model barely learns in that layer at a narrow model's rate. */
        SHRINKS,
        /** A size was zero, infinite or NaN, so there is no slope. */
        NOT_FINITE;

        /**
         * What a slope says, judged against {@link #STABLE_SLOPE}.
         *
         * @param updateSlope the log-log slope of an update size against width
         * @return {@link #NOT_FINITE} for NaN or an infinite slope, else as the slope lies above, within or
         *     below the band
         */
        public static Trend of(double updateSlope) {
            return !Double.isFinite(updateSlope) ? NOT_FINITE
                    : updateSlope > STABLE_SLOPE ? GROWS : updateSlope < -STABLE_SLOPE ? SHRINKS : STABLE;
        }
    }

    /**
     * One layer's slopes under one parametrization, fitted by least squares over the widths.
     *
     * @param parametrization the parametrization
     * @param layer the layer, 1 = the input weights' output, the last = the network's output
     * @param updateSlope slope of log(update size after the last step) against log(width)
     * @param initialSlope slope of log(activation size at initialization) against log(width)
     * @param trend what the update slope says
     */
    public record Slope(Parametrization parametrization, int layer, double updateSlope, double initialSlope,
                        Trend trend) {
    }

    /**
     * A whole check.
     *
     * @param spec what was checked
     * @param curves one per parametrization and width, standard first, by increasing width
     * @param slopes one per parametrization and layer
     */
    public record Result(Spec spec, List<Curve> curves, List<Slope> slopes) {
        /**
         * Keeps unmodifiable copies.
         *
         * @param spec what was checked
         * @param curves the curves
         * @param slopes the slopes
         */
        public Result {
            curves = List.copyOf(curves);
            slopes = List.copyOf(slopes);
        }
    }

    /**
     * Runs the check.
     *
     * @param spec what to check
     * @param executor runs the helper threads; the calling thread takes part
     * @param threads threads in all, &gt;= 1
     * @return the sizes and slopes
     * @throws IllegalArgumentException if the spec or executor is missing, threads &lt; 1, or the
     *     widest network needs more than 60% of the heap
     */
    public static Result run(Spec spec, Executor executor, int threads) {
        if (spec == null || executor == null || threads < 1) {
            throw new IllegalArgumentException("spec and executor must be given and threads >= 1: " + spec + ", "
                    + executor + ", " + threads);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (spec.bytes() > 0.6 * heap) {
            throw new IllegalArgumentException("width " + spec.widths().get(spec.widths().size() - 1)
                    + " needs about " + (spec.bytes() >> 20) + " MiB, more than 60% of the heap (" + (heap >> 20)
                    + " MiB; java -Xmx raises it)");
        }
        Workers workers = new Workers(executor, threads);
        RandomKey root = RandomKey.of(spec.seed());
        float[][] input = normalRows(root.derive("coordinates.input"), spec.batch(), spec.inputWidth());
        float[][] target = normalRows(root.derive("coordinates.target"), spec.batch(), spec.outputWidth());
        List<Curve> curves = new ArrayList<>();
        for (Parametrization p : Parametrization.values()) {
            for (int width : spec.widths()) {
                curves.add(new Training(spec, p, width, root, workers).run(input, target));
            }
        }
        return new Result(spec, curves, slopes(curves, spec.hiddenLayers() + 1, spec.steps()));
    }

    /**
     * The slopes of every layer under each parametrization: the least-squares slope of log(update
     * size at {@code step}) against log(width), and that of log(size at initialization), over the
     * curves of that parametrization in their order.
     *
     * @param curves the curves, each of at least {@code layers} layers and {@code step + 1} steps
     * @param layers the number of layers measured
     * @param step the step whose update sizes are compared
     * @return one slope per parametrization and layer, layer numbers from 1
     */
    public static List<Slope> slopes(List<Curve> curves, int layers, int step) {
        List<Slope> slopes = new ArrayList<>();
        for (Parametrization p : Parametrization.values()) {
            List<Curve> of = curves.stream().filter(c -> c.parametrization() == p).toList();
            for (int l = 0; l < layers; l++) {
                double[] x = new double[of.size()];
                double[] update = new double[x.length];
                double[] initial = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    Curve c = of.get(i);
                    x[i] = Math.log(c.width());
                    update[i] = Math.log(c.updateSize[step][l]);
                    initial[i] = Math.log(c.activationSize[0][l]);
                }
                double u = leastSquaresSlope(x, update);
                slopes.add(new Slope(p, l + 1, u, leastSquaresSlope(x, initial), Trend.of(u)));
            }
        }
        return slopes;
    }

    /**
     * The least-squares slope of y against x, the sums in index order.
     *
     * @param x the abscissae, at least two distinct
     * @param y the ordinates, as many
     * @return the slope; NaN if any y is not finite
     */
    static double leastSquaresSlope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(y[i])) {
                return Double.NaN;
            }
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= x.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    private static float[][] normalRows(RandomKey key, int rows, int cols) {
        float[] flat = new float[rows * cols];
        new Normal(0, 1).fill(key, 0, flat, 0, flat.length);
        return Matmul.rows(flat, rows, cols);
    }

    /** One network of one width under one parametrization, and its steps. */
    private static final class Training {
        private final Spec spec;
        private final Workers workers;
        private final int layers;
        private final int[] widths;
        private final float[][][] w;
        private final float[][][] m;
        private final float[][][] v;
        private final double[] learningRates;
        private final Parametrization parametrization;
        private final int width;

        Training(Spec spec, Parametrization p, int width, RandomKey root, Workers workers) {
            this.spec = spec;
            this.workers = workers;
            this.parametrization = p;
            this.width = width;
            layers = spec.hiddenLayers() + 1;
            widths = new int[layers + 1];
            Arrays.fill(widths, width);
            widths[0] = spec.inputWidth();
            widths[layers] = spec.outputWidth();
            w = new float[layers + 1][][];
            m = new float[layers + 1][][];
            v = new float[layers + 1][][];
            learningRates = new double[layers + 1];
            for (int l = 1; l <= layers; l++) {
                Role role = l == 1 ? Role.INPUT : l == layers ? Role.OUTPUT : Role.HIDDEN;
                float std = (float) p.initialStd(role, widths[l - 1], spec.baseWidth());
                w[l] = normalRows(root.derive("coordinates.width." + width + ".layer." + l), widths[l - 1], widths[l]);
                for (float[] row : w[l]) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] *= std;
                    }
                }
                if (spec.optimizer() == Optimizer.ADAM) {
                    m[l] = new float[widths[l - 1]][widths[l]];
                    v[l] = new float[widths[l - 1]][widths[l]];
                }
                learningRates[l] = p.learningRate(role, spec.learningRate(), width, spec.baseWidth(), spec.optimizer());
            }
        }

        Curve run(float[][] input, float[][] target) {
            int steps = spec.steps();
            double[][] sizes = new double[steps + 1][];
            double[][] updates = new double[steps + 1][];
            float[][][][] first = forward(input);
            sizes[0] = sizes(first[1], null);
            updates[0] = new double[layers];
            float[][][][] current = first;
            for (int t = 1; t <= steps; t++) {
                step(t, current, target);
                current = forward(input);
                sizes[t] = sizes(current[1], null);
                updates[t] = sizes(current[1], first[1]);
            }
            return new Curve(parametrization, width, sizes, updates);
        }

        /** {@code [0][l]} = A_l (pre-activations), {@code [1][l]} = H_l; H_0 is the input, H_L = A_L. */
        private float[][][][] forward(float[][] input) {
            float[][][] a = new float[layers + 1][][];
            float[][][] h = new float[layers + 1][][];
            h[0] = input;
            for (int l = 1; l <= layers; l++) {
                int in = widths[l - 1];
                int out = widths[l];
                float[][] al = new float[spec.batch()][out];
                float[][] hPrev = h[l - 1];
                float[][] wl = w[l];
                workers.forRange(spec.batch(), ROW_GRAIN, (r0, r1) -> Matmul.multiply(hPrev, wl, al, in, out, r0, r1));
                a[l] = al;
                if (l == layers) {
                    h[l] = al;
                } else {
                    float[][] hl = new float[spec.batch()][out];
                    Activation f = spec.activation();
                    workers.forRange(spec.batch(), ROW_GRAIN, (r0, r1) -> {
                        for (int b = r0; b < r1; b++) {
                            for (int u = 0; u < out; u++) {
                                hl[b][u] = (float) f.apply(al[b][u]);
                            }
                        }
                    });
                    h[l] = hl;
                }
            }
            return new float[][][][] {a, h};
        }

        /** One step of the optimizer from the forward pass {@code pass} of the current weights. */
        private void step(int t, float[][][][] pass, float[][] target) {
            float[][][] a = pass[0];
            float[][][] h = pass[1];
            int batch = spec.batch();
            float scale = 1.0f / batch;
            // dL/dA_L = (A_L - Y) / batch for L = 0.5 / batch * sum((A_L - Y)^2)
            float[][] da = new float[batch][widths[layers]];
            for (int b = 0; b < batch; b++) {
                for (int u = 0; u < widths[layers]; u++) {
                    da[b][u] = (a[layers][b][u] - target[b][u]) * scale;
                }
            }
            float[][][] dw = new float[layers + 1][][];
            for (int l = layers; l >= 1; l--) {
                int in = widths[l - 1];
                int out = widths[l];
                float[][] hPrev = h[l - 1];
                float[][] g = da;
                float[][] dwl = new float[in][out];
                workers.forRange(in, ROW_GRAIN, (r0, r1) -> Matmul.multiplyTransposed(hPrev, g, dwl, batch, out, r0, r1));
                dw[l] = dwl;
                if (l > 1) {
                    float[][] wt = Matmul.transpose(w[l], out);
                    float[][] dh = new float[batch][in];
                    workers.forRange(batch, ROW_GRAIN, (r0, r1) -> Matmul.multiply(g, wt, dh, out, in, r0, r1));
                    float[][] aPrev = a[l - 1];
                    Activation f = spec.activation();
                    workers.forRange(batch, ROW_GRAIN, (r0, r1) -> {
                        for (int b = r0; b < r1; b++) {
                            for (int u = 0; u < in; u++) {
                                dh[b][u] = (float) (dh[b][u] * f.derivative(aPrev[b][u]));
                            }
                        }
                    });
                    da = dh;
                }
            }
            for (int l = 1; l <= layers; l++) {
                update(l, dw[l], t);
            }
        }

        private void update(int l, float[][] dw, int t) {
            float[][] wl = w[l];
            double lr = learningRates[l];
            if (spec.optimizer() == Optimizer.SGD) {
                workers.forRange(wl.length, ROW_GRAIN, (r0, r1) -> {
                    for (int i = r0; i < r1; i++) {
                        for (int j = 0; j < wl[i].length; j++) {
                            wl[i][j] = (float) (wl[i][j] - lr * dw[i][j]);
                        }
                    }
                });
                return;
            }
            float[][] ml = m[l];
            float[][] vl = v[l];
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            workers.forRange(wl.length, ROW_GRAIN, (r0, r1) -> {
                for (int i = r0; i < r1; i++) {
                    for (int j = 0; j < wl[i].length; j++) {
                        double g = dw[i][j];
                        ml[i][j] = (float) (BETA1 * ml[i][j] + (1 - BETA1) * g);
                        vl[i][j] = (float) (BETA2 * vl[i][j] + (1 - BETA2) * g * g);
                        double mHat = ml[i][j] / c1;
                        double vHat = vl[i][j] / c2;
                        wl[i][j] = (float) (wl[i][j] - lr * mHat / (Math.sqrt(vHat) + EPSILON));
                    }
                }
            });
        }

        /** Mean |h_l| per layer, or mean |h_l - h0_l| when {@code h0} is given; sums in row order. */
        private double[] sizes(float[][][] h, float[][][] h0) {
            double[] s = new double[layers];
            for (int l = 1; l <= layers; l++) {
                double sum = 0;
                for (int b = 0; b < spec.batch(); b++) {
                    for (int u = 0; u < widths[l]; u++) {
                        sum += Math.abs(h0 == null ? h[l][b][u] : (double) h[l][b][u] - h0[l][b][u]);
                    }
                }
                s[l - 1] = sum / ((double) spec.batch() * widths[l]);
            }
            return s;
        }
    }
}
