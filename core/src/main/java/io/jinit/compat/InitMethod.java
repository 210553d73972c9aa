package io.jinit.compat;

import io.jinit.shape.FanMode;
import java.util.Optional;

/**
 * The initialization methods of {@link WeightInits}. The weights of a layer with
 * {@code fan_in} inputs and {@code fan_out} outputs are independent N(0, σ<sup>2</sup>):
 * <pre>
 *   HE       σ = sqrt(2 / fan_in)                  variance scale 2, fan_in
 *   XAVIER   σ = sqrt(2 / (fan_in + fan_out))      variance scale 1, (fan_in + fan_out) / 2
 *   LECUN    σ = 1 / sqrt(fan_in)                  variance scale 1, fan_in
 *   RANDOM   σ = scale (0.01 by default)
 * </pre>
 * The normals are not truncated. Biases are zero, except under {@code RANDOM}, where they are
 * N(0, (scale / 10)<sup>2</sup>).
 *
 * @since 0.1
 */
public enum InitMethod {
    /** He (Kaiming) normal, for the ReLU family: {@link WeightInits#heInit}. */
    HE(new FanScaling(2.0, FanMode.FAN_IN), "he_normal"),
    /** Xavier (Glorot) normal, for symmetric activations: {@link WeightInits#xavierInit}. */
    XAVIER(new FanScaling(1.0, FanMode.FAN_AVG), "glorot_normal"),
    /** LeCun normal, for SELU: {@link WeightInits#seluInit}. */
    LECUN(new FanScaling(1.0, FanMode.FAN_IN), "lecun_normal"),
    /**
     * A fixed standard deviation, not scaled to the layer: {@link WeightInits#randomInit}. It has
     * no {@link #fanScaling()}.
     */
    RANDOM("random_normal");

    private final Optional<FanScaling> fanScaling;
    private final String keras;

    InitMethod(FanScaling fanScaling, String keras) {
        this.fanScaling = Optional.of(fanScaling);
        this.keras = keras;
    }

    InitMethod(String keras) {
        this.fanScaling = Optional.empty();
        this.keras = keras;
    }

    /**
     * The variance of a method scaled to the layer: σ<sup>2</sup> = scale / n, with n the fan its
     * mode names.
     *
     * @param scale the {@code scale}, Keras's {@code VarianceScaling} parameter, &gt; 0
     * @param mode the fan {@code n}
     */
    public record FanScaling(double scale, FanMode mode) {
        /**
         * Checks the scale and the mode.
         *
         * @param scale the {@code scale}, Keras's {@code VarianceScaling} parameter, &gt; 0
         * @param mode the fan {@code n}
         * @throws IllegalArgumentException if the scale is not finite and positive or the mode null
         */
        public FanScaling {
            if (!(scale > 0) || !Double.isFinite(scale)) {
                throw new IllegalArgumentException("scale must be a finite number > 0: " + scale);
            }
            if (mode == null) {
                throw new IllegalArgumentException("mode must not be null: null");
            }
        }
    }

    /**
     * How the variance follows the layer's fans.
     *
     * @return the scale and fan of HE, XAVIER and LECUN; empty for RANDOM, whose standard
     *     deviation is the {@code scale} the caller gives
     */
    public Optional<FanScaling> fanScaling() {
        return fanScaling;
    }

    /**
     * The {@code scale} of {@code σ² = scale / n}, Keras's {@code VarianceScaling} parameter.
     *
     * @return 2 for HE, 1 for XAVIER and LECUN
     * @throws IllegalStateException for RANDOM, which is not scaled to the layer
     */
    public double varianceScale() {
        return scaling().scale();
    }

    /**
     * The fan {@code n} of {@code σ² = scale / n}.
     *
     * @return the fan mode
     * @throws IllegalStateException for RANDOM, which is not scaled to the layer
     */
    public FanMode mode() {
        return scaling().mode();
    }

    private FanScaling scaling() {
        return fanScaling.orElseThrow(() -> new IllegalStateException(
                "method " + this + " has a fixed standard deviation, not one scaled to the layer's fans"));
    }

    /**
     * The name of the {@link WeightInits} method that applies this initialization.
     *
     * @return {@code "heInit"}, {@code "xavierInit"}, {@code "seluInit"} or {@code "randomInit"}
     */
    public String weightInitsMethod() {
        return switch (this) {
            case HE -> "heInit";
            case XAVIER -> "xavierInit";
            case LECUN -> "seluInit";
            case RANDOM -> "randomInit";
        };
    }

    /**
     * The Keras identifier of the initializer with the same variance ({@code "he_normal"},
     * {@code "glorot_normal"}, {@code "lecun_normal"}), as seed 002's table names them; for
     * RANDOM {@code "random_normal"}, whose {@code stddev} is then the {@link WeightInits}
     * {@code scale}. Keras's three variance-scaling presets draw a normal truncated at 2σ (with
     * the same variance); the {@link WeightInits} normals are not truncated.
     *
     * @return the identifier, accepted by {@code Initializers.get}
     */
    public String kerasIdentifier() {
        return keras;
    }
}
