package io.jinit.formats;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.compat.InitMethod;
import io.jinit.compat.LayerStream;
import io.jinit.compat.Rng;
import io.jinit.compat.WeightInits;
import io.jinit.init.DistributionKind;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model to initialize: named parameters with their shapes, initializers and dtypes, and the
 * seed every parameter's key is derived from. Read from JSON by {@link ModelSpecReader}; the
 * format is documented in docs/model-spec.md with a JSON Schema in docs/model-spec.schema.json.
 * {@link #ofLayers} gives the layers of the seed-000 layer API ({@link io.jinit.compat.WeightInits})
 * as a spec. Either way {@link #tensors} streams it to {@link TensorFiles#write}.
 *
 * @param seed the model seed
 * @param seedDrawn whether the seed was drawn because neither the document nor the caller gave one
 *     (a run should then print it, so that it can be repeated)
 * @param parameters the parameters, in file order
 * @param metadata entries the model adds to a file's metadata after {@code jinit.seed}, in their
 *     order (how {@link #ofLayers} made it); empty for a spec read from JSON
 * @since 0.1
 */
public record ModelSpec(long seed, boolean seedDrawn, List<Parameter> parameters, Map<String, String> metadata) {

    /**
     * Copies the list and the metadata (in its order); names must be unique.
     *
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because neither the document nor the caller gave one
     *        (a run should then print it, so that it can be repeated)
     * @param parameters the parameters, in file order
     * @param metadata entries the model adds to a file's metadata after {@code jinit.seed}, in their order
     */
    public ModelSpec {
        parameters = List.copyOf(parameters);
        // In the caller's order: Map.copyOf iterates in an order that changes from JVM to JVM,
        // and the metadata's order is the order of the bytes in a safetensors header.
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        Set<String> seen = new HashSet<>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter names must be unique: " + p.name());
            }
        }
    }

    /**
     * A model with no metadata of its own.
     *
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn
     * @param parameters the parameters, in file order
     */
    public ModelSpec(long seed, boolean seedDrawn, List<Parameter> parameters) {
        this(seed, seedDrawn, parameters, Map.of());
    }

    /**
     * One named tensor, with the values it takes.
     *
     * @param name the name, e.g. {@code "encoder.0.weight"}
     * @param shape the shape
     * @param dtype the element type, one of {@link DType#writableNames()}
     * @param values where its values come from
     */
    public record Parameter(String name, Shape shape, DType dtype, Values values) {

        /**
         * Validates the parameter.
         *
         * @param name the name, e.g. {@code "encoder.0.weight"}
         * @param shape the shape
         * @param dtype the element type, one of {@link DType#writableNames()}
         * @param values where its values come from
         */
        public Parameter {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("parameter name must be a non-empty string: " + name);
            }
            if (shape == null) {
                throw new IllegalArgumentException("shape of " + name + " must not be null: null");
            }
            if (dtype == null || !dtype.isWritable()) {
                throw new IllegalArgumentException("dtype of " + name + " must be one of " + DType.writableNames()
                        + ": " + (dtype == null ? null : dtype.lowerCaseName()));
            }
            if (values == null) {
                throw new IllegalArgumentException("values of " + name + " must not be null: null");
            }
        }

        /**
         * A parameter an initializer computes under a key.
         *
         * @param name the name
         * @param shape the shape
         * @param initializer the initializer
         * @param dtype the element type
         * @param key the key its values are drawn under
         */
        public Parameter(String name, Shape shape, Initializer initializer, DType dtype, RandomKey key) {
            this(name, shape, dtype, new Computed(initializer, key));
        }

        /**
         * The initializer and key of a parameter they compute; empty for one drawn from a shared
         * stream.
         *
         * @return the initializer and key, or empty
         */
        public Optional<Computed> computed() {
            return values instanceof Computed c ? Optional.of(c) : Optional.empty();
        }

        void fill(ParallelFill filler, long from, float[] out, int offset, int length) {
            if (values instanceof Computed c) {
                filler.fill(c.initializer(), shape, c.key(), from, out, offset, length);
            } else {
                ((Drawn) values).tensor().fill(from, out, offset, length, filler);
            }
        }

        void fill(ParallelFill filler, long from, double[] out, int offset, int length) {
            if (values instanceof Computed c) {
                filler.fill(c.initializer(), shape, c.key(), from, out, offset, length);
            } else {
                ((Drawn) values).tensor().fill(from, out, offset, length, filler);
            }
        }
    }

    /**
     * Where a parameter's values come from.
     *
     * @since 0.1
     */
    public sealed interface Values permits Computed, Drawn {
    }

    /**
     * Values an initializer computes under a key: element {@code i} is a function of
     * (initializer, shape, key, i) alone.
     *
     * @param initializer the initializer
     * @param key the key its values are drawn under
     */
    public record Computed(Initializer initializer, RandomKey key) implements Values {
        /**
         * Checks that both are given.
         *
         * @param initializer the initializer
         * @param key the key its values are drawn under
         */
        public Computed {
            if (initializer == null || key == null) {
                throw new IllegalArgumentException("initializer and key must not be null: " + initializer + ", " + key);
            }
        }
    }

    /**
     * Values drawn from a model's one NumPy-legacy stream ({@link Rng#NUMPY_LEGACY}), which runs
     * through all its tensors in order: they depend on every tensor before them, and no
     * initializer gives them alone.
     *
     * @param tensor the stream's tensor
     */
    public record Drawn(LayerStream.Tensor tensor) implements Values {
        /**
         * Checks that it is given.
         *
         * @param tensor the stream's tensor
         */
        public Drawn {
            if (tensor == null) {
                throw new IllegalArgumentException("tensor must not be null: null");
            }
        }
    }

    /**
     * How {@link #ofLayers} names and lays out an MLP's tensors: as the seed-000 arrays (Keras's
     * kernel orientation) or as PyTorch's {@code nn.Sequential} of {@code nn.Linear} layers.
     *
     * @since 0.1
     */
    public enum Layout {
        /**
         * {@code layers.i.weight} {@code (fan_in, fan_out)}, the orientation of a Keras
         * {@code Dense} kernel, and {@code layers.i.bias} {@code (1, fan_out)}, the seed-000
         * arrays' row vector.
         */
        KERAS("keras"),
        /**
         * The state dict of {@code nn.Sequential(nn.Linear(d0, d1), act, nn.Linear(d1, d2), ...)}:
         * {@code 2i.weight} {@code (out, in)} and {@code 2i.bias} {@code (out)} for layer {@code i},
         * numbered as {@code nn.Sequential} numbers its modules (the activations between the
         * linear layers hold no parameters), so {@code load_state_dict(strict=True)} accepts it.
         */
        TORCH("torch");

        private final String recorded;

        Layout(String recorded) {
            this.recorded = recorded;
        }

        /**
         * The name a file's {@code jinit.layout} records, also its spelling on the command line.
         *
         * @return {@code "keras"} or {@code "torch"}
         */
        @Override
        public String toString() {
            return recorded;
        }
    }

    /**
     * The layers of a {@link io.jinit.compat.WeightInits} method as a spec in the
     * {@link Layout#KERAS} layout: {@code layers.i.weight} {@code (fan_in, fan_out)} and
     * {@code layers.i.bias} {@code (1, fan_out)}, in that order. A tensor that an initializer
     * reproduces on its own ({@link LayerStream.Tensor#initializer()}: all under
     * {@link Rng#PHILOX}, the zero biases under {@link Rng#NUMPY_LEGACY}) is an initializer
     * parameter under that initializer's key; the others take the stream's draws. float32 and the
     * half types are the float64 values of {@code WeightInits} rounded once.
     *
     * <p>Metadata, in this order: {@code "jinit.rng"} ({@code philox} or {@code numpy-legacy}),
     * {@code "jinit.method"} ({@code he}, {@code xavier}, {@code lecun} or {@code random}),
     * {@code "jinit.layers"} (the sizes, {@code 784,128,10}), {@code "jinit.layout"}
     * ({@code keras}) and {@code "jinit.scale"} (random only).
     *
     * @param stream the layers
     * @param dtype the element type of every tensor
     * @param seedDrawn whether the stream's seed was drawn because the caller gave none
     * @return the spec, whose seed is the stream's
     */
    public static ModelSpec ofLayers(LayerStream stream, DType dtype, boolean seedDrawn) {
        return ofLayers(stream, Layout.KERAS, dtype, seedDrawn);
    }

    /**
     * The layers of a {@link io.jinit.compat.WeightInits} method as a spec in a given layout.
     * {@link Layout#KERAS} is {@link #ofLayers(LayerStream, DType, boolean)}. {@link Layout#TORCH}
     * writes, for layer {@code i} from {@code d_i} inputs to {@code d_(i+1)} outputs,
     * {@code 2i.weight} {@code (d_(i+1), d_i)} and {@code 2i.bias} {@code (d_(i+1))}, each
     * drawn under its own key {@code RandomKey.of(seed).derive(name)}: the weights by the
     * method's initializer read in {@link FanConvention#TORCH} (fan_in = the input size, as in the
     * Keras layout, so the variance is the same), the biases zero, or, for
     * {@link InitMethod#RANDOM}, N(0, (scale / 10)<sup>2</sup>) as in the Keras layout:
     * <pre>
     *   HE      VarianceScaling(2, fan_in,  untruncated_normal, TORCH)   σ = sqrt(2 / in)
     *   XAVIER  VarianceScaling(1, fan_avg, untruncated_normal, TORCH)   σ = sqrt(2 / (in + out))
     *   LECUN   VarianceScaling(1, fan_in,  untruncated_normal, TORCH)   σ = sqrt(1 / in)
     *   RANDOM  RandomNormal(0, scale)                                   σ = scale
     * </pre>
     * The values are those of the Keras layout's initializers, not its values transposed: each
     * tensor's key comes from its own name.
     *
     * <p>{@link Rng#NUMPY_LEGACY} is refused with {@link Layout#TORCH}: its one stream draws the
     * seed-000 arrays row by row in {@code (fan_in, fan_out)} order, so writing them transposed
     * row by row would need each weight whole in memory (8 · fan_in · fan_out bytes) or one pass
     * over its draws per block of output rows.
     *
     * <p>Metadata as {@link #ofLayers(LayerStream, DType, boolean)}, with {@code "jinit.layout"}
     * the layout's name.
     *
     * @param stream the layers
     * @param layout the names and shapes of the tensors
     * @param dtype the element type of every tensor
     * @param seedDrawn whether the stream's seed was drawn because the caller gave none
     * @return the spec, whose seed is the stream's
     * @throws IllegalArgumentException if the layout is {@link Layout#TORCH} and the stream
     *     {@link Rng#NUMPY_LEGACY}
     */
    public static ModelSpec ofLayers(LayerStream stream, Layout layout, DType dtype, boolean seedDrawn) {
        if (layout == null) {
            throw new IllegalArgumentException("layout must not be null: null");
        }
        if (layout == Layout.TORCH && stream.rng() == Rng.NUMPY_LEGACY) {
            throw new IllegalArgumentException("layout torch needs the philox stream: numpy-legacy draws the "
                    + "seed-000 (fan_in, fan_out) arrays in one stream, which the torch layout would transpose: "
                    + stream.rng());
        }
        Map<String, String> model = new LinkedHashMap<>();
        model.put("jinit.rng", stream.rng() == Rng.PHILOX ? "philox" : "numpy-legacy");
        model.put("jinit.method", stream.method().name().toLowerCase(Locale.ROOT));
        model.put("jinit.layers", Arrays.stream(stream.dims()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        model.put("jinit.layout", layout.toString());
        // Shortest decimal on every JDK (see InitializedTensor.configJson).
        stream.scale().ifPresent(scale -> model.put("jinit.scale", NumberOutput.toString(scale, true)));
        List<Parameter> parameters = layout == Layout.KERAS ? kerasLayers(stream, dtype) : torchLayers(stream, dtype);
        return new ModelSpec(stream.seed(), seedDrawn, parameters, model);
    }

    /** The stream's own tensors: its initializers where they reproduce a tensor alone, else its draws. */
    private static List<Parameter> kerasLayers(LayerStream stream, DType dtype) {
        List<Parameter> parameters = new ArrayList<>();
        for (LayerStream.Tensor t : stream.tensors()) {
            parameters.add(t.initializer()
                    .map(init -> new Parameter(t.name(), t.shape(), init, dtype, init.key()))
                    .orElseGet(() -> new Parameter(t.name(), t.shape(), dtype, new Drawn(t))));
        }
        return parameters;
    }

    /**
     * {@code nn.Sequential}'s names and torch's shapes, with the initializers the stream gives its
     * {@link Rng#PHILOX} tensors read in {@link FanConvention#TORCH} and seeded by the torch names.
     */
    private static List<Parameter> torchLayers(LayerStream stream, DType dtype) {
        RandomKey root = RandomKey.of(stream.seed());
        InitMethod method = stream.method();
        int[] dims = stream.dims();
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i + 1 < dims.length; i++) {
            String weight = 2 * i + ".weight";
            String bias = 2 * i + ".bias";
            // RandomKey.of(k.asLong()) == k: each initializer's recorded seed is its key's, so the
            // file's metadata reproduces every tensor alone.
            RandomKey weightKey = root.derive(weight);
            RandomKey biasKey = root.derive(bias);
            Initializer w = method == InitMethod.RANDOM
                    ? KerasCatalogue.randomNormal(0.0, stream.scale().getAsDouble(), weightKey.asLong())
                    : KerasCatalogue.varianceScaling(method.varianceScale(), method.mode(),
                            DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, weightKey.asLong());
            Initializer b = method == InitMethod.RANDOM
                    ? KerasCatalogue.randomNormal(0.0, stream.scale().getAsDouble() * WeightInits.RANDOM_BIAS_RATIO,
                            biasKey.asLong())
                    : KerasCatalogue.zeros();
            parameters.add(new Parameter(weight, Shape.of(dims[i + 1], dims[i]), w, dtype, weightKey));
            parameters.add(new Parameter(bias, Shape.of(dims[i + 1]), b, dtype, biasKey));
        }
        return parameters;
    }

    /**
     * The parameters as tensors to write, in order: see {@link InitializedTensor}.
     *
     * @param filler fills ranges, possibly in parallel (threads never change the values)
     * @return one tensor per parameter
     */
    public List<TensorSource> tensors(ParallelFill filler) {
        List<TensorSource> tensors = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            tensors.add(new InitializedTensor(p, seed, metadata, filler));
        }
        return tensors;
    }

    /**
     * The total number of elements.
     *
     * @return the sum of the parameters' sizes
     * @throws IllegalArgumentException if it overflows a long
     */
    public long totalElements() {
        long total = 0;
        for (Parameter p : parameters) {
            try {
                total = Math.addExact(total, p.shape().size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total element count overflows a long at " + p.name(), e);
            }
        }
        return total;
    }
}
