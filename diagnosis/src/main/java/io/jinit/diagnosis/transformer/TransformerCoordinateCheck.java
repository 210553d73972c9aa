package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.coordinates.Parametrization;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * muP's coordinate check on a transformer stack (Yang et al. 2022, "Tensor Programs V", Section 6
 * and Figure 5; the {@code mup} package's {@code get_coord_data}, which is run on transformers there):
 * the same stack at several widths, under the standard parametrization and under muP, trained for a
 * few steps on one batch; the size of every block's output and of its change since initialization
 * is measured at each step, and the log-log slope of the change against the width says whether the
 * updates stay of one size as the stack widens.
 *
 * <p>The stacks: the base stack at each width n of the sweep, the first being the base width n0;
 * the heads stay, so the head width grows as n, and the feed-forward width is scaled by n / n0.
 * <pre>
 *                      SP                                  muP (r = n / n0)
 *   hidden weights     N(0, sigma²)                        N(0, sigma² / r), query 0
 *   embeddings         N(0, sigma²)                        N(0, sigma²)
 *   attention logits   q · k / sqrt(d_head)                q · k / (d_head / sqrt(d_head at n0))
 *   Adam lr            lr                                  lr / r for matrices, lr for vectors
 *   SGD lr             lr                                  lr for matrices, lr · r for vectors
 *   loss projection    R sqrt(n0 / n)                      R n0 / n
 * </pre>
 * SP is transformers' {@code _init_weights} with {@code initializer_range = sigma} and one learning
 * rate; muP is {@link TransformerRecipe#mup} with the learning rates of the {@code mup} package's
 * {@code MuAdam} and {@code MuSGD}. There, a parameter with two dimensions that grow with the width
 * is matrix-like (the attention and feed-forward weights), one with a single growing dimension
 * vector-like (the embeddings, whose vocabulary or position dimension is fixed, the biases and the
 * norm weights); MuAdam divides a matrix-like learning rate by the width multiplier of its fan-in
 * and leaves vector-like ones; MuSGD multiplies vector-like ones by their width multiplier and
 * divides matrix-like ones by the ratio of the fan-in's multiplier to the fan-out's, which is 1 here
 * because the feed-forward width grows as the width. At n0 both parametrizations differ only in
 * the zero query. The stack has no readout layer: the loss projects the last hidden state with a
 * standard-normal R (see {@link Transformer}), which here is scaled as a readout initialized under
 * each parametrization's output rule would be ({@link #readoutScale}), so that the gradient
 * reaching the stack is the one each set of learning rates was derived for; the readout is not
 * trained.
 *
 * <p>Measured: a block's size is the mean |x| over every coordinate of the batch leaving it, the
 * last entry the stack's output y (after the final norm of a pre-norm stack); its update size at
 * step t is the mean of {@code |x_l(t) - x_l(0)|} on the same batch, as {@link CoordinateCheck}
 * does for the layers of an MLP; the slopes and trends are {@link CoordinateCheck}'s, judged with
 * {@link CoordinateCheck#STABLE_SLOPE}.
 *
 * <p>What theory says, and {@code TransformerCoordinateCheckTest} measures on a 2-block GPT-2-shaped
 * stack (4 heads, T = 8, B = 4, vocabulary 64, sigma 0.02, seed 1) at widths 32 to 256 after one
 * Adam step at learning rate 1e-3: Adam moves every entry of a hidden matrix by about lr whatever
 * the width, so {@code ΔW z} sums n aligned terms and grows like n times the size of z; under SP
 * the weights keep their sigma, so z (the stream, the feed-forward's hidden units) itself grows like
 * sqrt(n) and a block's update grows like n · sqrt(n) (measured slopes 1.48 and 1.44; the output
 * y after the final LayerNorm, which divides by the stream's growing size, 0.46). Under muP every
 * slope is within 0.051 of 0. Under SGD at learning rate 1e-4 SP's blocks grow like sqrt(n), the 1/2
 * of Tensor Programs V's SGD table for hidden layers (measured 0.48, 0.50), and muP's stay flat
 * (0.006, 0.002); with an unscaled projection, a gradient r times the one MuSGD's rates assume,
 * they grew like n (0.93, 0.91).
 *
 * <p>Deterministic: the passes are {@link Transformer}'s and the optimizer's updates are element by
 * element, so every figure is the same on any thread count.
 *
 * @since 0.1
 */
public final class TransformerCoordinateCheck {
    private TransformerCoordinateCheck() {
    }

    /**
     * What to check.
     *
     * @param base the stack at the base width, whose heads, depth, batch and forms every width keeps
     * @param widths the widths, at least two, increasing, the first the base stack's, each a multiple
     *     of the heads that scales the feed-forward width to a whole number
     * @param optimizer the optimizer of the steps
     * @param learningRate the learning rate at the base width, finite and &gt; 0
     * @param sigma the standard deviation of the weights and embeddings at the base width, finite and &gt; 0
     * @param steps training steps, at least 1
     * @param seed the seed of the parameters, the tokens and the projection
     */
    public record Spec(TransformerShape base, List<Integer> widths, Optimizer optimizer, double learningRate,
                       double sigma, int steps, long seed) {
        /**
         * Checks the spec.
         *
         * @param base the base stack
         * @param widths the widths
         * @param optimizer the optimizer
         * @param learningRate the base learning rate
         * @param sigma the base standard deviation
         * @param steps training steps
         * @param seed the seed
         * @throws IllegalArgumentException naming the first argument that is out of range, and its value
         */
        public Spec {
            if (base == null) {
                throw new IllegalArgumentException("base must not be null: null");
            }
            if (widths == null || widths.size() < 2 || widths.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("widths must list at least two widths: " + widths);
            }
            widths = List.copyOf(widths);
            if (widths.get(0) != base.width()) {
                throw new IllegalArgumentException("widths must start at the base width " + base.width() + ": "
                        + widths);
            }
            for (int i = 1; i < widths.size(); i++) {
                if (widths.get(i) <= widths.get(i - 1)) {
                    throw new IllegalArgumentException("widths must be increasing: " + widths);
                }
            }
            for (int width : widths) {
                if (width % base.heads() != 0) {
                    throw new IllegalArgumentException("widths must be multiples of the " + base.heads() + " heads: "
                            + widths);
                }
                if ((long) base.feedForwardWidth() * width % base.width() != 0) {
                    throw new IllegalArgumentException("widths must scale the feed-forward width "
                            + base.feedForwardWidth() + " of width " + base.width() + " to a whole number: " + widths);
                }
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer must not be null: null");
            }
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0: " + learningRate);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("sigma must be finite and > 0: " + sigma);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1: " + steps);
            }
            for (int width : widths) {
                standardStack(base, width);
            }
        }

        /**
         * The stack of the standard parametrization at a width: the base stack with this width, the
         * feed-forward width scaled in the same ratio and the logits divided by {@code sqrt(d_head)}.
         * muP runs {@link TransformerRecipe#mup}'s adaptation of it.
         *
         * @param width a width of the sweep
         * @return the stack
         * @throws IllegalArgumentException as the shape's constructor
         */
        public TransformerShape stack(int width) {
            return standardStack(base, width);
        }

        private static TransformerShape standardStack(TransformerShape base, int width) {
            int feedForwardWidth = (int) ((long) base.feedForwardWidth() * width / base.width());
            return new TransformerShape(base.layers(), width, base.heads(), feedForwardWidth, base.vocabulary(),
                    base.sequence(), base.batch(), base.norm(), base.placement(), base.feedForward(), base.position(),
                    base.biases()).withResidualScale(base.residualScale());
        }
    }

    /**
     * A whole check.
     *
     * @param spec what was checked
     * @param curves one per parametrization and width, standard first, by increasing width; layer
     *     {@code l} of a curve is block {@code l}'s output, the last the stack's output y
     * @param slopes one per parametrization and layer; layer {@code l + 1} is block {@code l}'s output,
     *     layer {@code N + 1} the stack's output y
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
     * @param executor runs the work of the threads other than the caller
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     * @return the sizes and slopes
     * @throws IllegalArgumentException naming the argument if spec or executor is null or threads is below 1
     */
    public static Result run(Spec spec, Executor executor, int threads) {
        if (spec == null) {
            throw new IllegalArgumentException("spec must not be null: null");
        }
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        List<Curve> curves = new ArrayList<>();
        for (Parametrization p : Parametrization.values()) {
            for (int width : spec.widths()) {
                curves.add(new Training(spec, p, width, executor, threads).run());
            }
        }
        return new Result(spec, curves, CoordinateCheck.slopes(curves, spec.base().layers() + 1, spec.steps()));
    }

    /**
     * Whether a parameter is matrix-like in the {@code mup} package's sense: both of its dimensions
     * grow with the width. The embeddings have a fixed vocabulary or position dimension and are
     * vector-like, as the biases and norm weights.
     *
     * @param name a parameter name of {@link TransformerParameters}
     * @param shape its shape
     * @return true for the attention and feed-forward weights
     */
    static boolean isMatrixLike(String name, Shape shape) {
        return shape.rank() == 2 && !name.startsWith("embedding.");
    }

    /**
     * A parameter's learning rate. muP's are those of the {@code mup} package (microsoft/mup,
     * {@code mup/optim.py}): {@code MuAdam} puts a parameter with {@code infshape.ninf() == 2} in a
     * group whose {@code lr /= infshape.width_mult()}, the multiplier of the fan-in, and leaves the
     * others; {@code MuSGD} multiplies the lr of a parameter with {@code ninf() == 1} by its
     * {@code width_mult()} and divides that of one with {@code ninf() == 2} by
     * {@code fanin_fanout_mult_ratio()}, {@code fanin.width_mult() / fanout.width_mult()}, which is 1
     * when both dimensions grow in one ratio, as here.
     *
     * @param p the parametrization
     * @param optimizer the optimizer
     * @param matrixLike whether both dimensions of the parameter grow with the width
     * @param base the learning rate at the base width
     * @param widthMultiplier r = width / base width
     * @return the learning rate
     */
    static double learningRate(Parametrization p, Optimizer optimizer, boolean matrixLike, double base,
                               double widthMultiplier) {
        if (p == Parametrization.STANDARD) {
            return base;
        }
        if (optimizer == Optimizer.ADAM) {
            return matrixLike ? base / widthMultiplier : base;
        }
        return matrixLike ? base : base * widthMultiplier;
    }

    /**
     * The factor on the loss's projection R at width multiplier r: R reads the last hidden state as
     * a readout layer initialized under the parametrization's output rule would (Tensor Programs V,
     * Table 3: output weights of variance 1/fan_in under SP, 1/fan_in² under muP), both equal at the
     * base width: {@code sqrt(1/r)} under SP, {@code 1/r} under muP. The gradient of the last hidden
     * state is then the size each parametrization's learning rates were derived for; with an
     * unscaled R it would be r times muP's, and muP's SGD updates would grow with the width.
     *
     * @param p the parametrization
     * @param widthMultiplier r = width / base width
     * @return the factor
     */
    static double readoutScale(Parametrization p, double widthMultiplier) {
        return p == Parametrization.STANDARD ? Math.sqrt(1 / widthMultiplier) : 1 / widthMultiplier;
    }

    /** One stack of one width under one parametrization, and its steps. */
    private static final class Training {
        private final Spec spec;
        private final Parametrization parametrization;
        private final int width;
        private final Executor executor;
        private final int threads;
        private final TransformerParameters parameters;
        private final Map<String, Double> learningRates = new HashMap<>();
        private final Map<String, float[]> firstMoments = new HashMap<>();
        private final Map<String, float[]> secondMoments = new HashMap<>();

        Training(Spec spec, Parametrization p, int width, Executor executor, int threads) {
            this.spec = spec;
            this.parametrization = p;
            this.width = width;
            this.executor = executor;
            this.threads = threads;
            TransformerShape stack = spec.stack(width);
            if (p == Parametrization.STANDARD) {
                parameters = TransformerParameters.of(stack, ParameterFiller.normal(spec.sigma(), spec.seed()));
            } else {
                TransformerRecipe mup = TransformerRecipe.mup(spec.sigma(), spec.base().width());
                TransformerShape adapted = mup.adapt(stack);
                parameters = TransformerParameters.of(adapted, mup.filler(adapted, spec.seed()));
            }
            double r = (double) width / spec.base().width();
            for (String name : parameters.names()) {
                Shape shape = parameters.shapeOf(name);
                learningRates.put(name, learningRate(p, spec.optimizer(), isMatrixLike(name, shape),
                        spec.learningRate(), r));
                if (spec.optimizer() == Optimizer.ADAM) {
                    firstMoments.put(name, new float[shape.intSize()]);
                    secondMoments.put(name, new float[shape.intSize()]);
                }
            }
        }

        Curve run() {
            TransformerShape shape = parameters.shape();
            int[] tokens = Transformer.tokens(shape, spec.seed());
            float[] projection = Transformer.projection(shape, spec.seed());
            double readout = readoutScale(parametrization, (double) width / spec.base().width());
            for (int i = 0; i < projection.length; i++) {
                projection[i] = (float) (projection[i] * readout);
            }
            int steps = spec.steps();
            double[][] sizes = new double[steps + 1][];
            double[][] updates = new double[steps + 1][];
            TransformerResult pass = Transformer.run(parameters, tokens, projection, executor, threads);
            float[][] first = outputs(pass);
            sizes[0] = sizes(first, null);
            updates[0] = new double[first.length];
            for (int t = 1; t <= steps; t++) {
                step(t, pass);
                pass = Transformer.run(parameters, tokens, projection, executor, threads);
                float[][] current = outputs(pass);
                sizes[t] = sizes(current, null);
                updates[t] = sizes(current, first);
            }
            return new Curve(parametrization, width, sizes, updates);
        }

        /** Every block's output, then the stack's output y. */
        private float[][] outputs(TransformerResult pass) {
            int layers = parameters.shape().layers();
            float[][] outputs = new float[layers + 1][];
            for (int l = 0; l < layers; l++) {
                outputs[l] = pass.blockOutput(l);
            }
            outputs[layers] = pass.output();
            return outputs;
        }

        /** One step of the optimizer on every parameter from the gradients of {@code pass}, as CoordinateCheck's. */
        private void step(int t, TransformerResult pass) {
            double c1 = 1 - Math.pow(CoordinateCheck.BETA1, t);
            double c2 = 1 - Math.pow(CoordinateCheck.BETA2, t);
            for (String name : parameters.names()) {
                float[][] rows = parameters.rows(name);
                float[] gradient = pass.gradient(name);
                double lr = learningRates.get(name);
                float[] m = firstMoments.get(name);
                float[] v = secondMoments.get(name);
                int cols = rows[0].length;
                for (int i = 0; i < rows.length; i++) {
                    float[] row = rows[i];
                    for (int j = 0; j < cols; j++) {
                        int k = i * cols + j;
                        double g = gradient[k];
                        if (spec.optimizer() == Optimizer.SGD) {
                            row[j] = (float) (row[j] - lr * g);
                        } else {
                            m[k] = (float) (CoordinateCheck.BETA1 * m[k] + (1 - CoordinateCheck.BETA1) * g);
                            v[k] = (float) (CoordinateCheck.BETA2 * v[k] + (1 - CoordinateCheck.BETA2) * g * g);
                            double mHat = m[k] / c1;
                            double vHat = v[k] / c2;
                            row[j] = (float) (row[j] - lr * mHat / (Math.sqrt(vHat) + CoordinateCheck.EPSILON));
                        }
                    }
                }
            }
        }

        /** Mean |x| of each output, or mean |x - x0| when {@code x0} is given; double sums in index order. */
        private static double[] sizes(float[][] x, float[][] x0) {
            double[] s = new double[x.length];
            for (int l = 0; l < x.length; l++) {
                double sum = 0;
                for (int i = 0; i < x[l].length; i++) {
                    sum += Math.abs(x0 == null ? x[l][i] : (double) x[l][i] - x0[l][i]);
                }
                s[l] = sum / x[l].length;
            }
            return s;
        }
    }
}
