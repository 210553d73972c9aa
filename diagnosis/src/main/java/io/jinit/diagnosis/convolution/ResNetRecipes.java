package io.jinit.diagnosis.convolution;

import io.jinit.Initializer;
import io.jinit.catalogue.TorchCatalogue;
import io.jinit.init.DistributionKind;
import io.jinit.init.Nonlinearity;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;

/**
 * The usual ways to initialize a ResNet, as {@link ParameterSource}s filled by jinit's
 * initializers: parameter {@code name} is filled under {@code RandomKey.of(seed).derive(name)}, so
 * the values are jinit's stream (not PyTorch's MT19937) and each parameter's are independent of the
 * others'.
 * <pre>
 *   recipe               convolutions                        batch norm     fc.weight / fc.bias
 *   torchvision          kaiming_normal_(fan_out, relu)      γ = 1, β = 0   Linear default
 *   torchDefaults        kaiming_uniform_(a = sqrt(5))       γ = 1, β = 0   Linear default
 *   zeroInitResidual     as torchvision, and every block's bn2.weight = 0
 *   convolutions(init)   init                                γ = 1, β = 0   Linear default
 * </pre>
 * torchvision's {@code ResNet.__init__} initializes every {@code Conv2d} with
 * {@code kaiming_normal_(w, mode="fan_out", nonlinearity="relu")}, that is N(0, 2 / (out·k·k)), and
 * every {@code BatchNorm2d} with weight 1 and bias 0, and leaves {@code fc} to
 * {@code nn.Linear}'s default: {@code kaiming_uniform_(w, a=sqrt(5))}, U(±1/sqrt(in)), and a bias
 * U(±1/sqrt(in)). With {@code zero_init_residual=True} it then sets the last BN weight of each
 * residual branch to 0 (Goyal et al. (2017), <a href="https://arxiv.org/abs/1706.02677">Accurate,
 * Large Minibatch SGD</a>, §5.1), so that each block starts as the identity. The modules' own
 * defaults, without torchvision's loop, give convolutions PyTorch's {@code _ConvNd} default,
 * {@code kaiming_uniform_(w, a=sqrt(5))}: U(±1/sqrt(fan_in)), variance {@code 1 / (3 fan_in)}.
 *
 * @since 0.1
 */
public final class ResNetRecipes {
    private ResNetRecipes() {
    }

    /**
     * torchvision's initialization of its ResNets.
     *
     * @param seed the seed of the parameter keys
     * @return the source
     */
    public static ParameterSource torchvision(long seed) {
        return convolutions(TorchCatalogue.kaiming(0, FanMode.FAN_OUT, Nonlinearity.RELU,
                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, seed), seed);
    }

    /**
     * PyTorch's module defaults: {@code kaiming_uniform_(a=sqrt(5))} for convolutions and fc.
     *
     * @param seed the seed of the parameter keys
     * @return the source
     */
    public static ParameterSource torchDefaults(long seed) {
        return convolutions(TorchCatalogue.linearDefault(seed), seed);
    }

    /**
     * torchvision's initialization with {@code zero_init_residual=True}: the weight of each basic
     * block's {@code bn2} is 0.
     *
     * @param seed the seed of the parameter keys
     * @return the source
     */
    public static ParameterSource zeroInitResidual(long seed) {
        ParameterSource torchvision = torchvision(seed);
        Initializer zero = TorchCatalogue.constant(0.0);
        return (name, shape) -> name.startsWith("layer") && name.endsWith(".bn2.weight")
                ? fill(zero, name, shape, seed)
                : torchvision.values(name, shape);
    }

    /**
     * Convolutions (the stem's, the blocks' and the shortcuts') filled by an initializer, batch
     * normalization with weight 1 and bias 0, fc with {@code nn.Linear}'s default.
     *
     * @param init the initializer of every convolution weight
     * @param seed the seed of the parameter keys
     * @return the source
     * @throws IllegalArgumentException if the initializer is null
     */
    public static ParameterSource convolutions(Initializer init, long seed) {
        if (init == null) {
            throw new IllegalArgumentException("init must be given: null");
        }
        Initializer one = TorchCatalogue.constant(1.0);
        Initializer zero = TorchCatalogue.constant(0.0);
        Initializer linear = TorchCatalogue.linearDefault(seed);
        // The bias bound 1/sqrt(in) needs fc's fan-in, which only the weight's shape gives: the
        // network asks for fc.weight before fc.bias (ParameterSource's order).
        long[] fcFanIn = {0};
        return (name, shape) -> {
            if (name.equals("fc.weight")) {
                fcFanIn[0] = shape.dim(1);
                return fill(linear, name, shape, seed);
            }
            if (name.equals("fc.bias")) {
                return fill(TorchCatalogue.linearBias(fcFanIn[0], seed), name, shape, seed);
            }
            if (shape.rank() == 4) {
                return fill(init, name, shape, seed);
            }
            return fill(name.endsWith(".weight") ? one : zero, name, shape, seed);
        };
    }

    /**
     * One parameter's values: {@code init} fills it under {@code RandomKey.of(seed).derive(name)}.
     * An initializer under PyTorch's fan convention fills the PyTorch shape; any other (Keras's
     * {@code (kh, kw, in, out)} and {@code (in, out)}) fills the Keras shape, which is then permuted
     * into PyTorch's layout, so that its fans are those of the layer either way.
     *
     * @param init the initializer
     * @param name the parameter's torchvision name
     * @param shape its shape in PyTorch's layout
     * @param seed the seed of the parameter keys
     * @return the values in PyTorch's layout
     * @throws IllegalArgumentException naming the parameter if the initializer cannot fill it
     */
    public static float[] fill(Initializer init, String name, Shape shape, long seed) {
        RandomKey key = RandomKey.of(seed).derive(name);
        float[] values = new float[shape.intSize()];
        try {
            if (init.fanConvention().orElse(FanConvention.KERAS) instanceof FanConvention.Torch
                    || shape.rank() == 1) {
                init.fill(shape, key, 0, values, 0, values.length);
                return values;
            }
            if (shape.rank() == 2) {
                int out = (int) shape.dim(0);
                int in = (int) shape.dim(1);
                float[] keras = new float[values.length];
                init.fill(Shape.of(in, out), key, 0, keras, 0, keras.length);
                for (int c = 0; c < in; c++) {
                    for (int o = 0; o < out; o++) {
                        values[o * in + c] = keras[c * out + o];
                    }
                }
                return values;
            }
            if (shape.rank() == 4) {
                int out = (int) shape.dim(0);
                int in = (int) shape.dim(1);
                int kh = (int) shape.dim(2);
                int kw = (int) shape.dim(3);
                float[] keras = new float[values.length];
                init.fill(Shape.of(kh, kw, in, out), key, 0, keras, 0, keras.length);
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kw; v++) {
                        for (int c = 0; c < in; c++) {
                            for (int o = 0; o < out; o++) {
                                values[((o * in + c) * kh + u) * kw + v] = keras[((u * kw + v) * in + c) * out + o];
                            }
                        }
                    }
                }
                return values;
            }
            throw new IllegalArgumentException("shape must have rank 1, 2 or 4: " + shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter " + name + " " + shape + " cannot be filled by " + init
                    + ": " + e.getMessage(), e);
        }
    }
}
