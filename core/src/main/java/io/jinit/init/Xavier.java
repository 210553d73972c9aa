package io.jinit.init;

import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Checks;
import io.jinit.internal.Configs;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's {@code xavier_uniform_} and {@code xavier_normal_} (Glorot initialization), with
 * PyTorch's floating-point order:
 * <pre>
 *   std   = gain · sqrt(2 / (fan_in + fan_out))
 *   bound = sqrt(3) · std
 *   uniform: U[-bound, bound)      normal: N(0, std²), untruncated (Keras's GlorotNormal truncates)
 * </pre>
 *
 * <p>References:
 * <ol>
 * <li>Glorot, X. and Bengio, Y. (2010)
 * <a href="https://proceedings.mlr.press/v9/glorot10a.html">Understanding the difficulty of
 * training deep feedforward neural networks</a>. AISTATS.</li>
 * </ol>
 *
 * @param gain the scaling factor, finite and &gt;= 0 (PyTorch fails on a negative one)
 * @param normal true for {@code xavier_normal_}, false for {@code xavier_uniform_}
 * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
 * @param seed the seed
 * @since 0.1
 */
public record Xavier(double gain, boolean normal, FanConvention fans, long seed) implements DistributionInitializer {

    /**
     * Validates the parameters.
     *
     * @param gain the scaling factor, finite and &gt;= 0 (PyTorch fails on a negative one)
     * @param normal true for {@code xavier_normal_}, false for {@code xavier_uniform_}
     * @param fans how fans are read from the shape ({@link FanConvention#TORCH} in PyTorch)
     * @param seed the seed
     */
    public Xavier {
        Checks.nonNegative("gain", gain);
        if (fans == null) {
            throw new IllegalArgumentException("fans must not be null: null");
        }
    }

    @Override
    public Distribution distribution(Shape shape) {
        io.jinit.shape.Fans f = fans.fans(shape);
        if (f.fanIn() + f.fanOut() == 0) {
            throw new IllegalArgumentException("fan_in + fan_out must be > 0 for xavier: shape " + shape);
        }
        double std = gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
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
        return normal ? "xavier_normal_" : "xavier_uniform_";
    }

    @Override
    public String module() {
        return "torch.nn.init";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>(Configs.of("gain", gain, "seed", seed));
        m.putAll(FanConfig.torch(fans));
        return Collections.unmodifiableMap(m);
    }
}
