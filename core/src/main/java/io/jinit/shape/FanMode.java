package io.jinit.shape;

import java.util.Locale;

/**
 * Which fan a variance-scaling initializer divides by.
 *
 * @since 0.1
 */
public enum FanMode {
    /** The fan-in: preserves the variance of activations in the forward pass. */
    FAN_IN,
    /** The fan-out: preserves the variance of gradients in the backward pass. */
    FAN_OUT,
    /** {@code (fan_in + fan_out) / 2}, Glorot and Bengio's compromise. */
    FAN_AVG,
    /** {@code sqrt(fan_in * fan_out)}, JAX's {@code fan_geo_avg}. */
    FAN_GEO_AVG;

    /**
     * The lower-case name used in configs: {@code "fan_in"}, {@code "fan_out"}, ...
     *
     * @return the config name
     */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a config name exactly (case-sensitive, as Keras does).
     *
     * @param name e.g. {@code "fan_in"}
     * @return the mode
     * @throws IllegalArgumentException if the name is not one of the config names
     */
    public static FanMode parse(String name) {
        for (FanMode m : values()) {
            if (m.configName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "mode must be one of fan_in, fan_out, fan_avg, fan_geo_avg: " + name);
    }
}
