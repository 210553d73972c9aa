package io.jinit.init;

import java.util.List;

/**
 * PyTorch's {@code calculate_gain}: the factor by which a nonlinearity is expected to change the
 * standard deviation of its input, used by the Kaiming and Xavier initializers.
 *
 * <pre>
 *   linear, conv1d..3d, conv_transpose1d..3d, sigmoid    1
 *   tanh                                                   5/3
 *   relu                                                   sqrt(2)
 *   leaky_relu (negative slope a, default 0.01)            sqrt(2 / (1 + a²))
 *   selu                                                   3/4     (PyTorch's empirical value)
 * </pre>
 *
 * @since 0.1
 */
public final class Gain {
    /** Every nonlinearity name that {@link #of} accepts, in PyTorch's order. */
    public static final List<String> NONLINEARITIES = List.of("linear", "conv1d", "conv2d", "conv3d",
            "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu",
            "leaky_relu", "selu");
    /** PyTorch's default negative slope of leaky_relu. */
    public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

    private Gain() {
    }

    /**
     * The recommended gain of a nonlinearity.
     *
     * @param nonlinearity one of {@link #NONLINEARITIES}
     * @param param the negative slope of leaky_relu, or null for the default; ignored otherwise
     * @return the gain
     * @throws IllegalArgumentException for an unknown nonlinearity or a non-finite slope
     */
    public static double of(String nonlinearity, Double param) {
        if (nonlinearity == null || !NONLINEARITIES.contains(nonlinearity)) {
            throw new IllegalArgumentException("nonlinearity must be one of " + NONLINEARITIES + ": " + nonlinearity);
        }
        switch (nonlinearity) {
            case "tanh":
                return 5.0 / 3;
            case "relu":
                return Math.sqrt(2.0);
            case "leaky_relu":
                double slope = param == null ? DEFAULT_NEGATIVE_SLOPE : param;
                if (!Double.isFinite(slope)) {
                    throw new IllegalArgumentException("negative_slope must be finite: " + slope);
                }
                return Math.sqrt(2.0 / (1 + slope * slope));
            case "selu":
                return 3.0 / 4;
            default:
                return 1;
        }
    }
}
