package io.jinit.shape;

/**
 * The fan-in and fan-out of a weight tensor: the number of inputs that feed one output unit and
 * the number of outputs one input unit feeds. They are doubles because JAX's axes convention can
 * give fractional fans when one axis is named twice.
 *
 * @param fanIn the fan-in
 * @param fanOut the fan-out
 * @since 0.1
 */
public record Fans(double fanIn, double fanOut) {

    /**
     * The fan that a mode selects.
     *
     * @param mode which fan
     * @return fanIn, fanOut, their mean or their geometric mean
     */
    public double select(FanMode mode) {
        switch (mode) {
            case FAN_IN:
                return fanIn;
            case FAN_OUT:
                return fanOut;
            case FAN_AVG:
                return (fanIn + fanOut) / 2.0;
            case FAN_GEO_AVG:
                return Math.sqrt(fanIn * fanOut);
            default:
                throw new AssertionError(mode);
        }
    }
}
