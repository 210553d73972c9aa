package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import io.jinit.init.Constant;
import io.jinit.init.Dirac;
import io.jinit.init.DistributionKind;
import io.jinit.init.GainScaling;
import io.jinit.init.Gain;
import io.jinit.init.Identity;
import io.jinit.init.Nonlinearity;
import io.jinit.init.Orthogonal;
import io.jinit.init.RandomNormal;
import io.jinit.init.RandomTruncatedNormal;
import io.jinit.init.RandomUniform;
import io.jinit.init.Sparse;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions of {@code torch.nn.init} under their own names (with the trailing underscore),
 * PyTorch's defaults and parameter names, and {@link FanConvention#TORCH}; plus the default
 * initialization of PyTorch's modules. Every function takes an optional {@code seed}.
 *
 * <p>Where this catalogue departs from PyTorch, on purpose: values come from jinit's stream, not
 * PyTorch's MT19937; {@code trunc_normal_} is exact for every interval (PyTorch's inverse-CDF
 * releases were not); {@code sparse_} draws its zero positions from the key too.
 *
 * @since 0.1
 */
public final class TorchCatalogue {
    /** The module written for torch functions. */
    public static final String MODULE = "torch.nn.init";
    /** The module written for PyTorch's module defaults, which are not torch functions. */
    public static final String DEFAULTS_MODULE = "jinit";
    /** The negative slope PyTorch's Linear and Conv layers pass to kaiming_uniform_: sqrt(5). */
    public static final double LINEAR_DEFAULT_A = Math.sqrt(5);

    private static final Codec UNIFORM = Codec.of(MODULE, "uniform_",
            List.of(Param.number("a", 0.0), Param.number("b", 1.0), Param.seed()), a -> {
                double low = a.number("a");
                double high = a.number("b");
                // Checked under torch's names before RandomUniform checks the same as minval and maxval.
                if (!Double.isFinite(low) || !Double.isFinite(high) || !(low <= high)
                        || !Double.isFinite(high - low)) {
                    throw new IllegalArgumentException("uniform_ needs finite a <= b with b - a finite: a=" + low
                            + ", b=" + high);
                }
                return new RandomUniform(low, high, a.seed());
            });
    private static final Codec NORMAL = Codec.of(MODULE, "normal_",
            List.of(Param.number("mean", 0.0), Param.number("std", 1.0), Param.seed()), a -> {
                double mean = a.number("mean");
                double std = a.number("std");
                // Checked under torch's names before RandomNormal checks the same as mean and stddev.
                if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
                    throw new IllegalArgumentException("normal_ needs a finite mean and a finite std >= 0: mean="
                            + mean + ", std=" + std);
                }
                return new RandomNormal(mean, std, a.seed());
            });
    private static final Codec TRUNC_NORMAL = Codec.of(MODULE, "trunc_normal_",
            List.of(Param.number("mean", 0.0), Param.number("std", 1.0), Param.number("a", -2.0),
                    Param.number("b", 2.0), Param.seed()), a -> {
                double mean = a.number("mean");
                double std = a.number("std");
                double low = a.number("a");
                double high = a.number("b");
                // Checked under torch's names before the distribution checks the same as low and high.
                if (!Double.isFinite(mean) || !Double.isFinite(std) || !(std > 0) || !Double.isFinite(low)
                        || !Double.isFinite(high) || !(low < high)) {
                    throw new IllegalArgumentException("trunc_normal_ needs a finite mean, a finite std > 0 and "
                            + "finite a < b: mean=" + mean + ", std=" + std + ", a=" + low + ", b=" + high);
                }
                return new RandomTruncatedNormal(mean, std, low, high, a.seed());
            });
    private static final Codec CONSTANT = Codec.of(MODULE, "constant_", List.of(Param.requiredNumber("val")),
            a -> new Constant(a.number("val")));
    private static final Codec ONES = Codec.of(MODULE, "ones_", List.of(), a -> new Constant(1.0));
    private static final Codec ZEROS = Codec.of(MODULE, "zeros_", List.of(), a -> new Constant(0.0));
    private static final Codec EYE = Codec.of(MODULE, "eye_", List.of(), a -> new Identity(1.0));
    private static final Codec DIRAC = Codec.of(MODULE, "dirac_", List.of(Param.integer("groups", 1)), a -> {
        long groups = a.integer("groups");
        if (groups < 1 || groups > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("groups must be >= 1: " + groups);
        }
        return new Dirac((int) groups);
    });
    private static final Codec ORTHOGONAL = Codec.of(MODULE, "orthogonal_",
            List.of(Param.number("gain", 1.0), Param.seed()),
            a -> new Orthogonal(a.number("gain"), FanConvention.TORCH, a.seed()));
    private static final Codec SPARSE = Codec.of(MODULE, "sparse_",
            List.of(Param.requiredNumber("sparsity"), Param.number("std", 0.01), Param.seed()),
            a -> new Sparse(a.number("sparsity"), a.number("std"), a.seed()));
    private static final Codec LINEAR_DEFAULT = Codec.of(DEFAULTS_MODULE, "torch_linear_default",
            List.of(Param.seed()), a -> GainScaling.kaiming(LINEAR_DEFAULT_A, FanMode.FAN_IN,
                    Nonlinearity.LEAKY_RELU, DistributionKind.UNIFORM, FanConvention.TORCH, a.seed()));
    private static final Codec LINEAR_BIAS = uniformOverSqrt("torch_linear_bias", "fan_in");
    private static final Codec RNN_DEFAULT = uniformOverSqrt("torch_rnn_default", "hidden_size");
    private static final Codec EMBEDDING_DEFAULT = Codec.of(DEFAULTS_MODULE, "torch_embedding_default",
            List.of(Param.seed()), a -> new RandomNormal(0.0, 1.0, a.seed()));

    private TorchCatalogue() {
    }

    /**
     * The factory of each torch function name and module-default name.
     *
     * @return name to factory
     */
    static Map<String, InitializerFactory> factories() {
        Map<String, InitializerFactory> m = new LinkedHashMap<>();
        for (Codec c : List.of(UNIFORM, NORMAL, TRUNC_NORMAL, CONSTANT, ONES, ZEROS, EYE, DIRAC,
                xavier(DistributionKind.UNIFORM), kaiming(DistributionKind.UNIFORM),
                xavier(DistributionKind.UNTRUNCATED_NORMAL), kaiming(DistributionKind.UNTRUNCATED_NORMAL),
                ORTHOGONAL, SPARSE, LINEAR_DEFAULT, LINEAR_BIAS, RNN_DEFAULT, EMBEDDING_DEFAULT)) {
            m.put(c.className(), c);
        }
        return m;
    }

    /**
     * The torch entry whose config holds every parameter of a family built in Java, or null if
     * no torch entry does.
     *
     * @param family the family
     * @return the entry, or null
     */
    static Catalogued canonical(Initializer family) {
        if (family instanceof RandomTruncatedNormal t) {
            return truncNormal(t.mean(), t.stddev(), t.low(), t.high(), t.seed());
        }
        if (family instanceof Dirac d) {
            return DIRAC.build("groups", (long) d.groups());
        }
        if (family instanceof Sparse p) {
            return SPARSE.build("sparsity", p.sparsity(), "std", p.std(), "seed", p.seed());
        }
        if (family instanceof GainScaling g && g.mode() == FanMode.FAN_AVG) {
            return xavier(g.gain(), g.kind(), g.fans(), g.seed());
        }
        return null;
    }

    /**
     * A module default U(-1/sqrt(n), 1/sqrt(n)), 0 when n is 0, with n the integer the config
     * must give under key.
     */
    private static Codec uniformOverSqrt(String className, String key) {
        return Codec.of(DEFAULTS_MODULE, className, List.of(Param.integer(key, -1), Param.seed()), a -> {
            long n = a.integer(key);
            if (n < 0) {
                throw new IllegalArgumentException(key + " must be given and >= 0: " + n);
            }
            double bound = n > 0 ? 1.0 / Math.sqrt(n) : 0;
            return new RandomUniform(-bound, bound, a.seed());
        });
    }

    private static String suffix(DistributionKind kind) {
        return kind == DistributionKind.UNIFORM ? "uniform_" : "normal_";
    }

    private static Codec xavier(DistributionKind kind) {
        return Codec.of(MODULE, "xavier_" + suffix(kind),
                List.of(Param.number("gain", 1.0), Param.seed(), Param.torchFans()),
                a -> GainScaling.xavier(a.number("gain"), kind, a.get("fans", FanConvention.class), a.seed()));
    }

    private static Codec kaiming(DistributionKind kind) {
        return Codec.of(MODULE, "kaiming_" + suffix(kind),
                List.of(Param.number("a", 0.0),
                        Param.named("mode", r -> torchMode(r.string("mode", "fan_in")), FanMode::configName),
                        Param.named("nonlinearity", r -> nonlinearity(r.string("nonlinearity", "leaky_relu")),
                                Nonlinearity::torchName),
                        Param.seed(), Param.torchFans()),
                a -> GainScaling.kaiming(a.number("a"), a.get("mode", FanMode.class),
                        a.get("nonlinearity", Nonlinearity.class), kind, a.get("fans", FanConvention.class),
                        a.seed()));
    }

    /**
     * The names that answer without the trailing underscore because Keras does not define them.
     *
     * @return short name to torch name, e.g. {@code "kaiming_normal" -> "kaiming_normal_"}
     */
    static Map<String, String> shortNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : List.of("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
                "trunc_normal", "eye", "dirac", "sparse")) {
            m.put(n, n + "_");
        }
        return m;
    }

    /**
     * torch {@code uniform_(a, b)}: U[a, b).
     *
     * @param a the lower bound
     * @param b the upper bound
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued uniform(double a, double b, long seed) {
        return UNIFORM.build("a", a, "b", b, "seed", seed);
    }

    /**
     * torch {@code normal_(mean, std)}: N(mean, std²).
     *
     * @param mean the mean
     * @param std the standard deviation
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued normal(double mean, double std, long seed) {
        return NORMAL.build("mean", mean, "std", std, "seed", seed);
    }

    /**
     * torch {@code trunc_normal_(mean, std, a, b)}: N(mean, std²) restricted to the absolute
     * interval [a, b].
     *
     * @param mean the mean
     * @param std the standard deviation before truncation
     * @param a the lower bound
     * @param b the upper bound
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued truncNormal(double mean, double std, double a, double b, long seed) {
        return TRUNC_NORMAL.build("mean", mean, "std", std, "a", a, "b", b, "seed", seed);
    }

    /**
     * torch {@code orthogonal_(gain)}: a (semi-)orthogonal matrix from the QR of a Gaussian with the
     * sign fix, flattening trailing dimensions as PyTorch does ({@code (shape[0], size / shape[0])}).
     *
     * @param gain the scaling factor
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued orthogonal(double gain, long seed) {
        return ORTHOGONAL.build("gain", gain, "seed", seed);
    }

    /**
     * torch {@code constant_(val)}.
     *
     * @param val the value
     * @return the initializer
     */
    public static Catalogued constant(double val) {
        return CONSTANT.build("val", val);
    }

    /**
     * torch {@code kaiming_uniform_} and {@code kaiming_normal_}.
     *
     * @param a the negative slope of leaky_relu (used only with it)
     * @param mode FAN_IN or FAN_OUT
     * @param nonlinearity the nonlinearity
     * @param kind UNIFORM or UNTRUNCATED_NORMAL
     * @param fans the fan convention ({@link FanConvention#TORCH} in PyTorch)
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued kaiming(double a, FanMode mode, Nonlinearity nonlinearity, DistributionKind kind,
            FanConvention fans, long seed) {
        return kaiming(kind).build("a", a, "mode", mode, "nonlinearity", nonlinearity, "seed", seed, "fans", fans);
    }

    /**
     * torch {@code xavier_uniform_} and {@code xavier_normal_}.
     *
     * @param gain the scaling factor
     * @param kind UNIFORM or UNTRUNCATED_NORMAL
     * @param fans the fan convention ({@link FanConvention#TORCH} in PyTorch)
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued xavier(double gain, DistributionKind kind, FanConvention fans, long seed) {
        return xavier(kind).build("gain", gain, "seed", seed, "fans", fans);
    }

    /**
     * The weight initialization of PyTorch's {@code Linear} and {@code ConvNd}:
     * {@code kaiming_uniform_(w, a=sqrt(5))}, which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued linearDefault(long seed) {
        return LINEAR_DEFAULT.build("seed", seed);
    }

    /**
     * The bias initialization of PyTorch's {@code Linear} and {@code ConvNd}: U(-bound, bound) with
     * {@code bound = 1/sqrt(fan_in)} of the weight, 0 when fan_in is 0.
     *
     * @param fanIn the weight's fan-in, &gt;= 0
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued linearBias(long fanIn, long seed) {
        return LINEAR_BIAS.build("fan_in", fanIn, "seed", seed);
    }

    /**
     * The initialization of every parameter of PyTorch's {@code RNN}, {@code LSTM}, {@code GRU}
     * and their cells: U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
     *
     * @param hiddenSize the hidden size, &gt;= 0
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued rnnDefault(long hiddenSize, long seed) {
        return RNN_DEFAULT.build("hidden_size", hiddenSize, "seed", seed);
    }

    /**
     * The weight initialization of PyTorch's {@code Embedding}: N(0, 1). (PyTorch then zeroes the
     * padding row, a property of the layer rather than of the initializer.)
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued embeddingDefault(long seed) {
        return EMBEDDING_DEFAULT.build("seed", seed);
    }

    /**
     * PyTorch's {@code calculate_gain}.
     *
     * @param nonlinearity the nonlinearity
     * @param param the negative slope of leaky_relu, or null
     * @return the gain
     * @see Gain
     */
    public static double calculateGain(String nonlinearity, Double param) {
        return Gain.of(nonlinearity, param);
    }

    /** PyTorch lower-cases the mode before checking it. */
    private static FanMode torchMode(String mode) {
        String lower = mode.toLowerCase(Locale.ROOT);
        if (!"fan_in".equals(lower) && !"fan_out".equals(lower)) {
            throw new IllegalArgumentException("mode must be fan_in or fan_out: " + mode);
        }
        return FanMode.parse(lower);
    }

    /** PyTorch's names, exactly. */
    private static Nonlinearity nonlinearity(String name) {
        for (Nonlinearity n : Nonlinearity.values()) {
            if (n.torchName().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("nonlinearity must be one of " + Gain.NONLINEARITIES + ": " + name);
    }
}
