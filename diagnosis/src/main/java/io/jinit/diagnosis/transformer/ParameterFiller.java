package io.jinit.diagnosis.transformer;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.distribution.Uniform;
import io.jinit.init.RandomNormal;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Arrays;
import java.util.Map;

/**
 * Gives the initial values of one parameter of a transformer from its name and its shape, in
 * PyTorch's layout: a weight is {@code (out, in)}, an embedding {@code (rows, width)}, a bias or a
 * norm weight {@code (width)}. The names are those of {@link TransformerParameters}.
 *
 * <p>The recipes fill every matrix through a jinit {@link Initializer} under the key
 * {@code RandomKey.of(seed).derive(name)}, so each parameter has its own stream and the values are
 * jinit's; biases are 0 and norm weights 1, as {@code torch.nn.Linear} biases under the recipes of
 * transformers' {@code _init_weights} and {@code torch.nn.LayerNorm} at construction.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ParameterFiller {
    /** The standard deviation of every weight in transformers' configurations: {@code initializer_range}. */
    double INITIALIZER_RANGE = 0.02;

    /**
     * The initial values of a parameter.
     *
     * @param name the parameter's name, e.g. {@code layers.3.attention.query.weight}
     * @param shape its shape in PyTorch's layout
     * @return {@code shape.size()} values, row-major
     */
    float[] values(String name, Shape shape);

    /**
     * Every weight and embedding N(0, sigma²), biases 0, norm weights 1: transformers'
     * {@code _init_weights} with {@code initializer_range = sigma} (BERT, Llama, GPT-2 without
     * its residual scaling).
     *
     * @param sigma the standard deviation, finite and &gt;= 0
     * @param seed the seed of the parameter keys
     * @return the filler
     * @throws IllegalArgumentException if sigma is negative or not finite
     */
    static ParameterFiller normal(double sigma, long seed) {
        return withInitializer(new RandomNormal(0, sigma, seed), seed);
    }

    /**
     * GPT-2's recipe (Radford et al. 2019, Sec. 2.3; transformers' {@code GPT2PreTrainedModel._init_weights}):
     * as {@link #normal}, but the two projections that write into the residual stream, the attention
     * output and the feed-forward down projection ({@code c_proj}), are N(0, (sigma / sqrt(2N))²),
     * so that the N blocks' 2N additions to the stream add up to a variance that does not grow with N.
     *
     * @param sigma the standard deviation of the other weights, finite and &gt;= 0
     * @param layers N, &gt;= 1
     * @param seed the seed of the parameter keys
     * @return the filler
     * @throws IllegalArgumentException if sigma is negative or not finite, or layers is below 1
     */
    static ParameterFiller gpt2(double sigma, int layers, long seed) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1: " + layers);
        }
        ParameterFiller plain = normal(sigma, seed);
        ParameterFiller scaled = normal(sigma / Math.sqrt(2.0 * layers), seed);
        return (name, shape) -> TransformerParameters.isResidualProjection(name)
                ? scaled.values(name, shape) : plain.values(name, shape);
    }

    /**
     * What PyTorch's modules start from when nothing initializes them (torch 2.x
     * {@code reset_parameters}): a {@code nn.Linear} weight {@code kaiming_uniform_(a=sqrt(5))},
     * which is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and its bias U(-1/sqrt(fan_in), 1/sqrt(fan_in))
     * with the weight's fan_in; a {@code nn.Embedding} N(0, 1); a norm's weight 1 and bias 0. This
     * is the recipe of a model built from torch modules without an {@code _init_weights}.
     *
     * @param shape the stack, whose weights give each bias its fan_in
     * @param seed the seed of the parameter keys
     * @return the filler
     * @throws IllegalArgumentException if shape is null
     */
    static ParameterFiller torchDefaults(TransformerShape shape, long seed) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null: null");
        }
        Map<String, Shape> shapes = TransformerParameters.shapesOf(shape);
        Initializer linear = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5)));
        Initializer embedding = new RandomNormal(0, 1, seed);
        return (name, s) -> {
            float[] values = new float[s.intSize()];
            RandomKey key = RandomKey.of(seed).derive(name);
            if (TransformerParameters.isNormWeight(name)) {
                Arrays.fill(values, 1.0f);
            } else if (name.startsWith("embedding.")) {
                embedding.fill(s, key, 0, values, 0, values.length);
            } else if (s.rank() == 2) {
                linear.fill(s, key, 0, values, 0, values.length);
            } else if (!name.contains("_norm.")) {
                Shape weight = shapes.get(name.substring(0, name.length() - ".bias".length()) + ".weight");
                double bound = 1 / Math.sqrt(weight.dim(1));
                new Uniform(-bound, bound).fill(key, 0, values, 0, values.length);
            }
            return values;
        };
    }

    /**
     * Every weight and embedding from an initializer, biases 0, norm weights 1. An initializer that
     * reads shapes under the Keras fan convention fills {@code (in, out)}, which is then transposed,
     * so that its fan-in is the weight's input width in either convention (as {@code jinit diagnose}
     * does for its multilayer perceptrons).
     *
     * @param init the initializer of the matrices
     * @param seed the seed of the parameter keys
     * @return the filler
     * @throws IllegalArgumentException if init is null
     */
    static ParameterFiller withInitializer(Initializer init, long seed) {
        if (init == null) {
            throw new IllegalArgumentException("init must not be null: null");
        }
        return (name, shape) -> {
            float[] values = new float[shape.intSize()];
            if (TransformerParameters.isNormWeight(name)) {
                Arrays.fill(values, 1.0f);
                return values;
            }
            if (shape.rank() != 2) {
                return values;
            }
            RandomKey key = RandomKey.of(seed).derive(name);
            if (init.fanConvention().orElse(FanConvention.KERAS) instanceof FanConvention.Torch) {
                init.fill(shape, key, 0, values, 0, values.length);
                return values;
            }
            int out = (int) shape.dim(0);
            int in = (int) shape.dim(1);
            float[] keras = new float[values.length];
            init.fill(Shape.of(in, out), key, 0, keras, 0, keras.length);
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    values[o * in + i] = keras[i * out + o];
                }
            }
            return values;
        };
    }
}
