package io.jinit.init;

import io.jinit.shape.FanConvention;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a fan convention is written in a config. Keras-style configs always carry Keras's
 * {@code input_axes} and {@code output_axes} (null under {@link FanConvention#KERAS}); a
 * {@code fan_convention} entry ({@code "keras"}, {@code "torch"} or {@code "jax"} with
 * {@code in_axis}, {@code out_axis}, {@code batch_axis}) is added only when the convention is
 * not the framework's own.
 *
 * @since 0.1
 */
public final class FanConfig {
    private FanConfig() {
    }

    /**
     * The entries of a Keras-style config ({@code VarianceScaling} and its presets).
     *
     * @param fans the convention
     * @return the entries, in order
     */
    public static Map<String, Object> keras(FanConvention fans) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (fans instanceof FanConvention.KerasAxes) {
            FanConvention.KerasAxes axes = (FanConvention.KerasAxes) fans;
            m.put("input_axes", axes.inputAxes());
            m.put("output_axes", axes.outputAxes());
        } else {
            m.put("input_axes", null);
            m.put("output_axes", null);
        }
        if (fans == FanConvention.TORCH) {
            m.put("fan_convention", "torch");
        } else if (fans instanceof FanConvention.JaxAxes) {
            m.putAll(jax((FanConvention.JaxAxes) fans));
        }
        return m;
    }

    /**
     * The entries of a torch-style config: none under {@link FanConvention#TORCH}.
     *
     * @param fans the convention
     * @return the entries, in order
     */
    public static Map<String, Object> torch(FanConvention fans) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (fans == FanConvention.KERAS) {
            m.put("fan_convention", "keras");
        } else if (fans instanceof FanConvention.KerasAxes) {
            m.put("fan_convention", "keras");
            m.put("input_axes", ((FanConvention.KerasAxes) fans).inputAxes());
            m.put("output_axes", ((FanConvention.KerasAxes) fans).outputAxes());
        } else if (fans instanceof FanConvention.JaxAxes) {
            m.putAll(jax((FanConvention.JaxAxes) fans));
        }
        return m;
    }

    private static Map<String, Object> jax(FanConvention.JaxAxes jax) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fan_convention", "jax");
        m.put("in_axis", jax.inAxes());
        m.put("out_axis", jax.outAxes());
        m.put("batch_axis", jax.batchAxes());
        return m;
    }
}
