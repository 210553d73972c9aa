package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's {@code kaiming_uniform_} and {@code kaiming_normal_} (He initialization), with
 * PyTorch's floating-point order so that bounds agree to the last bit:
 * <pre>
 *   gain  = calculate_gain(nonlinearity, a)
 *   std   = gain / sqrt(fan)                fan = fan_in or fan_out (TORCH convention)
 *   bound = sqrt(3) · std
 *   uniform: U[-bound, bound)      normal: N(0, std²), untruncated
 * </pre>
 * A zero-element tensor is left alone, as in PyTorch.
 *
 * <p>References:
 * <ol>
 * <li>He, K. <i>et al</i> (2015) <a href="https://arxiv.org/abs/1502.01852">Delving Deep into
 * Rectifiers</a>. ICCV.</li>
 * </ol>
 *
 * @param a the negative slope of leaky_relu (used only with it)
 * @param mode FAN_IN or FAN_OUT
 * @param nonlinearity one of {@link Gain#NONLINEARITIES}
 * @param normal true for {@code kaiming_normal_}, false for {@code kaiming_uniform_}
 * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
 * @param seed the seed
 * @since 0.1
 */
public record Kaiming(double a, FanMode mode, String nonlinearity, boolean normal, FanConvention fans, long seed)
        implements DistributionInitializer {

    /**
     * Validates the parameters.
     *
     * @param a the negative slope of leaky_relu (used only with it)
     * @param mode FAN_IN or FAN_OUT
     * @param nonlinearity one of {@link Gain#NONLINEARITIES}
     * @param normal true for {@code kaiming_normal_}, false for {@code kaiming_uniform_}
     * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
     * @param seed the seed
     */
    public Kaiming {
        Checks.finite("a", a);
        if (mode != FanMode.FAN_IN && mode != FanMode.FAN_OUT) {
            throw new IllegalArgumentException("mode must be fan_in or fan_out: " + mode);
        }
        Gain.of(nonlinearity, a);
        if (fans == null) {
            throw new IllegalArgumentException("fans must not be null: null");
        }
    }

    @Override
    public Distribution distribution(Shape shape) {
        double gain = Gain.of(nonlinearity, a);
        double fan = fans.fans(shape).select(mode);
        if (shape.size() == 0) {
            return new Normal(0.0, 0.0);
        }
        double std = gain / Math.sqrt(fan);
        if (normal) {
            return new Normal(0.0, std);
        }
        double bound = Math.sqrt(3.0) * std;
        return new Uniform(-bound, bound);
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    @Override
    public String className() {
        return normal ? "kaiming_normal_" : "kaiming_uniform_";
    }

    @Override
    public String module() {
        return "torch.nn.init";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>(
                Configs.of("a", a, "mode", mode.configName(), "nonlinearity", nonlinearity, "seed", seed));
        m.putAll(FanConfig.torch(fans));
        return Collections.unmodifiableMap(m);
    }
}
