package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Fans;
import io.jinit.shape.Shape;

/**
 * Variance scaling in PyTorch's floating-point order, so that bounds agree with
 * {@code torch.nn.init} to the last bit. PyTorch's {@code kaiming_*_} and {@code xavier_*_}
 * are its presets ({@link #kaiming}, {@link #xavier}):
 * <pre>
 *   FAN_IN, FAN_OUT (Kaiming):  std = gain / sqrt(fan)
 *   FAN_AVG (Xavier):           std = gain · sqrt(2 / (fan_in + fan_out))
 *   bound = sqrt(3) · std
 *   UNIFORM: U[-bound, bound)      UNTRUNCATED_NORMAL: N(0, std²)
 * </pre>
 * Keras's {@link VarianceScaling} computes the same variance as {@code scale / n}, which rounds
 * differently. A zero-element tensor under FAN_IN or FAN_OUT is left alone, as in PyTorch; under
 * FAN_AVG, zero fans are an error, as in PyTorch.
 *
 * <p>References:
 * <ol>
 * <li>He, K. <i>et al</i> (2015) <a href="https://arxiv.org/abs/1502.01852">Delving Deep into
 * Rectifiers</a>. ICCV.</li>
 * <li>Glorot, X. and Bengio, Y. (2010)
 * <a href="https://proceedings.mlr.press/v9/glorot10a.html">Understanding the difficulty of
 * training deep feedforward neural networks</a>. AISTATS.</li>
 * </ol>
 *
 * @param gain the factor on the standard deviation, finite and &gt;= 0
 * @param mode FAN_IN, FAN_OUT or FAN_AVG
 * @param kind UNIFORM or UNTRUNCATED_NORMAL
 * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
 * @param seed the seed
 * @since 0.1
 */
public record GainScaling(double gain, FanMode mode, DistributionKind kind, FanConvention fans, long seed)
        implements FanScaling {

    /**
     * Validates the parameters.
     *
     * @param gain the factor on the standard deviation, finite and &gt;= 0
     * @param mode FAN_IN, FAN_OUT or FAN_AVG
     * @param kind UNIFORM or UNTRUNCATED_NORMAL
     * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
     * @param seed the seed
     */
    public GainScaling {
        Checks.nonNegative("gain", gain);
        FanScaling.requireParts(mode, kind, fans);
        if (mode == FanMode.FAN_GEO_AVG) {
            throw new IllegalArgumentException("mode must be fan_in, fan_out or fan_avg: " + mode);
        }
        if (kind == DistributionKind.TRUNCATED_NORMAL) {
            throw new IllegalArgumentException("distribution must be uniform or untruncated_normal: " + kind);
        }
    }

    /**
     * PyTorch's {@code kaiming_uniform_} and {@code kaiming_normal_} (He initialization):
     * {@code gain = calculate_gain(nonlinearity, a)}.
     *
     * @param a the negative slope of leaky_relu (used only with it), finite
     * @param mode FAN_IN or FAN_OUT
     * @param nonlinearity the nonlinearity that follows
     * @param kind UNIFORM or UNTRUNCATED_NORMAL
     * @param fans the fan convention
     * @param seed the seed
     * @return the initializer
     * @throws IllegalArgumentException if a is not finite, mode is neither FAN_IN nor FAN_OUT, or
     *     nonlinearity is null
     */
    public static GainScaling kaiming(double a, FanMode mode, Nonlinearity nonlinearity, DistributionKind kind,
            FanConvention fans, long seed) {
        Checks.finite("a", a);
        if (mode != FanMode.FAN_IN && mode != FanMode.FAN_OUT) {
            throw new IllegalArgumentException("mode must be fan_in or fan_out: " + mode);
        }
        if (nonlinearity == null) {
            throw new IllegalArgumentException("nonlinearity must not be null: null");
        }
        return new GainScaling(nonlinearity.gain(a), mode, kind, fans, seed);
    }

    /**
     * PyTorch's {@code xavier_uniform_} and {@code xavier_normal_} (Glorot initialization);
     * the normal is untruncated (Keras's GlorotNormal truncates).
     *
     * @param gain the scaling factor, finite and &gt;= 0 (PyTorch fails on a negative one)
     * @param kind UNIFORM or UNTRUNCATED_NORMAL
     * @param fans the fan convention
     * @param seed the seed
     * @return the initializer
     */
    public static GainScaling xavier(double gain, DistributionKind kind, FanConvention fans, long seed) {
        return new GainScaling(gain, FanMode.FAN_AVG, kind, fans, seed);
    }

    @Override
    public Distribution distribution(Shape shape) {
        Fans f = fans.fans(shape);
        double std;
        if (mode == FanMode.FAN_AVG) {
            if (f.fanIn() + f.fanOut() == 0) {
                throw new IllegalArgumentException("fan_in + fan_out must be > 0 for xavier: shape " + shape);
            }
            std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
        } else {
            double fan = f.select(mode);
            if (shape.size() == 0) {
                return new Normal(0.0, 0.0);
            }
            std = gain / Math.sqrt(fan);
        }
        if (kind == DistributionKind.UNTRUNCATED_NORMAL) {
            return new Normal(0.0, std);
        }
        double bound = Math.sqrt(3.0) * std;
        return new Uniform(-bound, bound);
    }
}
