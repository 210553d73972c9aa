package io.jinit.models.keras;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.formats.DType;
import io.jinit.formats.KerasJson;
import io.jinit.formats.ModelSpec;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables Keras 3.15 creates for a model's JSON ({@link KerasModel}), as a {@link ModelSpec}:
 * each named by its {@code variable.path} in the model {@code keras.models.model_from_json}
 * builds from that JSON, with the shape the layer's {@code build} gives it ({@link KerasBuilds}),
 * the initializer its layer's config names (read by {@link Initializers#deserialize}, so with
 * Keras's fans and defaults) and its layer's variable dtype.
 *
 * <p>What Keras adds to a layer's initializer config is added here too: an {@code EinsumDense}
 * kernel (and so each {@code MultiHeadAttention} projection) whose variance-scaling initializer
 * names no {@code input_axes}/{@code output_axes} takes the kernel's input and output axes
 * ({@code _update_kernel_initializer}, {@code layers/core/einsum_dense.py} 165-197 of Keras
 * 3.15.1), so its fans are the products of those axes; an LSTM bias with
 * {@code unit_forget_bias} is {@link UnitForgetBias}.
 *
 * <p>Each variable's values are drawn under {@code RandomKey.of(seed).derive(path)}, so adding a
 * layer changes no other variable, and its recorded initializer names that key's seed. An
 * initializer config that names its own {@code seed} is drawn under that seed instead (Keras
 * semantics: two variables of one shape under one seeded config get the same values, as in Keras).
 *
 * <p>Paths: {@code model_from_json} builds every layer from its {@code build_config} as it reads
 * it, outside the model's name scope, so a path is the layer's name, the cell or sublayer, and
 * the variable's name: {@code dense/kernel}, {@code lstm/lstm_cell/recurrent_kernel},
 * {@code multi_head_attention/query/kernel}, {@code batch_normalization/moving_mean}. A layer of a
 * {@code Sequential} model without a {@code build_config} is built by the model's {@code build},
 * under the model's name: {@code sequential/dense/kernel} ({@link KerasModel}). (A
 * {@code Sequential} model built in Python names all its variables that way; Keras keeps the
 * weights' order and shapes either way.)
 *
 * @since 0.1
 */
public final class KerasRecipe {
    /** The Keras release whose layers this recipe reproduces. */
    public static final String KERAS_VERSION = "3.15.1";

    private KerasRecipe() {
    }

    /**
     * The variables of a model.
     *
     * @param model the model
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because the caller gave none
     * @param dtype the dtype of every variable, or empty for each layer's dtype policy's
     * @return the spec, in the order of {@code model.weights}; its metadata records
     *     {@code jinit.layout} ({@code keras}), {@code jinit.keras.model} (the model's name),
     *     {@code jinit.keras.class_name} and {@code jinit.keras.version}
     * @throws IllegalArgumentException naming the layer and the value if a layer is not
     *     supported, a shape does not resolve or a config is invalid
     */
    public static ModelSpec spec(KerasModel model, long seed, boolean seedDrawn, Optional<DType> dtype) {
        RandomKey root = RandomKey.of(seed);
        List<ModelSpec.Parameter> parameters = new ArrayList<>();
        for (KerasLayer layer : model.layers()) {
            for (KerasVariable v : KerasBuilds.variables(layer)) {
                parameters.add(parameter(layer, v, root, dtype));
            }
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("the model " + model.name() + " has no layer with weights");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("jinit.layout", "keras");
        metadata.put("jinit.keras.model", model.name());
        metadata.put("jinit.keras.class_name", model.className());
        metadata.put("jinit.keras.version", KERAS_VERSION);
        ModelSpec spec = new ModelSpec(seed, seedDrawn, parameters, metadata);
        spec.totalElements();
        return spec;
    }

    private static ModelSpec.Parameter parameter(KerasLayer layer, KerasVariable v, RandomKey root,
            Optional<DType> dtype) {
        Shape shape;
        try {
            shape = Shape.copyOf(v.shape().stream().mapToLong(Long::longValue).toArray());
        } catch (IllegalArgumentException e) {
            throw layer.error("the shape of " + v.path() + " does not resolve: " + v.shape());
        }
        DType type = dtype.orElseGet(() -> DType.ofWritableName(v.dtype()).orElseThrow());
        RandomKey key = root.derive(v.path());
        NamedInitializer init;
        try {
            init = initializer(v, key);
        } catch (IllegalArgumentException e) {
            throw layer.error("initializer of " + v.path() + ": " + e.getMessage());
        }
        Initializer values = init;
        if (v.forgetGateUnits() > 0) {
            // Not registered here: a registration is global, and would add a name to every list
            // of initializers in this JVM. A reader calls UnitForgetBias.register() to read it back.
            values = new UnitForgetBias(v.forgetGateUnits(), init);
        }
        RandomKey used = explicitSeed(v.initializer()) ? init.key() : key;
        return new ModelSpec.Parameter(v.path(), shape, values, type, used);
    }

    /**
     * The variable's initializer: its config, with the variable's fan axes where Keras adds them
     * and the key's seed where the config names none ({@code RandomKey.of(k.asLong())} is
     * {@code k}, so the recorded config reproduces the values alone).
     */
    @SuppressWarnings("unchecked")
    private static NamedInitializer initializer(KerasVariable v, RandomKey key) {
        NamedInitializer given = KerasJson.fromValue(v.initializer());
        Map<String, Object> dict = Initializers.serialize(given);
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) dict.get("config"));
        boolean varianceScaling = KerasCatalogue.MODULE.equals(given.module()) && config.containsKey("input_axes");
        if (v.fanAxes() != null && varianceScaling
                && (config.get("input_axes") == null || config.get("output_axes") == null)) {
            config.put("input_axes", v.fanAxes().input());
            config.put("output_axes", v.fanAxes().output());
        }
        if (config.containsKey("seed") && !explicitSeed(v.initializer())) {
            config.put("seed", key.asLong());
        }
        dict.put("config", config);
        return Initializers.deserialize(dict);
    }

    /** Whether a layer's initializer config names a seed of its own. */
    private static boolean explicitSeed(Object initializer) {
        return initializer instanceof Map<?, ?> dict && dict.get("config") instanceof Map<?, ?> config
                && config.get("seed") != null;
    }
}
