package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import io.jinit.init.Constant;
import io.jinit.init.DistributionKind;
import io.jinit.init.Identity;
import io.jinit.init.Orthogonal;
import io.jinit.init.RandomNormal;
import io.jinit.init.RandomTruncatedNormal;
import io.jinit.init.RandomUniform;
import io.jinit.init.Stft;
import io.jinit.init.Stft.Scaling;
import io.jinit.init.Stft.Side;
import io.jinit.init.Stft.Window;
import io.jinit.init.VarianceScaling;
import io.jinit.internal.Checks;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The initializers of Keras 3.15 ({@code keras.initializers}) with Keras's defaults, names,
 * aliases and validation. Fans follow {@link FanConvention#KERAS} unless
 * {@code input_axes}/{@code output_axes} are both given (one alone is ignored, as in Keras).
 *
 * <p>Where this catalogue departs from Keras, on purpose:
 * <ul>
 * <li>{@code Identity} serializes its gain (Keras 3 drops it).</li>
 * <li>{@code get("constant")} gives {@code Constant(0.0)} (Keras raises {@code KeyError: 'value'}).</li>
 * <li>An unseeded initializer serializes the seed it drew (Keras writes null), so a config always
 * reproduces its values.</li>
 * <li>{@code Initializer}/{@code initializer}, Keras's abstract base class, is rejected with an
 * explanation instead of returning an object that fails when called.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class KerasCatalogue {
    /** The module Keras writes for its initializers. */
    public static final String MODULE = "keras.initializers";
    /** Keras's default stddev of RandomNormal and TruncatedNormal. */
    public static final double DEFAULT_STDDEV = 0.05;
    /** Keras's default bound of RandomUniform: U[-0.05, 0.05). */
    public static final double DEFAULT_UNIFORM_BOUND = 0.05;

    private static final Map<String, String> CANONICAL = canonicalNames();

    private static final Codec CONSTANT = Codec.of(MODULE, "Constant", List.of(Param.number("value", 0.0)),
            a -> new Constant(a.number("value")));
    private static final Codec ZEROS = Codec.of(MODULE, "Zeros", List.of(), a -> new Constant(0.0));
    private static final Codec ONES = Codec.of(MODULE, "Ones", List.of(), a -> new Constant(1.0));
    private static final Codec IDENTITY = Codec.of(MODULE, "Identity", List.of(Param.number("gain", 1.0)),
            a -> new Identity(a.number("gain")));
    private static final Codec RANDOM_NORMAL = Codec.of(MODULE, "RandomNormal",
            List.of(Param.seed(), Param.number("mean", 0.0), Param.number("stddev", DEFAULT_STDDEV)),
            a -> new RandomNormal(a.number("mean"), a.number("stddev"), a.seed()));
    private static final Codec RANDOM_UNIFORM = Codec.of(MODULE, "RandomUniform",
            List.of(Param.seed(), Param.number("minval", -DEFAULT_UNIFORM_BOUND),
                    Param.number("maxval", DEFAULT_UNIFORM_BOUND)),
            a -> new RandomUniform(a.number("minval"), a.number("maxval"), a.seed()));
    private static final Codec TRUNCATED_NORMAL = Codec.of(MODULE, "TruncatedNormal",
            List.of(Param.seed(), Param.number("mean", 0.0), Param.number("stddev", DEFAULT_STDDEV)),
            a -> RandomTruncatedNormal.twoSigma(a.number("mean"), a.number("stddev"), a.seed()));
    private static final Codec VARIANCE_SCALING = Codec.of(MODULE, "VarianceScaling",
            List.of(Param.seed(),
                    Param.of("scale", r -> Checks.positive("scale", r.number("scale", 1.0))),
                    Param.named("mode", r -> kerasMode(r.string("mode", "fan_in")), FanMode::configName),
                    Param.named("distribution", r -> distributionKind(r.string("distribution", "truncated_normal")),
                            KerasCatalogue::configName),
                    Param.kerasFans()),
            a -> new VarianceScaling(a.number("scale"), a.get("mode", FanMode.class),
                    a.get("distribution", DistributionKind.class), a.get("fans", FanConvention.class), a.seed()))
            // Keras validates scale, then mode, then distribution.
            .readingIn("scale", "mode", "distribution", "seed", "fans");
    private static final Codec STFT = Codec.keysFirst(MODULE, "STFT",
            List.of(Param.named("side", r -> r.has("side") ? side(r.raw("side")) : Side.REAL, Side::kerasName),
                    Param.named("window", r -> r.has("window") ? window(r.raw("window")) : Window.named("hann"),
                            KerasCatalogue::windowConfig),
                    Param.of("periodic", r -> r.has("periodic") && periodic(r.raw("periodic"))),
                    Param.named("scaling", r -> r.has("scaling") ? scaling(r.raw("scaling")) : Scaling.DENSITY,
                            Scaling::kerasName)),
            a -> new Stft(a.get("side", Side.class), a.get("window", Window.class), a.get("scaling", Scaling.class),
                    a.get("periodic", Boolean.class)))
            // Keras checks side, then window, then scaling.
            .readingIn("side", "window", "scaling", "periodic");
    private static final Codec ORTHOGONAL = Codec.of(MODULE, "Orthogonal",
            List.of(Param.seed(), Param.number("gain", 1.0),
                    new Param("layout", r -> "torch".equals(r.raw("layout")) ? FanConvention.TORCH : FanConvention.KERAS,
                            (layout, m) -> {
                                if (layout instanceof FanConvention.Torch) {
                                    m.put("layout", "torch");
                                }
                            })),
            a -> new Orthogonal(a.number("gain"), a.get("layout", FanConvention.class), a.seed()));

    private KerasCatalogue() {
    }

    /**
     * The 41 identifiers {@code keras.initializers.get} accepts, each mapped to its canonical class
     * name (e.g. {@code "he_normal" -> "HeNormal"}, {@code "normal" -> "RandomNormal"}).
     *
     * @return the unmodifiable identifier table, in Keras's order
     */
    public static Map<String, String> identifiers() {
        return CANONICAL;
    }

    /**
     * The factory of each canonical Keras class name.
     *
     * @return class name to factory
     */
    static Map<String, InitializerFactory> factories() {
        Map<String, InitializerFactory> m = new LinkedHashMap<>();
        for (Codec c : List.of(CONSTANT, ZEROS, ONES, IDENTITY, RANDOM_NORMAL, RANDOM_UNIFORM, TRUNCATED_NORMAL,
                VARIANCE_SCALING, STFT, ORTHOGONAL)) {
            m.put(c.className(), c);
        }
        for (Preset p : Preset.values()) {
            m.put(p.className, p.codec);
        }
        return m;
    }

    /** Keras's Glorot, He and LeCun classes: presets of VarianceScaling. */
    public enum Preset {
        /** Glorot (Xavier) normal: scale 1, fan_avg, truncated normal. */
        GLOROT_NORMAL("GlorotNormal", 1.0, FanMode.FAN_AVG, DistributionKind.TRUNCATED_NORMAL),
        /** Glorot (Xavier) uniform: scale 1, fan_avg, uniform. */
        GLOROT_UNIFORM("GlorotUniform", 1.0, FanMode.FAN_AVG, DistributionKind.UNIFORM),
        /** He (Kaiming) normal: scale 2, fan_in, truncated normal. */
        HE_NORMAL("HeNormal", 2.0, FanMode.FAN_IN, DistributionKind.TRUNCATED_NORMAL),
        /** He (Kaiming) uniform: scale 2, fan_in, uniform. */
        HE_UNIFORM("HeUniform", 2.0, FanMode.FAN_IN, DistributionKind.UNIFORM),
        /** LeCun normal: scale 1, fan_in, truncated normal. */
        LECUN_NORMAL("LecunNormal", 1.0, FanMode.FAN_IN, DistributionKind.TRUNCATED_NORMAL),
        /** LeCun uniform: scale 1, fan_in, uniform. */
        LECUN_UNIFORM("LecunUniform", 1.0, FanMode.FAN_IN, DistributionKind.UNIFORM);

        private final String className;
        private final Codec codec;

        Preset(String className, double scale, FanMode mode, DistributionKind kind) {
            this.className = className;
            this.codec = Codec.of(MODULE, className, List.of(Param.seed(), Param.kerasFans()),
                    a -> new VarianceScaling(scale, mode, kind, a.get("fans", FanConvention.class), a.seed()));
        }

        /**
         * Keras's class name.
         *
         * @return e.g. {@code "GlorotUniform"}
         */
        public String className() {
            return className;
        }

        /**
         * The preset under a fan convention and seed.
         *
         * @param fans the fan convention
         * @param seed the seed
         * @return the initializer, serializing under the preset's class name
         */
        public Catalogued create(FanConvention fans, long seed) {
            return codec.build("seed", seed, "fans", fans);
        }
    }

    /**
     * Keras {@code Zeros}.
     *
     * @return all zeros
     */
    public static Catalogued zeros() {
        return ZEROS.build();
    }

    /**
     * Keras {@code Ones}.
     *
     * @return all ones
     */
    public static Catalogued ones() {
        return ONES.build();
    }

    /**
     * Keras {@code GlorotUniform}, also called Xavier uniform: U[-limit, limit),
     * limit = sqrt(6 / (fan_in + fan_out)).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued glorotUniform(long seed) {
        return Preset.GLOROT_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code GlorotNormal}, also called Xavier normal: truncated normal with standard
     * deviation sqrt(2 / (fan_in + fan_out)) after the 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued glorotNormal(long seed) {
        return Preset.GLOROT_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code HeNormal}, also called Kaiming normal: truncated normal with standard deviation
     * sqrt(2 / fan_in) after the 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued heNormal(long seed) {
        return Preset.HE_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code HeUniform}: U[-limit, limit), limit = sqrt(6 / fan_in).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued heUniform(long seed) {
        return Preset.HE_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code LecunNormal}: truncated normal with standard deviation sqrt(1 / fan_in) after the
     * 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued lecunNormal(long seed) {
        return Preset.LECUN_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code LecunUniform}: U[-limit, limit), limit = sqrt(3 / fan_in).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued lecunUniform(long seed) {
        return Preset.LECUN_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code RandomNormal} with its defaults (mean 0, stddev 0.05); also {@code "normal"}.
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Catalogued randomNormal() {
        return RANDOM_NORMAL.create(Map.of());
    }

    /**
     * Keras {@code RandomNormal(mean, stddev, seed)}.
     *
     * @param mean the mean
     * @param stddev the standard deviation
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued randomNormal(double mean, double stddev, long seed) {
        return RANDOM_NORMAL.build("seed", seed, "mean", mean, "stddev", stddev);
    }

    /**
     * Keras {@code RandomUniform} with its defaults (U[-0.05, 0.05)); also {@code "uniform"}.
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Catalogued randomUniform() {
        return RANDOM_UNIFORM.create(Map.of());
    }

    /**
     * Keras {@code TruncatedNormal} with its defaults (mean 0, stddev 0.05, cut at ±2 stddev).
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Catalogued truncatedNormal() {
        return TRUNCATED_NORMAL.create(Map.of());
    }

    /**
     * Keras {@code VarianceScaling(scale, mode, distribution, seed)} under a fan convention.
     *
     * @param scale the variance scale
     * @param mode the fan to divide by
     * @param kind the distribution
     * @param fans the fan convention
     * @param seed the seed
     * @return the initializer
     */
    public static Catalogued varianceScaling(double scale, FanMode mode, DistributionKind kind, FanConvention fans,
            long seed) {
        return VARIANCE_SCALING.build("seed", seed, "scale", Checks.positive("scale", scale), "mode", mode,
                "distribution", kind, "fans", fans);
    }

    /**
     * Keras {@code STFT} from its config, as {@code STFT.from_config(config)}. Missing keys take
     * Keras's defaults ({@code "real"}, {@code "hann"}, {@code false}, {@code "density"}).
     *
     * @param config keys {@code side} ({@code "real"}/{@code "imag"}), {@code window} (a window
     *     name, a list of numbers or null), {@code periodic} (a Boolean) and {@code scaling}
     *     ({@code "density"}, {@code "spectrum"} or null)
     * @return the initializer
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type or out of
     *     range; the side, window-name and scaling messages are Keras's and SciPy's
     */
    public static Catalogued stft(Map<String, Object> config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null: null");
        }
        return STFT.create(config);
    }

    /**
     * A Keras {@code STFT} entry for a family built in Java.
     *
     * @param stft the family
     * @return the initializer, serializing under {@code STFT}
     */
    public static Catalogued stft(Stft stft) {
        return STFT.build("side", stft.side(), "window", stft.window(), "periodic", stft.periodic(),
                "scaling", stft.scaling());
    }

    /**
     * The Keras entry whose config holds every parameter of a family built in Java, or null if
     * no Keras entry does.
     *
     * @param family the family
     * @return the entry, or null
     */
    static Catalogued canonical(Initializer family) {
        if (family instanceof Constant c) {
            return CONSTANT.build("value", c.value());
        }
        if (family instanceof Identity i) {
            return IDENTITY.build("gain", i.gain());
        }
        if (family instanceof RandomNormal n) {
            return RANDOM_NORMAL.build("seed", n.seed(), "mean", n.mean(), "stddev", n.stddev());
        }
        if (family instanceof RandomUniform u) {
            return RANDOM_UNIFORM.build("seed", u.seed(), "minval", u.minval(), "maxval", u.maxval());
        }
        if (family instanceof VarianceScaling v) {
            return VARIANCE_SCALING.build("seed", v.seed(), "scale", v.scale(), "mode", v.mode(),
                    "distribution", v.kind(), "fans", v.fans());
        }
        if (family instanceof Orthogonal o) {
            return ORTHOGONAL.build("seed", o.seed(), "gain", o.gain(), "layout", o.layout());
        }
        if (family instanceof Stft stft) {
            return stft(stft);
        }
        return null;
    }

    private static FanMode kerasMode(String mode) {
        if (!"fan_in".equals(mode) && !"fan_out".equals(mode) && !"fan_avg".equals(mode)) {
            throw new IllegalArgumentException("mode must be one of fan_in, fan_out, fan_avg: " + mode);
        }
        return FanMode.parse(mode);
    }

    /** Keras reads the distribution case-insensitively, with {@code "normal"} meaning truncated. */
    private static DistributionKind distributionKind(String name) {
        String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
        if ("normal".equals(lower)) {
            return DistributionKind.TRUNCATED_NORMAL;
        }
        for (DistributionKind d : DistributionKind.values()) {
            if (configName(d).equals(lower)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "distribution must be one of truncated_normal, untruncated_normal, uniform, normal: " + name);
    }

    /** Keras's name of a distribution kind, e.g. {@code "truncated_normal"}. */
    private static String configName(DistributionKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static Object windowConfig(Window window) {
        if (window instanceof Window.Named named) {
            return named.name();
        }
        if (window instanceof Window.Values values) {
            return values.values();
        }
        return null;
    }

    private static Side side(Object value) {
        if ("real".equals(value)) {
            return Side.REAL;
        }
        if ("imag".equals(value)) {
            return Side.IMAG;
        }
        throw new IllegalArgumentException("side should be 'real' or 'imag', not " + value);
    }

    private static Window window(Object value) {
        if (value == null) {
            return Window.NONE;
        }
        if (value instanceof String name) {
            return Window.named(name);
        }
        if (value instanceof List<?> list) {
            List<Double> values = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof Number number)) {
                    throw new IllegalArgumentException("window values must be numbers: value " + i + " is " + v);
                }
                values.add(number.doubleValue());
            }
            return new Window.Values(values);
        }
        throw new IllegalArgumentException(
                "window must be a window name, a list of numbers or null: " + value + " (" + value.getClass().getName() + ")");
    }

    private static Scaling scaling(Object value) {
        if (value == null) {
            return Scaling.NONE;
        }
        if ("density".equals(value)) {
            return Scaling.DENSITY;
        }
        if ("spectrum".equals(value)) {
            return Scaling.SPECTRUM;
        }
        throw new IllegalArgumentException(
                "Scaling is invalid, it must be `None`, 'density' or 'spectrum'. Received scaling=" + value);
    }

    private static boolean periodic(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("periodic must be a boolean: " + value);
    }

    private static Map<String, String> canonicalNames() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] table = {
            {"Constant", "constant"},
            {"Zeros", "zeros", "zero"},
            {"Ones", "ones", "one"},
            {"Identity", "identity", "IdentityInitializer"},
            {"STFT", "stft", "STFTInitializer"},
            {"RandomNormal", "random_normal", "normal"},
            {"RandomUniform", "random_uniform", "uniform"},
            {"TruncatedNormal", "truncated_normal"},
            {"VarianceScaling", "variance_scaling"},
            {"GlorotNormal", "glorot_normal"},
            {"GlorotUniform", "glorot_uniform"},
            {"HeNormal", "he_normal"},
            {"HeUniform", "he_uniform"},
            {"LecunNormal", "lecun_normal"},
            {"LecunUniform", "lecun_uniform"},
            {"Orthogonal", "orthogonal", "OrthogonalInitializer"},
            {"Initializer", "initializer"},
        };
        for (String[] row : table) {
            for (String name : row) {
                m.put(name, row[0]);
            }
        }
        return Collections.unmodifiableMap(m);
    }
}
