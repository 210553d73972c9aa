package io.jinit.djl;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Map;
import java.util.function.Function;

/**
 * The initializers Keras or PyTorch would give the layers of a DJL block, each read on DJL's
 * layout ({@code Linear} weight {@code (out, in)}, convolution weight {@code (out, in / groups,
 * k...)}, PyTorch's: the TORCH fan convention).
 *
 * <table>
 * <caption>The rules</caption>
 * <tr><th>DJL block, parameter</th><th>{@link #KERAS}</th><th>{@link #PYTORCH}</th></tr>
 * <tr><td>{@code Linear} and {@code Conv1d}/{@code Conv2d}/{@code Conv3d} weight</td>
 *     <td>{@code glorot_uniform}, TORCH fans</td>
 *     <td>{@code kaiming_uniform_} with {@code a = sqrt(5)}</td></tr>
 * <tr><td>their bias</td><td>{@code zeros}</td>
 *     <td>{@code torch_linear_bias}: U(&#177;1/sqrt(fan_in)), fan_in of the block's weight</td></tr>
 * <tr><td>{@code BatchNorm}, {@code LayerNorm}: gamma, beta, running mean, running variance</td>
 *     <td colspan="2">ones, zeros, zeros, ones</td></tr>
 * <tr><td>{@code Embedding}</td><td>{@code random_uniform}: U(&#177;0.05)</td>
 *     <td>{@code torch_embedding_default}: N(0, 1)</td></tr>
 * </table>
 *
 * <p>The Keras column is what {@code Dense}, {@code Conv*D}, {@code BatchNormalization},
 * {@code LayerNormalization} and {@code Embedding} build by default; Glorot's limit
 * sqrt(6 / (fan_in + fan_out)) is the same on Keras's {@code (k..., in, out)} layout and on DJL's
 * {@code (out, in, k...)}. The PyTorch column is what {@code nn.Linear}, {@code nn.Conv*d} (their
 * {@code reset_parameters}), the norms and {@code nn.Embedding} do at construction.
 *
 * <p>A parameter of any other block is refused with an {@link IllegalArgumentException} naming
 * it, rather than left to DJL's own default: compose a function that handles it and falls back
 * to a preset, for example {@code p -> p.block() instanceof Prelu ? zeros : Preset.KERAS.apply(p)}.
 *
 * @since 0.1
 */
public enum Preset implements Function<BlockParameter, Initializer> {
    /** Keras's defaults: Glorot uniform kernels, zero biases. */
    KERAS {
        @Override
        Initializer kernel() {
            return Initializers.get("glorot_uniform", Map.of("fan_convention", "torch", "seed", UNUSED_SEED));
        }

        @Override
        Initializer bias(BlockParameter p) {
            return Initializers.get("zeros");
        }

        @Override
        Initializer embedding() {
            return Initializers.get("random_uniform", Map.of("seed", UNUSED_SEED));
        }
    },
    /** PyTorch's defaults: Kaiming uniform with {@code a = sqrt(5)}, biases U(±1/sqrt(fan_in)). */
    PYTORCH {
        @Override
        Initializer kernel() {
            return Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5), "seed", UNUSED_SEED));
        }

        @Override
        Initializer bias(BlockParameter p) {
            // nn.Linear and nn.Conv*d: fan_in, _ = _calculate_fan_in_and_fan_out(self.weight).
            double fanIn = FanConvention.TORCH.fans(Shape.copyOf(p.siblingShape("weight").getShape())).fanIn();
            return Initializers.get("torch_linear_bias", Map.of("fan_in", (long) fanIn, "seed", UNUSED_SEED));
        }

        @Override
        Initializer embedding() {
            return Initializers.get("torch_embedding_default", Map.of("seed", UNUSED_SEED));
        }
    };

    /**
     * The seed in the random initializers' configs, so that a preset gives equal initializers on
     * every call; it is never read, since each parameter is filled under its own key.
     */
    private static final long UNUSED_SEED = 0L;

    /**
     * The initializer of one parameter under this preset.
     *
     * @param p the parameter, with its block; a bias's rule reads its weight's shape, which DJL
     *     sets when it prepares the block for its input shapes
     * @return its initializer
     * @throws IllegalArgumentException if the preset has no rule for the parameter's block
     */
    @Override
    public Initializer apply(BlockParameter p) {
        Block block = p.block();
        Parameter.Type type = p.parameter().getType();
        if (block instanceof Linear || block instanceof Convolution) {
            if (type == Parameter.Type.WEIGHT) {
                return kernel();
            }
            if (type == Parameter.Type.BIAS) {
                return bias(p);
            }
        } else if (block instanceof BatchNorm || block instanceof LayerNorm) {
            switch (type) {
                case GAMMA:
                case RUNNING_VAR:
                    return Initializers.get("ones");
                case BETA:
                case RUNNING_MEAN:
                    return Initializers.get("zeros");
                default:
                    break;
            }
        } else if (block instanceof Embedding && type == Parameter.Type.WEIGHT) {
            return embedding();
        }
        throw new IllegalArgumentException("parameter must belong to a Linear, Conv1d/2d/3d, BatchNorm,"
                + " LayerNorm or Embedding block for preset " + name() + ": " + p.name() + " ("
                + type + " of " + block.getClass().getSimpleName() + ")");
    }

    abstract Initializer kernel();

    abstract Initializer bias(BlockParameter p);

    abstract Initializer embedding();
}
