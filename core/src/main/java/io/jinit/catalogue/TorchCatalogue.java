package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import io.jinit.init.Constant;
import io.jinit.init.Dirac;
import io.jinit.init.Gain;
import io.jinit.init.Identity;
import io.jinit.init.Kaiming;
import io.jinit.init.Named;
import io.jinit.init.Orthogonal;
import io.jinit.init.RandomNormal;
import io.jinit.init.RandomUniform;
import io.jinit.init.Sparse;
import io.jinit.init.TruncatedNormal;
import io.jinit.init.Xavier;
import io.jinit.internal.Configs;
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

    private TorchCatalogue() {
    }

    /**
     * The factory of each torch function name and module-default name.
     *
     * @return name to factory
     */
    static Map<String, InitializerFactory> factories() {
        Map<String, InitializerFactory> m = new LinkedHashMap<>();
        m.put("uniform_", c -> {
            ConfigReader r = new ConfigReader("uniform_", c);
            double a = r.number("a", 0.0);
            double b = r.number("b", 1.0);
            long seed = r.seed();
            r.finish();
            return uniform(a, b, seed);
        });
        m.put("normal_", c -> {
            ConfigReader r = new ConfigReader("normal_", c);
            double mean = r.number("mean", 0.0);
            double std = r.number("std", 1.0);
            long seed = r.seed();
            r.finish();
            return normal(mean, std, seed);
        });
        m.put("trunc_normal_", c -> {
            ConfigReader r = new ConfigReader("trunc_normal_", c);
            double mean = r.number("mean", 0.0);
            double std = r.number("std", 1.0);
            double a = r.number("a", -2.0);
            double b = r.number("b", 2.0);
            long seed = r.seed();
            r.finish();
            return truncNormal(mean, std, a, b, seed);
        });
        m.put("constant_", c -> {
            ConfigReader r = new ConfigReader("constant_", c);
            double val = r.requiredNumber("val");
            r.finish();
            return constant(val);
        });
        m.put("ones_", c -> {
            new ConfigReader("ones_", c).finish();
            return new Named(MODULE, "ones_", Map.of(), new Constant(1.0));
        });
        m.put("zeros_", c -> {
            new ConfigReader("zeros_", c).finish();
            return new Named(MODULE, "zeros_", Map.of(), new Constant(0.0));
        });
        m.put("eye_", c -> {
            new ConfigReader("eye_", c).finish();
            return new Named(MODULE, "eye_", Map.of(), new Identity(1.0));
        });
        m.put("dirac_", c -> {
            ConfigReader r = new ConfigReader("dirac_", c);
            long groups = r.integer("groups", 1);
            r.finish();
            if (groups < 1 || groups > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("groups must be >= 1: " + groups);
            }
            return new Dirac((int) groups);
        });
        for (boolean normal : new boolean[] {false, true}) {
            String xavier = normal ? "xavier_normal_" : "xavier_uniform_";
            m.put(xavier, c -> {
                ConfigReader r = new ConfigReader(xavier, c);
                double gain = r.number("gain", 1.0);
                long seed = r.seed();
                FanConvention fans = r.fanConvention(FanConvention.TORCH);
                r.finish();
                return new Xavier(gain, normal, fans, seed);
            });
            String kaiming = normal ? "kaiming_normal_" : "kaiming_uniform_";
            m.put(kaiming, c -> {
                ConfigReader r = new ConfigReader(kaiming, c);
                double a = r.number("a", 0.0);
                FanMode mode = torchMode(r.string("mode", "fan_in"));
                String nonlinearity = r.string("nonlinearity", "leaky_relu");
                long seed = r.seed();
                FanConvention fans = r.fanConvention(FanConvention.TORCH);
                r.finish();
                return new Kaiming(a, mode, nonlinearity, normal, fans, seed);
            });
        }
        m.put("orthogonal_", c -> {
            ConfigReader r = new ConfigReader("orthogonal_", c);
            double gain = r.number("gain", 1.0);
            long seed = r.seed();
            r.finish();
            return orthogonal(gain, seed);
        });
        m.put("sparse_", c -> {
            ConfigReader r = new ConfigReader("sparse_", c);
            double sparsity = r.requiredNumber("sparsity");
            double std = r.number("std", 0.01);
            long seed = r.seed();
            r.finish();
            return new Sparse(sparsity, std, seed);
        });
        m.put("torch_linear_default", c -> {
            ConfigReader r = new ConfigReader("torch_linear_default", c);
            long seed = r.seed();
            r.finish();
            return linearDefault(seed);
        });
        m.put("torch_linear_bias", c -> {
            ConfigReader r = new ConfigReader("torch_linear_bias", c);
            long fanIn = r.integer("fan_in", -1);
            long seed = r.seed();
            r.finish();
            return linearBias(fanIn, seed);
        });
        m.put("torch_rnn_default", c -> {
            ConfigReader r = new ConfigReader("torch_rnn_default", c);
            long hidden = r.integer("hidden_size", -1);
            long seed = r.seed();
            r.finish();
            return rnnDefault(hidden, seed);
        });
        m.put("torch_embedding_default", c -> {
            ConfigReader r = new ConfigReader("torch_embedding_default", c);
            long seed = r.seed();
            r.finish();
            return embeddingDefault(seed);
        });
        return m;
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
    public static Initializer uniform(double a, double b, long seed) {
        // Checked under torch's names before RandomUniform checks the same as minval and maxval.
        if (!Double.isFinite(a) || !Double.isFinite(b) || !(a <= b) || !Double.isFinite(b - a)) {
            throw new IllegalArgumentException("uniform_ needs finite a <= b with b - a finite: a=" + a + ", b=" + b);
        }
        return new Named(MODULE, "uniform_", Configs.of("a", a, "b", b, "seed", seed), new RandomUniform(a, b, seed));
    }

    /**
     * torch {@code normal_(mean, std)}: N(mean, std²).
     *
     * @param mean the mean
     * @param std the standard deviation
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer normal(double mean, double std, long seed) {
        // Checked under torch's names before RandomNormal checks the same as mean and stddev.
        if (!Double.isFinite(mean) || !Double.isFinite(std) || std < 0) {
            throw new IllegalArgumentException("normal_ needs a finite mean and a finite std >= 0: mean=" + mean
                    + ", std=" + std);
        }
        return new Named(MODULE, "normal_", Configs.of("mean", mean, "std", std, "seed", seed),
                new RandomNormal(mean, std, seed));
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
    public static Initializer truncNormal(double mean, double std, double a, double b, long seed) {
        // Checked under torch's names before the distribution checks the same as low and high.
        if (!Double.isFinite(mean) || !Double.isFinite(std) || !(std > 0) || !Double.isFinite(a)
                || !Double.isFinite(b) || !(a < b)) {
            throw new IllegalArgumentException("trunc_normal_ needs a finite mean, a finite std > 0 and finite a < b: "
                    + "mean=" + mean + ", std=" + std + ", a=" + a + ", b=" + b);
        }
        return new Named(MODULE, "trunc_normal_", Configs.of("mean", mean, "std", std, "a", a, "b", b, "seed", seed),
                TruncatedNormal.torch(mean, std, a, b, seed));
    }

    /**
     * torch {@code orthogonal_(gain)}: a (semi-)orthogonal matrix from the QR of a Gaussian with the
     * sign fix, flattening trailing dimensions as PyTorch does ({@code (shape[0], size / shape[0])}).
     *
     * @param gain the scaling factor
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer orthogonal(double gain, long seed) {
        return new Named(MODULE, "orthogonal_", Configs.of("gain", gain, "seed", seed),
                new Orthogonal(gain, FanConvention.TORCH, seed));
    }

    /**
     * torch {@code constant_(val)}.
     *
     * @param val the value
     * @return the initializer
     */
    public static Initializer constant(double val) {
        return new Named(MODULE, "constant_", Configs.of("val", val), new Constant(val));
    }

    /**
     * The weight initialization of PyTorch's {@code Linear} and {@code ConvNd}:
     * {@code kaiming_uniform_(w, a=sqrt(5))}, which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer linearDefault(long seed) {
        return new Named(DEFAULTS_MODULE, "torch_linear_default", Configs.of("seed", seed),
                new Kaiming(LINEAR_DEFAULT_A, FanMode.FAN_IN, "leaky_relu", false, FanConvention.TORCH, seed));
    }

    /**
     * The bias initialization of PyTorch's {@code Linear} and {@code ConvNd}: U(-bound, bound) with
     * {@code bound = 1/sqrt(fan_in)} of the weight, 0 when fan_in is 0.
     *
     * @param fanIn the weight's fan-in, &gt;= 0
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer linearBias(long fanIn, long seed) {
        if (fanIn < 0) {
            throw new IllegalArgumentException("fan_in must be given and >= 0: " + fanIn);
        }
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        return new Named(DEFAULTS_MODULE, "torch_linear_bias", Configs.of("fan_in", fanIn, "seed", seed),
                new RandomUniform(-bound, bound, seed));
    }

    /**
     * The initialization of every parameter of PyTorch's {@code RNN}, {@code LSTM}, {@code GRU}
     * and their cells: U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
     *
     * @param hiddenSize the hidden size, &gt;= 0
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer rnnDefault(long hiddenSize, long seed) {
        if (hiddenSize < 0) {
            throw new IllegalArgumentException("hidden_size must be given and >= 0: " + hiddenSize);
        }
        double stdv = hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
        return new Named(DEFAULTS_MODULE, "torch_rnn_default", Configs.of("hidden_size", hiddenSize, "seed", seed),
                new RandomUniform(-stdv, stdv, seed));
    }

    /**
     * The weight initialization of PyTorch's {@code Embedding}: N(0, 1). (PyTorch then zeroes the
     * padding row, a property of the layer rather than of the initializer.)
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer embeddingDefault(long seed) {
        return new Named(DEFAULTS_MODULE, "torch_embedding_default", Configs.of("seed", seed),
                new RandomNormal(0.0, 1.0, seed));
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
}
