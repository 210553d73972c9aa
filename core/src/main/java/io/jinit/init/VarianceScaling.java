package io.jinit.init;

import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Fans;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code VarianceScaling}: elements whose variance is {@code scale / n}, with
 * {@code n} the fan that {@code mode} selects. Glorot, He and LeCun are presets of it
 * ({@link io.jinit.catalogue.KerasCatalogue}).
 * <pre>
 *   n = max(1, fan)                     fan = fan_in, fan_out or (fan_in + fan_out) / 2
 *   s = scale / n
 *   TRUNCATED_NORMAL:    N(0, σ²) cut at ±2σ,  σ = sqrt(s) / 0.87962566103423978   (std after the cut: sqrt(s))
 *   UNTRUNCATED_NORMAL:  N(0, s)
 *   UNIFORM:             U[-limit, limit),  limit = sqrt(3s)
 * </pre>
 * 0.87962566103423978 is the standard deviation of N(0, 1) truncated to [-2, 2].
 *
 * <p>References:
 * <ol>
 * <li>Glorot, X. and Bengio, Y. (2010)
 * <a href="https://proceedings.mlr.press/v9/glorot10a.html">Understanding the difficulty of
 * training deep feedforward neural networks</a>. AISTATS.</li>
 * <li>He, K. <i>et al</i> (2015) <a href="https://arxiv.org/abs/1502.01852">Delving Deep into
 * Rectifiers</a>. ICCV.</li>
 * <li>LeCun, Y. <i>et al</i> (1998) Efficient BackProp. Neural Networks: Tricks of the Trade.</li>
 * </ol>
 *
 * @param scale the variance scale, finite and &gt; 0
 * @param mode the fan to divide by
 * @param distribution the distribution of the elements
 * @param fans how fans are read from the shape
 * @param seed the seed
 * @see FanConvention#KERAS
 * @since 0.1
 */
public record VarianceScaling(double scale, FanMode mode, Distribution distribution, FanConvention fans, long seed)
        implements DistributionInitializer {

    /** The standard deviation of N(0, 1) truncated to [-2, 2]. */
    public static final double TRUNCATED_STD_2SIGMA = io.jinit.distribution.TruncatedNormal.TRUNCATED_STD_2SIGMA;

    /** The distribution of a variance-scaling initializer. */
    public enum Distribution {
        /** A normal cut at ±2σ whose standard deviation after the cut is sqrt(scale / n). */
        TRUNCATED_NORMAL,
        /** A normal with variance scale / n. */
        UNTRUNCATED_NORMAL,
        /** A symmetric uniform with variance scale / n. */
        UNIFORM;

        /**
         * The config name, e.g. {@code "truncated_normal"}.
         *
         * @return the config name
         */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses a config name as Keras does: case-insensitively, with {@code "normal"} meaning
         * {@code "truncated_normal"}.
         *
         * @param name the name
         * @return the distribution
         * @throws IllegalArgumentException for any other name
         */
        public static Distribution parse(String name) {
            String lower = name == null ? null : name.toLowerCase(Locale.ROOT);
            if ("normal".equals(lower)) {
                return TRUNCATED_NORMAL;
            }
            for (Distribution d : values()) {
                if (d.configName().equals(lower)) {
                    return d;
                }
            }
            throw new IllegalArgumentException(
                    "distribution must be one of truncated_normal, untruncated_normal, uniform, normal: " + name);
        }
    }

    /**
     * Validates the parameters, in Keras's order: scale, mode, distribution.
     *
     * @param scale the variance scale, finite and &gt; 0
     * @param mode the fan to divide by
     * @param distribution the distribution of the elements
     * @param fans how fans are read from the shape
     * @param seed the seed
     * @throws IllegalArgumentException if scale is not a finite number &gt; 0 or an argument is null
     */
    public VarianceScaling {
        Checks.positive("scale", scale);
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null: null");
        }
        if (distribution == null) {
            throw new IllegalArgumentException("distribution must not be null: null");
        }
        if (fans == null) {
            throw new IllegalArgumentException("fans must not be null: null");
        }
    }

    /**
     * A copy with another fan convention.
     *
     * @param convention the convention
     * @return the copy
     */
    public VarianceScaling withFans(FanConvention convention) {
        return new VarianceScaling(scale, mode, distribution, convention, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param newSeed the seed
     * @return the copy
     */
    public VarianceScaling withSeed(long newSeed) {
        return new VarianceScaling(scale, mode, distribution, fans, newSeed);
    }

    @Override
    public io.jinit.distribution.Distribution distribution(Shape shape) {
        Fans f = fans.fans(shape);
        double s = scale / Math.max(1.0, f.select(mode));
        switch (distribution) {
            case TRUNCATED_NORMAL:
                return io.jinit.distribution.TruncatedNormal.twoSigma(0.0, Math.sqrt(s) / TRUNCATED_STD_2SIGMA);
            case UNTRUNCATED_NORMAL:
                return new Normal(0.0, Math.sqrt(s));
            case UNIFORM:
                double limit = Math.sqrt(3.0 * s);
                return new Uniform(-limit, limit);
            default:
                throw new AssertionError(distribution);
        }
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    @Override
    public String className() {
        return "VarianceScaling";
    }

    @Override
    public String module() {
        return "keras.initializers";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>(Configs.of("seed", seed, "scale", scale,
                "mode", mode.configName(), "distribution", distribution.configName()));
        m.putAll(FanConfig.keras(fans));
        return Collections.unmodifiableMap(m);
    }
}
