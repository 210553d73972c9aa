package io.jinit.diagnosis;

import io.jinit.internal.NormalMath;
import java.util.Locale;

/**
 * An element-wise activation function and its derivative, in double, with only
 * {@code + - * /} and {@code StrictMath} so that every platform gives the same bits.
 * <pre>
 *   linear       x
 *   relu         max(x, 0)                                  f'(0) = 0, as PyTorch and TensorFlow
 *   leaky_relu   x if x &gt; 0, else slope · x                 slope 0.01 unless given: leaky_relu(0.2)
 *   elu          x if x &gt; 0, else alpha · (e^x - 1)         alpha 1 unless given: elu(0.5)
 *   selu         scale · elu_alpha(x)                       alpha = 1.6732632423543772, scale = 1.0507009873554805
 *   gelu         x · Φ(x)                                   exact, not the tanh approximation
 *   swish        x · σ(x)                                   also called silu
 *   tanh         tanh(x)
 *   sigmoid      σ(x) = 1 / (1 + e^-x)
 *   softplus     log(1 + e^x)
 *   mish         x · tanh(softplus(x))
 * </pre>
 *
 * <p>References:
 * <ol>
 * <li>Klambauer, G. <i>et al</i> (2017) <a href="https://arxiv.org/abs/1706.02515">Self-Normalizing
 * Neural Networks</a>. NeurIPS.</li>
 * <li>Hendrycks, D. and Gimpel, K. (2016) <a href="https://arxiv.org/abs/1606.08415">Gaussian Error
 * Linear Units (GELUs)</a>.</li>
 * <li>Misra, D. (2019) <a href="https://arxiv.org/abs/1908.08681">Mish: A Self Regularized
 * Non-Monotonic Activation Function</a>.</li>
 * </ol>
 *
 * @param kind the function
 * @param parameter the slope of leaky_relu or the alpha of elu; 0 for the others
 * @since 0.1
 */
public record Activation(Kind kind, double parameter) {
    /** SELU's alpha (Klambauer et al. 2017). */
    public static final double SELU_ALPHA = 1.6732632423543772;
    /** SELU's scale (Klambauer et al. 2017). */
    public static final double SELU_SCALE = 1.0507009873554805;
    /** leaky_relu's slope when none is given, as Keras's {@code leaky_relu} and PyTorch's. */
    public static final double DEFAULT_SLOPE = 0.01;
    /** elu's alpha when none is given. */
    public static final double DEFAULT_ALPHA = 1.0;
    /** The other name of SWISH, PyTorch's. */
    private static final String SILU = "silu";

    /** The functions. */
    public enum Kind {
        /** The identity. */
        LINEAR,
        /** max(x, 0). */
        RELU,
        /** x, or slope · x for x &lt;= 0. */
        LEAKY_RELU,
        /** x, or alpha · (e^x - 1) for x &lt;= 0. */
        ELU,
        /** The scaled ELU of Klambauer et al. (2017). */
        SELU,
        /** x · Φ(x). */
        GELU,
        /** x · σ(x), also called SiLU. */
        SWISH,
        /** The hyperbolic tangent. */
        TANH,
        /** The logistic function. */
        SIGMOID,
        /** log(1 + e^x). */
        SOFTPLUS,
        /** x · tanh(softplus(x)). */
        MISH
    }

    /**
     * Validates the parameter.
     *
     * @param kind the function
     * @param parameter the slope of leaky_relu or the alpha of elu; 0 for the others
     * @throws IllegalArgumentException if kind is null, the slope of leaky_relu is negative or not
     *     finite, the alpha of elu is not a finite number &gt; 0, or another kind has a parameter
     */
    public Activation {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null: null");
        }
        if (kind == Kind.LEAKY_RELU) {
            if (!(parameter >= 0) || !Double.isFinite(parameter)) {
                throw new IllegalArgumentException("leaky_relu slope must be a finite number >= 0: " + parameter);
            }
        } else if (kind == Kind.ELU) {
            if (!(parameter > 0) || !Double.isFinite(parameter)) {
                throw new IllegalArgumentException("elu alpha must be a finite number > 0: " + parameter);
            }
        } else if (parameter != 0) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT)
                    + " takes no parameter: " + parameter);
        }
    }

    /**
     * The activation a name gives, case-insensitively: {@code linear}, {@code relu},
     * {@code leaky_relu} or {@code leaky_relu(slope)}, {@code elu} or {@code elu(alpha)},
     * {@code selu}, {@code gelu}, {@code swish} or {@code silu}, {@code tanh}, {@code sigmoid},
     * {@code softplus}, {@code mish}.
     *
     * @param name the name
     * @return the activation
     * @throws IllegalArgumentException if the name is unknown or its parameter malformed
     */
    public static Activation of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("activation must not be null: null");
        }
        String s = name.strip().toLowerCase(Locale.ROOT);
        String base = s;
        String argument = null;
        int open = s.indexOf('(');
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("unknown activation: " + name);
            }
            base = s.substring(0, open).strip();
            argument = s.substring(open + 1, s.length() - 1).strip();
        }
        Kind kind = kindOf(base);
        if (kind == null) {
            throw new IllegalArgumentException("unknown activation (linear, relu, leaky_relu, elu, selu, gelu, "
                    + "swish, silu, tanh, sigmoid, softplus, mish): " + name);
        }
        double parameter = kind == Kind.LEAKY_RELU ? DEFAULT_SLOPE : kind == Kind.ELU ? DEFAULT_ALPHA : 0;
        if (argument != null) {
            if (kind != Kind.LEAKY_RELU && kind != Kind.ELU) {
                throw new IllegalArgumentException(base + " takes no parameter: " + name);
            }
            try {
                parameter = Double.parseDouble(argument);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("activation parameter must be a number: " + name, e);
            }
        }
        return new Activation(kind, parameter);
    }

    /** The kind whose lower-case name is {@code base} ({@code silu} for SWISH too), or null. */
    private static Kind kindOf(String base) {
        String name = base.equals(SILU) ? Kind.SWISH.name().toLowerCase(Locale.ROOT) : base;
        for (Kind kind : Kind.values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The canonical name, which {@link #of} reads back: {@code "relu"}, {@code "leaky_relu"}
     * (slope 0.01), {@code "leaky_relu(0.2)"}, {@code "elu"}, {@code "elu(0.5)"}, {@code "swish"}, ...
     *
     * @return the name
     */
    public String name() {
        String base = kind.name().toLowerCase(Locale.ROOT);
        boolean given = kind == Kind.LEAKY_RELU ? parameter != DEFAULT_SLOPE
                : kind == Kind.ELU && parameter != DEFAULT_ALPHA;
        if (given) {
            return base + "(" + parameter + ")";
        }
        return base;
    }

    @Override
    public String toString() {
        return name();
    }

    /**
     * Whether the function is flat at both ends (tanh, sigmoid), so that units can saturate.
     *
     * @return true for tanh and sigmoid
     */
    public boolean saturates() {
        return kind == Kind.TANH || kind == Kind.SIGMOID;
    }

    /**
     * Whether a unit whose input is never positive passes (almost) no gradient: relu, and
     * leaky_relu, whose dead units pass {@code slope} times the gradient.
     *
     * @return true for relu and leaky_relu
     */
    public boolean canDie() {
        return kind == Kind.RELU || kind == Kind.LEAKY_RELU;
    }

    /**
     * The largest value of the derivative, for saturating functions: 1 for tanh (at 0), 1/4 for
     * sigmoid (at 0); 1 for the others, whose derivative is not bounded by it everywhere.
     *
     * @return max f'
     */
    public double maxDerivative() {
        return kind == Kind.SIGMOID ? 0.25 : 1.0;
    }

    /**
     * f(x). Not-a-number gives not-a-number for every function, relu included.
     *
     * @param x the input
     * @return the activation
     */
    public double apply(double x) {
        switch (kind) {
            case LINEAR:
                return x;
            case RELU:
                return x <= 0 ? 0.0 : x;
            case LEAKY_RELU:
                return x <= 0 ? parameter * x : x;
            case ELU:
                return x > 0 ? x : parameter * StrictMath.expm1(x);
            case SELU:
                return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * StrictMath.expm1(x));
            case GELU:
                return x * NormalMath.cdf(x);
            case SWISH:
                return x * sigmoid(x);
            case TANH:
                return StrictMath.tanh(x);
            case SIGMOID:
                return sigmoid(x);
            case SOFTPLUS:
                return softplus(x);
            case MISH:
                return x * StrictMath.tanh(softplus(x));
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * f'(x). At the kink of relu and leaky_relu (x = 0) it is the left derivative, as in PyTorch.
     *
     * @param x the input
     * @return the derivative
     */
    public double derivative(double x) {
        switch (kind) {
            case LINEAR:
                return 1.0;
            case RELU:
                return x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU:
                return x > 0 ? 1.0 : parameter;
            case ELU:
                return x > 0 ? 1.0 : parameter * StrictMath.exp(x);
            case SELU:
                return SELU_SCALE * (x > 0 ? 1.0 : SELU_ALPHA * StrictMath.exp(x));
            case GELU:
                return NormalMath.cdf(x) + x * NormalMath.pdf(x);
            case SWISH: {
                double s = sigmoid(x);
                return s + x * sigmoidDerivative(x);
            }
            case TANH: {
                double t = StrictMath.tanh(x);
                return 1.0 - t * t;
            }
            case SIGMOID:
                return sigmoidDerivative(x);
            case SOFTPLUS:
                return sigmoid(x);
            case MISH: {
                double t = StrictMath.tanh(softplus(x));
                return t + x * (1.0 - t * t) * sigmoid(x);
            }
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * Applies the function to {@code a[from, to)}, writing f(a) to {@code h} and f'(a) to
     * {@code d}, each rounded once to float32. Gives the bits of {@link #apply} and
     * {@link #derivative} element by element; the common functions share one evaluation of their
     * transcendental part between the two.
     */
    void applyWithDerivative(float[] a, float[] h, float[] d, int from, int to) {
        switch (kind) {
            case LINEAR:
                for (int i = from; i < to; i++) {
                    h[i] = a[i];
                    d[i] = 1.0f;
                }
                break;
            case RELU:
                for (int i = from; i < to; i++) {
                    float x = a[i];
                    h[i] = x <= 0 ? 0.0f : x;
                    d[i] = x > 0 ? 1.0f : 0.0f;
                }
                break;
            case TANH:
                for (int i = from; i < to; i++) {
                    double t = StrictMath.tanh(a[i]);
                    h[i] = (float) t;
                    d[i] = (float) (1.0 - t * t);
                }
                break;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    double x = a[i];
                    double e = StrictMath.exp(-Math.abs(x));
                    double s = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                    h[i] = (float) s;
                    d[i] = (float) (e / ((1.0 + e) * (1.0 + e)));
                }
                break;
            case SELU:
                for (int i = from; i < to; i++) {
                    double x = a[i];
                    if (x > 0) {
                        h[i] = (float) (SELU_SCALE * x);
                        d[i] = (float) SELU_SCALE;
                    } else {
                        h[i] = (float) (SELU_SCALE * (SELU_ALPHA * StrictMath.expm1(x)));
                        d[i] = (float) (SELU_SCALE * (SELU_ALPHA * StrictMath.exp(x)));
                    }
                }
                break;
            default:
                for (int i = from; i < to; i++) {
                    double x = a[i];
                    h[i] = (float) apply(x);
                    d[i] = (float) derivative(x);
                }
        }
    }

    private static double sigmoid(double x) {
        double e = StrictMath.exp(-Math.abs(x));
        return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /** σ(x)(1 - σ(x)) without the cancellation of 1 - σ(x) for large x. */
    private static double sigmoidDerivative(double x) {
        double e = StrictMath.exp(-Math.abs(x));
        return e / ((1.0 + e) * (1.0 + e));
    }

    /** max(x, 0) + log(1 + e^-|x|): no overflow, and exact to rounding at both ends. */
    private static double softplus(double x) {
        return Math.max(x, 0.0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x)));
    }
}
