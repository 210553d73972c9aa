package io.jinit.compat;

import io.jinit.shape.FanMode;

/**
 * The initialization methods of the {@link WeightInits} facade. The weights of a layer with
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
    HE(2.0, FanMode.FAN_IN, "he_normal"),
    /** Xavier (Glorot) normal, for symmetric activations: {@link WeightInits#xavierInit}. */
    XAVIER(1.0, FanMode.FAN_AVG, "glorot_normal"),
    /** LeCun normal, for SELU: {@link WeightInits#seluInit}. */
    LECUN(1.0, FanMode.FAN_IN, "lecun_normal"),
    /** A fixed standard deviation, not scaled to the layer: {@link WeightInits#randomInit}. */
    RANDOM(Double.NaN, null, "random_normal");

    private final double varianceScale;
    private final FanMode mode;
    private final String keras;

    InitMethod(double varianceScale, FanMode mode, String keras) {
        this.varianceScale = varianceScale;
        this.mode = mode;
        this.keras = keras;
    }

    /**
     * The {@code scale} of {@code σ² = scale / n}, Keras's {@code VarianceScaling} parameter.
     *
     * @return 2 for HE, 1 for XAVIER and LECUN, NaN for RANDOM (not variance-scaled)
     */
    public double varianceScale() {
        return varianceScale;
    }

    /**
     * The fan {@code n} of {@code σ² = scale / n}.
     *
     * @return the fan mode, or null for RANDOM
     */
    public FanMode mode() {
        return mode;
    }

    /**
     * The Keras identifier of the initializer with the same variance ({@code "he_normal"},
     * {@code "glorot_normal"}, {@code "lecun_normal"}), as seed 002's table names them; for
     * RANDOM {@code "random_normal"}, whose {@code stddev} is then the facade's {@code scale}.
     * Keras's three variance-scaling presets draw a normal truncated at 2σ (with the same
     * variance); the facade's normals are not truncated.
     *
     * @return the identifier, accepted by {@code Initializers.get}
     */
    public String kerasIdentifier() {
        return keras;
    }
}
