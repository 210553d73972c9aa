package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import io.jinit.init.Constant;
import io.jinit.internal.Checks;
import io.jinit.init.Identity;
import io.jinit.init.Named;
import io.jinit.init.Orthogonal;
import io.jinit.init.RandomNormal;
import io.jinit.init.RandomUniform;
import io.jinit.init.Stft;
import io.jinit.init.TruncatedNormal;
import io.jinit.init.VarianceScaling;
import io.jinit.random.Seeds;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
        m.put("Constant", c -> {
            ConfigReader r = new ConfigReader("Constant", c);
            double value = r.number("value", 0.0);
            r.finish();
            return new Constant(value);
        });
        m.put("Zeros", c -> {
            new ConfigReader("Zeros", c).finish();
            return zeros();
        });
        m.put("Ones", c -> {
            new ConfigReader("Ones", c).finish();
            return ones();
        });
        m.put("Identity", c -> {
            ConfigReader r = new ConfigReader("Identity", c);
            double gain = r.number("gain", 1.0);
            r.finish();
            return new Identity(gain);
        });
        m.put("RandomNormal", c -> {
            ConfigReader r = new ConfigReader("RandomNormal", c);
            long seed = r.seed();
            double mean = r.number("mean", 0.0);
            double stddev = r.number("stddev", DEFAULT_STDDEV);
            r.finish();
            return new RandomNormal(mean, stddev, seed);
        });
        m.put("RandomUniform", c -> {
            ConfigReader r = new ConfigReader("RandomUniform", c);
            long seed = r.seed();
            double minval = r.number("minval", -DEFAULT_UNIFORM_BOUND);
            double maxval = r.number("maxval", DEFAULT_UNIFORM_BOUND);
            r.finish();
            return new RandomUniform(minval, maxval, seed);
        });
        m.put("TruncatedNormal", c -> {
            ConfigReader r = new ConfigReader("TruncatedNormal", c);
            long seed = r.seed();
            double mean = r.number("mean", 0.0);
            double stddev = r.number("stddev", DEFAULT_STDDEV);
            r.finish();
            return TruncatedNormal.keras(mean, stddev, seed);
        });
        m.put("VarianceScaling", c -> {
            ConfigReader r = new ConfigReader("VarianceScaling", c);
            // Keras validates scale, then mode, then distribution.
            double scale = Checks.positive("scale", r.number("scale", 1.0));
            FanMode mode = kerasMode(r.string("mode", "fan_in"));
            VarianceScaling.Distribution distribution =
                    VarianceScaling.Distribution.parse(r.string("distribution", "truncated_normal"));
            long seed = r.seed();
            FanConvention fans = r.fanConvention(FanConvention.KERAS);
            r.finish();
            return new VarianceScaling(scale, mode, distribution, fans, seed);
        });
        m.put("STFT", Stft::fromConfig);
        m.put("Orthogonal", c -> {
            ConfigReader r = new ConfigReader("Orthogonal", c);
            long seed = r.seed();
            double gain = r.number("gain", 1.0);
            FanConvention layout = "torch".equals(r.raw("layout")) ? FanConvention.TORCH : FanConvention.KERAS;
            r.finish();
            return new Orthogonal(gain, layout, seed);
        });
        for (Preset p : Preset.values()) {
            m.put(p.className, c -> {
                ConfigReader r = new ConfigReader(p.className, c);
                long seed = r.seed();
                FanConvention fans = r.fanConvention(FanConvention.KERAS);
                r.finish();
                return p.create(fans, seed);
            });
        }
        return m;
    }

    /** Keras's Glorot, He and LeCun classes: presets of VarianceScaling. */
    public enum Preset {
        /** Glorot (Xavier) normal: scale 1, fan_avg, truncated normal. */
        GLOROT_NORMAL("GlorotNormal", 1.0, FanMode.FAN_AVG, VarianceScaling.Distribution.TRUNCATED_NORMAL),
        /** Glorot (Xavier) uniform: scale 1, fan_avg, uniform. */
        GLOROT_UNIFORM("GlorotUniform", 1.0, FanMode.FAN_AVG, VarianceScaling.Distribution.UNIFORM),
        /** He (Kaiming) normal: scale 2, fan_in, truncated normal. */
        HE_NORMAL("HeNormal", 2.0, FanMode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL),
        /** He (Kaiming) uniform: scale 2, fan_in, uniform. */
        HE_UNIFORM("HeUniform", 2.0, FanMode.FAN_IN, VarianceScaling.Distribution.UNIFORM),
        /** LeCun normal: scale 1, fan_in, truncated normal. */
        LECUN_NORMAL("LecunNormal", 1.0, FanMode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL),
        /** LeCun uniform: scale 1, fan_in, uniform. */
        LECUN_UNIFORM("LecunUniform", 1.0, FanMode.FAN_IN, VarianceScaling.Distribution.UNIFORM);

        private final String className;
        private final double scale;
        private final FanMode mode;
        private final VarianceScaling.Distribution distribution;

        Preset(String className, double scale, FanMode mode, VarianceScaling.Distribution distribution) {
            this.className = className;
            this.scale = scale;
            this.mode = mode;
            this.distribution = distribution;
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
        public Initializer create(FanConvention fans, long seed) {
            VarianceScaling vs = new VarianceScaling(scale, mode, distribution, fans, seed);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("seed", seed);
            config.putAll(vsAxes(vs));
            return new Named(MODULE, className, config, vs);
        }

        private static Map<String, Object> vsAxes(VarianceScaling vs) {
            Map<String, Object> all = new LinkedHashMap<>(vs.config());
            all.keySet().removeAll(List.of("seed", "scale", "mode", "distribution"));
            return all;
        }
    }

    /**
     * Keras {@code Zeros}.
     *
     * @return all zeros
     */
    public static Initializer zeros() {
        return new Named(MODULE, "Zeros", Map.of(), new Constant(0.0));
    }

    /**
     * Keras {@code Ones}.
     *
     * @return all ones
     */
    public static Initializer ones() {
        return new Named(MODULE, "Ones", Map.of(), new Constant(1.0));
    }

    /**
     * Keras {@code GlorotUniform}, also called Xavier uniform: U[-limit, limit),
     * limit = sqrt(6 / (fan_in + fan_out)).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer glorotUniform(long seed) {
        return Preset.GLOROT_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code GlorotNormal}, also called Xavier normal: truncated normal with standard
     * deviation sqrt(2 / (fan_in + fan_out)) after the 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer glorotNormal(long seed) {
        return Preset.GLOROT_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code HeNormal}, also called Kaiming normal: truncated normal with standard deviation
     * sqrt(2 / fan_in) after the 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer heNormal(long seed) {
        return Preset.HE_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code HeUniform}: U[-limit, limit), limit = sqrt(6 / fan_in).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer heUniform(long seed) {
        return Preset.HE_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code LecunNormal}: truncated normal with standard deviation sqrt(1 / fan_in) after the
     * 2σ cut.
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer lecunNormal(long seed) {
        return Preset.LECUN_NORMAL.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code LecunUniform}: U[-limit, limit), limit = sqrt(3 / fan_in).
     *
     * @param seed the seed
     * @return the initializer
     */
    public static Initializer lecunUniform(long seed) {
        return Preset.LECUN_UNIFORM.create(FanConvention.KERAS, seed);
    }

    /**
     * Keras {@code RandomNormal} with its defaults (mean 0, stddev 0.05); also {@code "normal"}.
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Initializer randomNormal() {
        return new RandomNormal(0.0, DEFAULT_STDDEV, Seeds.draw());
    }

    /**
     * Keras {@code RandomUniform} with its defaults (U[-0.05, 0.05)); also {@code "uniform"}.
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Initializer randomUniform() {
        return new RandomUniform(-DEFAULT_UNIFORM_BOUND, DEFAULT_UNIFORM_BOUND, Seeds.draw());
    }

    /**
     * Keras {@code TruncatedNormal} with its defaults (mean 0, stddev 0.05, cut at ±2 stddev).
     *
     * @return the initializer, with a freshly drawn seed
     */
    public static Initializer truncatedNormal() {
        return TruncatedNormal.keras(0.0, DEFAULT_STDDEV, Seeds.draw());
    }

    private static FanMode kerasMode(String mode) {
        if (!"fan_in".equals(mode) && !"fan_out".equals(mode) && !"fan_avg".equals(mode)) {
            throw new IllegalArgumentException("mode must be one of fan_in, fan_out, fan_avg: " + mode);
        }
        return FanMode.parse(mode);
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
