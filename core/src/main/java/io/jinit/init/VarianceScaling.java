package io.jinit.init;

import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Fans;
import io.jinit.shape.Shape;

/**
 * Keras's {@code VarianceScaling}: elements whose variance is {@code scale / n}, with
 * {@code n} the fan that {@code mode} selects. Glorot, He and LeCun are presets of it
 * ({@link io.jinit.catalogue.KerasCatalogue}). PyTorch's Kaiming and Xavier are presets of
 * {@link GainScaling}, the same family in PyTorch's floating-point order.
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
 * @param kind the distribution of the elements
 * @param fans how fans are read from the shape
 * @param seed the seed
 * @see FanConvention#KERAS
 * @since 0.1
 */
public record VarianceScaling(double scale, FanMode mode, DistributionKind kind, FanConvention fans, long seed)
        implements FanScaling {

    /** The standard deviation of N(0, 1) truncated to [-2, 2]. */
    public static final double TRUNCATED_STD_2SIGMA = io.jinit.distribution.TruncatedNormal.TRUNCATED_STD_2SIGMA;

    /**
     * Validates the parameters, in Keras's order: scale, mode, distribution.
     *
     * @param scale the variance scale, finite and &gt; 0
     * @param mode the fan to divide by
     * @param kind the distribution of the elements
     * @param fans how fans are read from the shape
     * @param seed the seed
     * @throws IllegalArgumentException if scale is not a finite number &gt; 0 or an argument is null
     */
    public VarianceScaling {
        Checks.positive("scale", scale);
        FanScaling.requireParts(mode, kind, fans);
    }

    /**
     * A copy with another fan convention.
     *
     * @param convention the convention
     * @return the copy
     */
    public VarianceScaling withFans(FanConvention convention) {
        return new VarianceScaling(scale, mode, kind, convention, seed);
    }

    /**
     * A copy with another seed.
     *
     * @param newSeed the seed
     * @return the copy
     */
    public VarianceScaling withSeed(long newSeed) {
        return new VarianceScaling(scale, mode, kind, fans, newSeed);
    }

    @Override
    public io.jinit.distribution.Distribution distribution(Shape shape) {
        Fans f = fans.fans(shape);
        double s = scale / Math.max(1.0, f.select(mode));
        switch (kind) {
            case TRUNCATED_NORMAL:
                return io.jinit.distribution.TruncatedNormal.twoSigma(0.0, Math.sqrt(s) / TRUNCATED_STD_2SIGMA);
            case UNTRUNCATED_NORMAL:
                return new Normal(0.0, Math.sqrt(s));
            case UNIFORM:
                double limit = Math.sqrt(3.0 * s);
                return new Uniform(-limit, limit);
            default:
                throw new AssertionError(kind);
        }
    }
}
