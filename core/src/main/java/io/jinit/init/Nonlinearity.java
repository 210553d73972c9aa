package io.jinit.init;

import java.util.Locale;

/**
 * The nonlinearities PyTorch's {@code calculate_gain} knows, in PyTorch's order; {@link Gain}
 * gives their gains.
 *
 * @since 0.1
 */
public enum Nonlinearity {
    /** The identity. */
    LINEAR,
    /** A 1-D convolution, linear. */
    CONV1D,
    /** A 2-D convolution, linear. */
    CONV2D,
    /** A 3-D convolution, linear. */
    CONV3D,
    /** A 1-D transposed convolution, linear. */
    CONV_TRANSPOSE1D,
    /** A 2-D transposed convolution, linear. */
    CONV_TRANSPOSE2D,
    /** A 3-D transposed convolution, linear. */
    CONV_TRANSPOSE3D,
    /** The logistic sigmoid. */
    SIGMOID,
    /** The hyperbolic tangent. */
    TANH,
    /** The rectifier. */
    RELU,
    /** The leaky rectifier, whose negative slope is the gain's parameter. */
    LEAKY_RELU,
    /** The scaled exponential linear unit. */
    SELU;

    /**
     * PyTorch's name, e.g. {@code "leaky_relu"}.
     *
     * @return the name
     */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The recommended gain ({@link Gain#of}).
     *
     * @param param the negative slope of {@link #LEAKY_RELU}, or null for PyTorch's default;
     *     ignored by the others
     * @return the gain
     * @throws IllegalArgumentException if the slope is not finite
     */
    public double gain(Double param) {
        return Gain.of(torchName(), param);
    }
}
