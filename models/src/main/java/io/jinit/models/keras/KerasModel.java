package io.jinit.models.keras;

import io.jinit.formats.AtomicFile;
import io.jinit.formats.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Keras 3 model as {@code model.to_json()} writes it, {@code Sequential} or {@code Functional}:
 * its layers in the JSON's order, each named and with the shapes its {@code build} receives.
 *
 * <p>A layer's build shapes are its {@code build_config} ({@code input_shape}, or
 * {@code shapes_dict} for a layer built with several shapes, such as
 * {@code MultiHeadAttention}'s {@code query_shape} and {@code value_shape}), which Keras writes for
 * every built layer and {@code model_from_json} builds the layer with at once
 * ({@code saving/serialization_lib.py} 785-787, {@code layers/layer.py} 454-493). In a
 * {@code Functional} model a layer without one takes the shapes of the tensors of its first
 * inbound node (the call that builds it; later nodes share its weights), which the JSON records
 * with each tensor ({@code "__keras_tensor__"} with its {@code shape}). In a {@code Sequential}
 * model a layer without one takes the output shape of the layers before it
 * ({@link KerasShapes}), from the model's input shape (its first layer's {@code batch_shape} or
 * its {@code build_input_shape}): {@code Sequential.build} builds it when the model is read, under
 * the model's name scope ({@code models/sequential.py} 144-200, 372-405), so its variables' paths
 * start with the model's name ({@code sequential/dense/kernel}).
 *
 * <p>A layer without a name takes the one Keras's {@code auto_name} gives in a fresh Python
 * process: its class name in snake case ({@code MultiHeadAttention} is
 * {@code multi_head_attention}), followed by {@code _1}, {@code _2}, ... for the second, third,
 * ... such layer ({@code utils/naming.py} 8-32). Two layers of one name are refused, as Keras
 * refuses them.
 *
 * @param className {@code Sequential} or {@code Functional}
 * @param name the model's name
 * @param layers the layers, in the JSON's order (with the input layers)
 * @since 0.1
 */
public record KerasModel(String className, String name, List<KerasLayer> layers) {
    /** Model JSON files larger than this are refused. */
    public static final int MAX_BYTES = 64 << 20;

    private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CAPITALIZED_WORD = Pattern.compile("(.)([A-Z][a-z]+)");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z])([A-Z])");

    /**
     * Copies the list.
     *
     * @param className {@code Sequential} or {@code Functional}
     * @param name the model's name
     * @param layers the layers
     */
    public KerasModel {
        layers = List.copyOf(layers);
    }

    /**
     * Reads a model's JSON file; at most {@link #MAX_BYTES} + 1 bytes are read, through a stream.
     *
     * @param file the file
     * @return the model
     * @throws IllegalArgumentException if the file cannot be read, is too large, is not UTF-8 JSON
     *     or not a supported model
     */
    public static KerasModel read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("model file is a directory: " + file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file does not exist: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("model file cannot be read: " + file + " (" + AtomicFile.reason(e) + ")",
                    e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("model file is larger than " + MAX_BYTES + " bytes: " + file);
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("model file is not UTF-8 text: " + file, e);
        }
    }

    /**
     * Parses the text {@code model.to_json()} writes.
     *
     * @param json the text
     * @return the model
     * @throws IllegalArgumentException naming the layer, the key and the value if it is not a
     *     supported model
     */
    public static KerasModel parse(String json) {
        Map<String, Object> top = object("the model JSON", Json.parse("model JSON", json));
        Object className = top.get("class_name");
        if (!"Sequential".equals(className) && !"Functional".equals(className)) {
            throw new IllegalArgumentException("class_name of the model must be Sequential or Functional: "
                    + Json.write(className));
        }
        Map<String, Object> config = object("config of the model", top.get("config"));
        Object name = config.get("name");
        if (!(name instanceof String modelName)) {
            throw new IllegalArgumentException("config.name of the model must be a string: " + Json.write(name));
        }
        Object layerList = config.get("layers");
        if (!(layerList instanceof List<?> entries)) {
            throw new IllegalArgumentException("config.layers of the model must be a list: " + Json.write(layerList));
        }
        boolean functional = "Functional".equals(className);
        Map<String, Integer> autoNames = new HashMap<>();
        Set<String> names = new HashSet<>();
        List<KerasLayer> layers = new ArrayList<>();
        // A Sequential model's running shape: the output of the layers so far, while Keras builds
        // the model (an InputLayer first, or build_input_shape), with why it is unknown when it is.
        boolean builds = false;
        List<Long> running = null;
        String lostAt = "the model has no InputLayer and no build_input_shape, so Keras does not build it";
        if (!functional && config.get("build_input_shape") != null) {
            running = shape(new KerasLayer(modelName, modelName, "", Map.of(), Map.of()), "build_input_shape",
                    config.get("build_input_shape"));
            builds = true;
        }
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> entry = object("layer " + i, entries.get(i));
            Object layerClass = entry.get("class_name");
            if (!(layerClass instanceof String layerClassName)) {
                throw new IllegalArgumentException("class_name of layer " + i + " must be a string: "
                        + Json.write(layerClass));
            }
            Map<String, Object> layerConfig = object("config of layer " + i + " (" + layerClassName + ")",
                    entry.get("config"));
            String layerName = layerName(i, layerClassName, layerConfig, autoNames);
            if (!names.add(layerName)) {
                throw new IllegalArgumentException("layer names must be unique in a model (Keras refuses a second "
                        + "layer of one name): " + layerName);
            }
            KerasLayer bare = new KerasLayer(layerClassName, layerName, "", layerConfig, Map.of());
            if (!functional && i == 0 && "InputLayer".equals(layerClassName)) {
                running = shape(bare, "batch_shape", layerConfig.get("batch_shape"));
                builds = true;
                layers.add(bare);
                continue;
            }
            // Only layers with weights need their shapes (a merging layer's are lists of shapes).
            boolean weighted = KerasBuilds.SUPPORTED.contains(layerClassName);
            Map<String, List<Long>> shapes = weighted ? buildShapes(bare, entry.get("build_config")) : Map.of();
            String scope = "";
            if (shapes.isEmpty() && weighted && functional) {
                shapes = inboundShapes(bare, entry.get("inbound_nodes"));
            } else if (shapes.isEmpty() && weighted) {
                shapes = sequentialShapes(bare, running, lostAt);
                // Sequential.build builds it under the model's name scope.
                scope = modelName + "/";
            }
            KerasLayer layer = new KerasLayer(layerClassName, layerName, scope, layerConfig, shapes);
            layers.add(layer);
            if (!functional && builds) {
                List<Long> input = shapes.containsKey("input_shape") ? shapes.get("input_shape") : running;
                Optional<List<Long>> output = input == null ? Optional.empty() : KerasShapes.output(layer, input);
                if (input != null && output.isEmpty()) {
                    lostAt = "jinit does not compute the output shape of " + layer.describe();
                }
                running = output.orElse(null);
            }
        }
        return new KerasModel((String) className, modelName, layers);
    }

    /**
     * The input shape {@code Sequential.build} gives a layer without a {@code build_config}: the
     * output shape of the layers before it.
     */
    private static Map<String, List<Long>> sequentialShapes(KerasLayer layer, List<Long> running, String lostAt) {
        if (running == null) {
            throw layer.error("has no build_config, and its input shape does not resolve from the layers before it ("
                    + lostAt + "); write the JSON of a built model");
        }
        if (layer.className().equals("MultiHeadAttention")) {
            throw layer.error("has no build_config: in a Sequential model it has no value to attend to");
        }
        return Map.of("input_shape", running);
    }

    /** The layer's {@code config.name}, or the name Keras's {@code auto_name} gives it. */
    private static String layerName(int index, String className, Map<String, Object> config,
            Map<String, Integer> autoNames) {
        Object name = config.get("name");
        if (name instanceof String s && !s.isEmpty()) {
            return s;
        }
        if (name != null) {
            throw new IllegalArgumentException("config.name of layer " + index + " (" + className
                    + ") must be a non-empty string: " + Json.write(name));
        }
        String prefix = snakeCase(className);
        int seen = autoNames.merge(prefix, 1, Integer::sum) - 1;
        return seen == 0 ? prefix : prefix + "_" + seen;
    }

    /**
     * Keras's {@code to_snake_case} ({@code utils/naming.py} 27-31).
     *
     * @param name a class name
     * @return its snake case
     */
    static String snakeCase(String name) {
        String s = NON_WORD.matcher(name).replaceAll("");
        s = CAPITALIZED_WORD.matcher(s).replaceAll("$1_$2");
        return LOWER_UPPER.matcher(s).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    /** {@code build_config}: {@code {"input_shape": shape}} or {@code {"shapes_dict": {arg: shape}}}. */
    private static Map<String, List<Long>> buildShapes(KerasLayer layer, Object buildConfig) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        if (buildConfig == null) {
            return shapes;
        }
        if (!(buildConfig instanceof Map<?, ?> config)) {
            throw layer.error("build_config must be a dict: " + Json.write(buildConfig));
        }
        if (config.containsKey("input_shape")) {
            shapes.put("input_shape", shape(layer, "build_config.input_shape", config.get("input_shape")));
        } else if (config.get("shapes_dict") instanceof Map<?, ?> dict) {
            for (Map.Entry<?, ?> e : dict.entrySet()) {
                String argument = String.valueOf(e.getKey());
                // A nested structure of shapes (an RNN's initial_state_shape) sizes no weight.
                if (e.getValue() instanceof List<?> dims && dims.stream().anyMatch(d -> d instanceof List)) {
                    continue;
                }
                shapes.put(argument, shape(layer, "build_config.shapes_dict." + argument, e.getValue()));
            }
        } else if (!config.isEmpty()) {
            throw layer.error("build_config must hold input_shape or shapes_dict: " + Json.write(buildConfig));
        }
        return shapes;
    }

    /**
     * The shapes of the tensors of a Functional layer's first inbound node, named as its
     * {@code build} arguments: {@code MultiHeadAttention}'s query, value and key (positional or by
     * keyword), any other layer's first argument.
     */
    private static Map<String, List<Long>> inboundShapes(KerasLayer layer, Object inboundNodes) {
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        if (!(inboundNodes instanceof List<?> nodes) || nodes.isEmpty()) {
            return shapes;
        }
        if (!(nodes.get(0) instanceof Map<?, ?> node)) {
            throw layer.error("inbound_nodes must hold dicts with args and kwargs (the Keras 3 format): "
                    + Json.write(nodes.get(0)));
        }
        List<?> args = node.get("args") instanceof List<?> l ? l : List.of();
        Map<?, ?> kwargs = node.get("kwargs") instanceof Map<?, ?> m ? m : Map.of();
        if (layer.className().equals("MultiHeadAttention")) {
            String[] names = {"query", "value", "key"};
            for (int i = 0; i < names.length; i++) {
                Object tensor = i < args.size() ? args.get(i) : kwargs.get(names[i]);
                if (tensor != null) {
                    shapes.put(names[i] + "_shape", tensorShape(layer, tensor));
                }
            }
        } else if (!args.isEmpty() && args.get(0) instanceof Map) {
            shapes.put("input_shape", tensorShape(layer, args.get(0)));
        }
        return shapes;
    }

    private static List<Long> tensorShape(KerasLayer layer, Object tensor) {
        if (tensor instanceof Map<?, ?> t && "__keras_tensor__".equals(t.get("class_name"))
                && t.get("config") instanceof Map<?, ?> c) {
            return shape(layer, "the shape of an inbound tensor", c.get("shape"));
        }
        throw layer.error("inbound node arguments must be Keras tensors with a shape: " + Json.write(tensor));
    }

    private static List<Long> shape(KerasLayer layer, String what, Object value) {
        if (!(value instanceof List<?> dims)) {
            throw layer.error(what + " must be a list of sizes and nulls: " + Json.write(value));
        }
        List<Long> shape = new ArrayList<>();
        for (Object d : dims) {
            if (d == null) {
                shape.add(null);
            } else if ((d instanceof Integer || d instanceof Long) && ((Number) d).longValue() >= 0) {
                shape.add(((Number) d).longValue());
            } else {
                throw layer.error(what + " must be a list of sizes and nulls: " + Json.write(value));
            }
        }
        return shape;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String what, Object value) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new IllegalArgumentException(what + " must be a JSON object: " + Json.write(value));
    }
}
