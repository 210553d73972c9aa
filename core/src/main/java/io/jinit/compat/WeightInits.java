package io.jinit.compat;

import io.jinit.ParallelFill;
import io.jinit.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Weights and biases for a stack of dense layers, by a named method: the Java form of the Python
 * {@code WeightInits} class this project grew from (seed 000). For layer sizes
 * {@code dims = [d0, d1, ..., dL]}, layer {@code i} gets weights of shape {@code (d_i, d_{i+1})}
 * (fan_in, fan_out) and biases of shape {@code (1, d_{i+1})}:
 * <pre>
 *   heInit       W ~ N(0, 2 / fan_in)                 b = 0     (ReLU family; He et al. 2015)
 *   xavierInit   W ~ N(0, 2 / (fan_in + fan_out))     b = 0     (tanh, sigmoid; Glorot and Bengio 2010)
 *   seluInit     W ~ N(0, 1 / fan_in)                 b = 0     (SELU; LeCun normal)
 *   randomInit   W ~ N(0, scale²)                     b ~ N(0, (scale / 10)²)
 *   smartInit    the method {@link #recommend} names for the activation
 * </pre>
 * The seed defaults to 42, the scale of {@code randomInit} to 0.01 and the activation of
 * {@code smartInit} to {@code "leaky_relu"}, as in Python.
 *
 * <p>Two streams give the values ({@link Rng}):
 * <ul>
 * <li>{@link #philox()}: jinit's stream. Layer {@code i}'s weights are those of Keras's
 * {@code VarianceScaling(scale, mode, "untruncated_normal")} (HE: 2, fan_in; XAVIER: 1, fan_avg;
 * LECUN: 1, fan_in) or {@code RandomNormal(0, scale)} under the key
 * {@code RandomKey.of(seed).derive("layers." + i + ".weight")}; random biases use
 * {@code "layers." + i + ".bias"}. A layer's values depend only on the seed, its index and its
 * shape.</li>
 * <li>{@link #numpyLegacy()}: the Python original's arrays, bit for bit. {@code np.random.seed(seed)}
 * once, then per layer {@code randn(fan_in, fan_out)} (and under {@code randomInit}
 * {@code randn(1, fan_out)}) in order, scaled with the Python code's own floating-point
 * operations: {@code * sqrt(2.0 / fan_in)}, {@code * sqrt(2.0 / (fan_in + fan_out))},
 * {@code / sqrt(fan_in)} (a division, not a multiplication by the reciprocal), {@code * scale}
 * and {@code * (scale * 0.1)}.</li>
 * </ul>
 *
 * <pre>{@code
 * LayerWeights net = WeightInits.numpyLegacy().heInit(new int[] {784, 128, 10}, 42);
 * double w = net.layer(0).weight(0, 0);                // == WeightInits.he_init([784, 128, 10])[0][0][0, 0]
 * Recommendation r = WeightInits.recommend("tanh");    // XAVIER, "glorot_normal", and why
 * LayerWeights same = WeightInits.philox().smartInit(new int[] {784, 128, 10}, "tanh", 42);
 * }</pre>
 * (The README's example, run by {@code WeightInitsTest.readmeExample}.)
 *
 * <p>{@link #stream} gives the same layers as tensors computed range by range ({@link LayerStream}),
 * for models larger than memory; the in-memory methods compute through it.
 *
 * @implNote {@link #smartInit} differs from the Python {@code smart_init} for activations the
 * Python code does not name: Python gives Xavier to every activation other than relu,
 * leaky_relu, tanh, sigmoid and selu, including elu, gelu, swish, silu and mish, for which this
 * class follows {@link #recommend} (He, as the project's tables advise for ELU and Swish); and
 * an unknown activation is an error here, where Python falls back to Xavier. For the activations
 * both name (and for softmax and linear, which both map to Xavier) the arrays are identical.
 *
 * <p>References:
 * <ol>
 * <li>He, K. <i>et al</i> (2015) <a href="https://arxiv.org/abs/1502.01852">Delving Deep into
 * Rectifiers</a>. ICCV.</li>
 * <li>Glorot, X. and Bengio, Y. (2010)
 * <a href="https://proceedings.mlr.press/v9/glorot10a.html">Understanding the difficulty of
 * training deep feedforward neural networks</a>. AISTATS.</li>
 * <li>Klambauer, G. <i>et al</i> (2017) <a href="https://arxiv.org/abs/1706.02515">Self-Normalizing
 * Neural Networks</a>. NeurIPS.</li>
 * </ol>
 *
 * @since 0.1
 */
public final class WeightInits {
    /** The default seed of every method, as in Python. */
    public static final long DEFAULT_SEED = 42;
    /** The default standard deviation of {@link #randomInit}, as in Python. */
    public static final double DEFAULT_SCALE = 0.01;
    /** The default activation of {@link #smartInit}, as in Python. */
    public static final String DEFAULT_ACTIVATION = "leaky_relu";
    /** The ratio of the bias to the weight standard deviation in {@link #randomInit}. */
    public static final double RANDOM_BIAS_RATIO = 0.1;

    private static final WeightInits PHILOX = new WeightInits(Rng.PHILOX);
    private static final WeightInits NUMPY_LEGACY = new WeightInits(Rng.NUMPY_LEGACY);
    /** The largest element count of one array (the JDK's limit with headroom, as Shape.intSize). */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final Map<String, Recommendation> RECOMMENDATIONS = recommendations();

    private final Rng rng;

    private WeightInits(Rng rng) {
        this.rng = rng;
    }

    /**
     * The layer initializations on jinit's counter-based stream.
     *
     * @return the initializations
     */
    public static WeightInits philox() {
        return PHILOX;
    }

    /**
     * The layer initializations on NumPy's legacy stream, giving the Python original's arrays.
     *
     * @return the initializations
     */
    public static WeightInits numpyLegacy() {
        return NUMPY_LEGACY;
    }

    /**
     * The layer initializations on a stream.
     *
     * @param rng the stream
     * @return the initializations
     * @throws IllegalArgumentException if rng is null
     */
    public static WeightInits of(Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null: null");
        }
        return rng == Rng.PHILOX ? PHILOX : NUMPY_LEGACY;
    }

    /**
     * The stream of these initializations.
     *
     * @return the stream
     */
    public Rng rng() {
        return rng;
    }

    /**
     * He initialization, seed 42: Python's {@code he_init(dims)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @return the layers
     * @throws IllegalArgumentException if dims is invalid
     */
    public LayerWeights heInit(int[] dims) {
        return heInit(dims, DEFAULT_SEED);
    }

    /**
     * He initialization: {@code W ~ N(0, 2 / fan_in)}, zero biases; Python's {@code he_init(dims, seed)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the layers
     * @throws IllegalArgumentException if dims or the seed is invalid
     */
    public LayerWeights heInit(int[] dims, long seed) {
        return materialize(dims, () -> stream(InitMethod.HE, dims, seed));
    }

    /**
     * Xavier initialization, seed 42: Python's {@code xavier_init(dims)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @return the layers
     * @throws IllegalArgumentException if dims is invalid
     */
    public LayerWeights xavierInit(int[] dims) {
        return xavierInit(dims, DEFAULT_SEED);
    }

    /**
     * Xavier (Glorot) initialization: {@code W ~ N(0, 2 / (fan_in + fan_out))}, zero biases;
     * Python's {@code xavier_init(dims, seed)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the layers
     * @throws IllegalArgumentException if dims or the seed is invalid
     */
    public LayerWeights xavierInit(int[] dims, long seed) {
        return materialize(dims, () -> stream(InitMethod.XAVIER, dims, seed));
    }

    /**
     * Small random weights, scale 0.01, seed 42: Python's {@code random_init(dims)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @return the layers
     * @throws IllegalArgumentException if dims is invalid
     */
    public LayerWeights randomInit(int[] dims) {
        return randomInit(dims, DEFAULT_SCALE, DEFAULT_SEED);
    }

    /**
     * Random weights of a fixed scale, not adapted to the layer sizes: {@code W ~ N(0, scale²)},
     * {@code b ~ N(0, (0.1 scale)²)}; Python's {@code random_init(dims, scale, seed)}. Under
     * {@link Rng#NUMPY_LEGACY} each layer draws its weights, then its biases.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param scale the standard deviation of the weights, finite and &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the layers
     * @throws IllegalArgumentException if dims, scale or the seed is invalid
     */
    public LayerWeights randomInit(int[] dims, double scale, long seed) {
        Checks.positive("scale", scale);
        return materialize(dims, () -> randomStream(dims, scale, seed));
    }

    /**
     * LeCun initialization for SELU, seed 42: Python's {@code selu_init(dims)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @return the layers
     * @throws IllegalArgumentException if dims is invalid
     */
    public LayerWeights seluInit(int[] dims) {
        return seluInit(dims, DEFAULT_SEED);
    }

    /**
     * LeCun normal initialization, which SELU needs to self-normalize: {@code W ~ N(0, 1 / fan_in)},
     * zero biases; Python's {@code selu_init(dims, seed)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the layers
     * @throws IllegalArgumentException if dims or the seed is invalid
     */
    public LayerWeights seluInit(int[] dims, long seed) {
        return materialize(dims, () -> stream(InitMethod.LECUN, dims, seed));
    }

    /**
     * The recommended initialization for leaky ReLU (He), seed 42: Python's {@code smart_init(dims)}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @return the layers
     * @throws IllegalArgumentException if dims is invalid
     */
    public LayerWeights smartInit(int[] dims) {
        return smartInit(dims, DEFAULT_ACTIVATION, DEFAULT_SEED);
    }

    /**
     * The recommended initialization for an activation, seed 42.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param activation an activation {@link #recommend} knows, any case
     * @return the layers
     * @throws IllegalArgumentException if dims or the activation is invalid
     */
    public LayerWeights smartInit(int[] dims, String activation) {
        return smartInit(dims, activation, DEFAULT_SEED);
    }

    /**
     * The initialization {@link #recommend} names for the hidden layers' activation: He for the
     * ReLU family, Xavier for tanh, sigmoid, softmax and linear, LeCun for SELU. See the class
     * note for where this differs from Python's {@code smart_init}.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param activation an activation {@link #recommend} knows, any case
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the layers
     * @throws IllegalArgumentException if dims, the activation or the seed is invalid
     */
    public LayerWeights smartInit(int[] dims, String activation, long seed) {
        InitMethod method = recommend(activation).method();
        return materialize(dims, () -> stream(method, dims, seed));
    }

    /**
     * The initialization for an activation, with the reason: He for relu, leaky_relu, elu, gelu,
     * swish/silu and mish; Xavier for tanh, sigmoid, softmax and linear; LeCun for selu.
     *
     * @param activation the activation's name, any case
     * @return the recommendation
     * @throws IllegalArgumentException if the activation is null or unknown
     */
    public static Recommendation recommend(String activation) {
        Recommendation r = activation == null ? null : RECOMMENDATIONS.get(activation.toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new IllegalArgumentException("activation must be one of " + String.join(", ", activations())
                    + ": " + activation);
        }
        return r;
    }

    /**
     * The activations {@link #recommend} knows, in lower case.
     *
     * @return the names
     */
    public static List<String> activations() {
        return List.copyOf(RECOMMENDATIONS.keySet());
    }

    @Override
    public String toString() {
        return "WeightInits[rng=" + rng + "]";
    }

    /**
     * The layers of a method as tensors computed range by range, for models larger than memory:
     * the same values as the in-memory methods, which compute through it.
     * {@link InitMethod#RANDOM} takes Python's default scale, {@value #DEFAULT_SCALE}; another
     * scale is {@link #randomStream}'s.
     *
     * @param method the method; {@link #smartInit}'s is {@code recommend(activation).method()}
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the stream
     * @throws IllegalArgumentException if method, dims or the seed is invalid
     */
    public LayerStream stream(InitMethod method, int[] dims, long seed) {
        if (method == null) {
            throw new IllegalArgumentException("method must not be null: null");
        }
        if (method == InitMethod.RANDOM) {
            return randomStream(dims, DEFAULT_SCALE, seed);
        }
        checkDims(dims, false);
        return new LayerStream(rng, method, dims, OptionalDouble.empty(), seed);
    }

    /**
     * The layers of {@link #randomInit} as tensors computed range by range.
     *
     * @param dims layer sizes {@code [input, hidden..., output]}, at least two, each &gt; 0
     * @param scale the standard deviation of the weights, finite and &gt; 0
     * @param seed the seed; in [0, 2<sup>32</sup> - 1] for {@link Rng#NUMPY_LEGACY}
     * @return the stream
     * @throws IllegalArgumentException if dims, scale or the seed is invalid
     */
    public LayerStream randomStream(int[] dims, double scale, long seed) {
        checkDims(dims, false);
        Checks.positive("scale", scale);
        return new LayerStream(rng, InitMethod.RANDOM, dims, OptionalDouble.of(scale), seed);
    }

    /** The layers of a stream in memory, once dims are known to fit arrays. */
    private LayerWeights materialize(int[] dims, Supplier<LayerStream> open) {
        checkDims(dims, true);
        List<LayerStream.Tensor> tensors = open.get().tensors();
        List<Layer> layers = new ArrayList<>(dims.length - 1);
        for (int i = 0; i + 1 < dims.length; i++) {
            double[] w = new double[dims[i] * dims[i + 1]];
            double[] b = new double[dims[i + 1]];
            tensors.get(2 * i).fill(0, w, 0, w.length, ParallelFill.sequential());
            tensors.get(2 * i + 1).fill(0, b, 0, b.length, ParallelFill.sequential());
            layers.add(new Layer(dims[i], dims[i + 1], w, b));
        }
        return new LayerWeights(layers);
    }

    /** Checks the sizes, and with {@code inMemory} that each layer's weights fit one array. */
    private static void checkDims(int[] dims, boolean inMemory) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null: null");
        }
        if (dims.length < 2) {
            throw new IllegalArgumentException(
                    "dims must hold at least 2 sizes (input and output): " + Arrays.toString(dims));
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("dims[" + i + "] must be > 0: " + dims[i]);
            }
        }
        for (int i = 0; inMemory && i + 1 < dims.length; i++) {
            if ((long) dims[i] * dims[i + 1] > MAX_ARRAY) {
                throw new IllegalArgumentException("layer " + i + " has more weights than one array holds: dims["
                        + i + "] * dims[" + (i + 1) + "] = " + dims[i] + " * " + dims[i + 1]);
            }
        }
    }

    private static Map<String, Recommendation> recommendations() {
        Map<String, Recommendation> m = new LinkedHashMap<>();
        add(m, "relu", InitMethod.HE, "ReLU zeroes the negative half of its input and so halves the variance it passes"
                + " on; He's Var(W) = 2 / fan_in makes up for it, so activations and gradients keep their scale"
                + " through depth, where Xavier's smaller weights let them shrink layer by layer.");
        add(m, "leaky_relu", InitMethod.HE, "Leaky ReLU keeps only a small slope for negative inputs, so like ReLU it"
                + " passes on about half the variance; He's Var(W) = 2 / fan_in keeps the signal's variance constant"
                + " across layers.");
        add(m, "elu", InitMethod.HE, "ELU is the identity for positive inputs and saturates for negative ones, a"
                + " rectifier like ReLU: He initialization, Var(W) = 2 / fan_in, is the choice for the ReLU family"
                + " (ReLU, Leaky ReLU, ELU).");
        add(m, "gelu", InitMethod.HE, "GELU, x * Phi(x), is a smooth ReLU: close to zero for negative inputs and to the"
                + " identity for positive ones, so it passes on about half the variance; He initialization, as for"
                + " ReLU and Swish.");
        String swish = "Swish (SiLU), x * sigmoid(x), behaves like a smooth ReLU: He initialization,"
                + " Var(W) = 2 / fan_in, keeps the variance of activations from shrinking through depth.";
        add(m, "swish", InitMethod.HE, swish);
        add(m, "silu", InitMethod.HE, swish);
        add(m, "mish", InitMethod.HE, "Mish, x * tanh(softplus(x)), is a smooth ReLU like Swish: He initialization,"
                + " Var(W) = 2 / fan_in.");
        add(m, "softplus", InitMethod.HE, "softplus, log(1 + e^x), is a smooth ReLU: it tends to max(x, 0) away from"
                + " 0, so like ReLU it passes on about half the variance; He's Var(W) = 2 / fan_in (ReLU's gain"
                + " sqrt(2); torch.nn.init.calculate_gain has none for softplus).");
        add(m, "tanh", InitMethod.XAVIER, "tanh is symmetric about zero and nearly linear near it; Xavier's"
                + " Var(W) = 2 / (fan_in + fan_out) keeps the variance of activations and gradients constant across"
                + " layers without driving units into saturation (Glorot and Bengio 2010).");
        add(m, "sigmoid", InitMethod.XAVIER, "sigmoid saturates for large inputs, where its gradient vanishes; Xavier's"
                + " Var(W) = 2 / (fan_in + fan_out) keeps pre-activations in its near-linear range and the variance"
                + " constant across layers (Glorot and Bengio 2010).");
        add(m, "softmax", InitMethod.XAVIER, "softmax turns the logits of a linear layer into probabilities; Xavier's"
                + " Var(W) = 2 / (fan_in + fan_out) keeps the logits near unit variance, so the first outputs are"
                + " neither saturated nor flat.");
        add(m, "selu", InitMethod.LECUN, "SELU self-normalizes (activations stay near mean 0 and variance 1 through"
                + " depth) only when Var(W) = 1 / fan_in: LeCun normal initialization (Klambauer et al. 2017).");
        add(m, "linear", InitMethod.XAVIER, "With no nonlinearity, Var(W) = 1 / fan_in keeps the forward variance and"
                + " 1 / fan_out the backward one; Xavier's 2 / (fan_in + fan_out) balances both, the linear regime"
                + " Glorot and Bengio's derivation assumes.");
        return m;
    }

    private static void add(Map<String, Recommendation> m, String activation, InitMethod method, String reason) {
        m.put(activation, new Recommendation(activation, method, method.kerasIdentifier(), method.varianceScale(),
                reason));
    }
}
