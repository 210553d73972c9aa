package io.jinit.models.keras;

import io.jinit.formats.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables each supported Keras layer's {@code build} creates, in creation order, read from
 * the Keras 3.15.1 source (the wheel on disk, {@code keras/src/layers/}, read 2026-12):
 *
 * <pre>
 *   Dense               kernel (in, units), bias (units)
 *   EinsumDense         kernel, bias as the equation gives them (EinsumShapes)
 *   Embedding           embeddings (input_dim, output_dim)
 *   ConvND              kernel (k..., in / groups, filters), bias (filters)
 *   DepthwiseConvND     kernel (k..., in, depth_multiplier), bias (depth_multiplier * in)
 *   SeparableConvND     depthwise_kernel (k..., in, depth_multiplier),
 *                       pointwise_kernel (1..., depth_multiplier * in, filters), bias (filters)
 *   SimpleRNN           simple_rnn_cell/kernel (in, u), .../recurrent_kernel (u, u), .../bias (u)
 *   LSTM                lstm_cell/kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u);
 *                       with unit_forget_bias, UnitForgetBias
 *   GRU                 gru_cell/kernel (in, 3u), recurrent_kernel (u, 3u),
 *                       bias (2, 3u) with reset_after, else (3u)
 *   BatchNormalization  gamma, beta, moving_mean, moving_variance (in[axis])
 *   LayerNormalization  gamma, beta (in[a] for a in sorted(axis))
 *   MultiHeadAttention  query, key, [gate,] value, attention_output: each an EinsumDense's
 *                       kernel and bias
 * </pre>
 *
 * <p>Sources, under {@code keras/src/layers/}: {@code core/dense.py} 124-154,
 * {@code core/einsum_dense.py} 180-230, {@code core/embedding.py} 146-164,
 * {@code convolutional/base_conv.py} 176-222, {@code convolutional/base_depthwise_conv.py}
 * 150-182, {@code convolutional/base_separable_conv.py} 159-206, {@code rnn/simple_rnn.py}
 * 128-150 and 339, {@code rnn/lstm.py} 147-192 and 495, {@code rnn/gru.py} 145-180 and 512,
 * {@code normalization/batch_normalization.py} 240-275,
 * {@code normalization/layer_normalization.py} 153-184,
 * {@code attention/multi_head_attention.py} 266-427.
 *
 * <p>{@code in} is the last dimension of the input shape (the channel axis for convolutions; 1
 * with {@code data_format: channels_first}); gamma, beta and biases exist unless {@code scale},
 * {@code center} or {@code use_bias} is false. Each variable's path is the layer's scope (empty,
 * or the model's name for a layer {@code Sequential.build} builds), the layer's name, the cell or
 * sublayer that creates it, then the variable's name (Keras's name scopes,
 * {@code layers/layer.py} 226-232, 621, 1757-1768).
 *
 * @since 0.1
 */
final class KerasBuilds {
    /** Layer classes whose weights this recipe builds. */
    static final Set<String> SUPPORTED = Set.of("Dense", "EinsumDense", "Embedding", "Conv1D", "Conv2D", "Conv3D",
            "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "SimpleRNN", "LSTM", "GRU",
            "BatchNormalization", "LayerNormalization", "MultiHeadAttention");

    /**
     * Layer classes of Keras 3.15 that create no weights ({@code model.weights} holds none of
     * theirs; dropout layers' seed generators are not weights): they may sit in a model between
     * the supported ones.
     */
    static final Set<String> WEIGHTLESS = Set.of("InputLayer", "Activation", "Dropout", "SpatialDropout1D",
            "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Flatten",
            "Reshape", "Permute", "RepeatVector", "Cropping1D", "Cropping2D", "Cropping3D", "ZeroPadding1D",
            "ZeroPadding2D", "ZeroPadding3D", "UpSampling1D", "UpSampling2D", "UpSampling3D", "MaxPooling1D",
            "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
            "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling1D",
            "GlobalAveragePooling2D", "GlobalAveragePooling3D", "Add", "Subtract", "Multiply", "Average", "Maximum",
            "Minimum", "Concatenate", "Dot", "ReLU", "LeakyReLU", "ELU", "Softmax", "Masking", "Identity",
            "UnitNormalization");

    private static final String ZEROS = "zeros";
    private static final String ONES = "ones";
    private static final String GLOROT_UNIFORM = "glorot_uniform";

    private KerasBuilds() {
    }

    /**
     * The supported layer classes with weights, sorted, for messages.
     *
     * @return the names
     */
    static Set<String> supported() {
        return new TreeSet<>(SUPPORTED);
    }

    /**
     * The variables a layer's {@code build} creates.
     *
     * @param layer the layer
     * @return its variables in creation order; empty for a weightless layer
     * @throws IllegalArgumentException naming the layer if its class is not supported, a shape it
     *     needs is missing or unknown, or its config is invalid
     */
    static List<KerasVariable> variables(KerasLayer layer) {
        if (WEIGHTLESS.contains(layer.className())) {
            return List.of();
        }
        if (!SUPPORTED.contains(layer.className())) {
            throw layer.error("layer class " + layer.className() + " is not supported: the layers with weights "
                    + "supported are " + supported() + ", besides weightless ones (Dropout, Flatten, Concatenate, "
                    + "pooling, ...)");
        }
        String dtype = variableDtype(layer);
        Builder b = new Builder(layer, layer.scope() + layer.name() + "/", dtype);
        switch (layer.className()) {
            case "Dense" -> dense(b);
            case "EinsumDense" -> einsumDense(b, einsum(layer, b.input()), layer.initializer("kernel_initializer",
                    GLOROT_UNIFORM), layer.initializer("bias_initializer", ZEROS));
            case "Embedding" -> embedding(b);
            case "Conv1D", "Conv2D", "Conv3D" -> conv(b, rank(layer));
            case "DepthwiseConv1D", "DepthwiseConv2D" -> depthwiseConv(b, rank(layer));
            case "SeparableConv1D", "SeparableConv2D" -> separableConv(b, rank(layer));
            case "SimpleRNN" -> recurrent(b.in("simple_rnn_cell/"), 1);
            case "LSTM" -> recurrent(b.in("lstm_cell/"), 4);
            case "GRU" -> recurrent(b.in("gru_cell/"), 3);
            case "BatchNormalization" -> batchNormalization(b);
            case "LayerNormalization" -> layerNormalization(b);
            case "MultiHeadAttention" -> multiHeadAttention(b);
            default -> throw new IllegalStateException("a supported class without a build: " + layer.className());
        }
        return b.variables;
    }

    /** Collects a layer's variables under a path prefix. */
    private static final class Builder {
        final KerasLayer layer;
        final String prefix;
        final String dtype;
        final List<KerasVariable> variables;

        Builder(KerasLayer layer, String prefix, String dtype) {
            this(layer, prefix, dtype, new ArrayList<>());
        }

        private Builder(KerasLayer layer, String prefix, String dtype, List<KerasVariable> variables) {
            this.layer = layer;
            this.prefix = prefix;
            this.dtype = dtype;
            this.variables = variables;
        }

        /** The same layer's variables under a sublayer or cell's name scope. */
        Builder in(String scope) {
            return new Builder(layer, prefix + scope, dtype, variables);
        }

        /** The input shape of the layer's {@code build}: {@code input_shape}, or an RNN's {@code sequences_shape}. */
        List<Long> input() {
            return layer.shape(inputArgument());
        }

        /** A dimension of the input shape that must be known. */
        long inputDim(int axis) {
            return layer.dim(inputArgument(), axis);
        }

        /** {@code RNN.build}'s argument is {@code sequences_shape}, which a shapes_dict may name. */
        private String inputArgument() {
            Map<String, List<Long>> shapes = layer.buildShapes();
            return !shapes.containsKey("input_shape") && shapes.containsKey("sequences_shape")
                    ? "sequences_shape" : "input_shape";
        }

        void add(String name, List<Long> shape, Object initializer) {
            variables.add(KerasVariable.of(prefix + name, shape, initializer, dtype));
        }

        void add(String name, List<Long> shape, String initializerKey, String initializerDefault) {
            add(name, shape, layer.initializer(initializerKey, initializerDefault));
        }
    }

    private static void dense(Builder b) {
        KerasLayer layer = b.layer;
        layer.refuseSet("lora_rank", "LoRA adds lora_kernel_a and lora_kernel_b");
        layer.refuseSet("quantization_config", "a quantized layer stores other variables");
        long units = layer.positive("units");
        b.add("kernel", List.of(b.inputDim(-1), units), "kernel_initializer", GLOROT_UNIFORM);
        if (layer.bool("use_bias", true)) {
            b.add("bias", List.of(units), "bias_initializer", ZEROS);
        }
    }

    /**
     * The shapes an {@code EinsumDense} layer's config gives for an input shape.
     *
     * @param layer the layer
     * @param input its input shape
     * @return the shapes
     */
    static EinsumShapes einsum(KerasLayer layer, List<Long> input) {
        layer.refuseSet("lora_rank", "LoRA adds lora_kernel_a and lora_kernel_b");
        layer.refuseSet("quantization_config", "a quantized layer stores other variables");
        String equation = layer.string("equation", null);
        if (equation == null) {
            throw layer.error("equation must be given: null");
        }
        return EinsumShapes.analyze(layer, equation, biasAxes(layer), input, partialOutputShape(layer));
    }

    private static void einsumDense(Builder b, EinsumShapes shapes, Object kernelInitializer, Object biasInitializer) {
        KerasLayer layer = b.layer;
        b.variables.add(new KerasVariable(b.prefix + "kernel", known(layer, "kernel", shapes.kernel()),
                kernelInitializer, new KerasVariable.FanAxes(shapes.inputAxes(), shapes.outputAxes()), 0, b.dtype));
        if (shapes.bias() != null) {
            b.add("bias", known(layer, "bias", shapes.bias()), biasInitializer);
        }
    }

    private static String biasAxes(KerasLayer layer) {
        return layer.string("bias_axes", null);
    }

    /** {@code output_shape}: an integer or a list whose unknown dimensions are null. */
    private static List<Long> partialOutputShape(KerasLayer layer) {
        Object v = layer.config().get("output_shape");
        List<Long> out = new ArrayList<>();
        if (v instanceof Integer || v instanceof Long) {
            out.add(((Number) v).longValue());
            return out;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o != null && !(o instanceof Integer || o instanceof Long)) {
                    throw layer.error("output_shape must hold integers or nulls: " + Json.write(v));
                }
                out.add(o == null ? null : ((Number) o).longValue());
            }
            return out;
        }
        throw layer.error("output_shape must be an integer or a list: " + Json.write(v));
    }

    private static List<Long> known(KerasLayer layer, String what, List<Long> shape) {
        for (Long d : shape) {
            if (d == null || d <= 0) {
                throw layer.error("the " + what + " shape does not resolve to positive sizes: " + Json.write(shape));
            }
        }
        return shape;
    }

    private static void embedding(Builder b) {
        KerasLayer layer = b.layer;
        layer.refuseSet("lora_rank", "LoRA adds lora_embeddings_a and lora_embeddings_b");
        layer.refuseSet("quantization_config", "a quantized layer stores other variables");
        b.add("embeddings", List.of(layer.positive("input_dim"), layer.positive("output_dim")),
                "embeddings_initializer", "uniform");
    }

    private static int rank(KerasLayer layer) {
        String c = layer.className();
        return c.charAt(c.length() - 2) - '0';
    }

    /** The channel axis of the input: last for channels_last, 1 for channels_first. */
    private static long channels(Builder b) {
        String format = b.layer.string("data_format", "channels_last");
        return switch (format) {
            case "channels_last" -> b.inputDim(-1);
            case "channels_first" -> b.inputDim(1);
            default -> throw b.layer.error("data_format must be channels_last or channels_first: " + format);
        };
    }

    private static List<Long> concat(long[] head, long... tail) {
        List<Long> out = new ArrayList<>();
        Arrays.stream(head).forEach(out::add);
        Arrays.stream(tail).forEach(out::add);
        return out;
    }

    private static void conv(Builder b, int rank) {
        KerasLayer layer = b.layer;
        long filters = layer.positive("filters");
        long groups = layer.positive("groups", 1);
        long[] kernelSize = layer.tuple("kernel_size", rank);
        long in = channels(b);
        if (in % groups != 0) {
            throw layer.error("input channels " + in + " must be divisible by groups: " + groups);
        }
        KerasShapes.conv(layer, b.input(), filters);
        b.add("kernel", concat(kernelSize, in / groups, filters), "kernel_initializer", GLOROT_UNIFORM);
        if (layer.bool("use_bias", true)) {
            b.add("bias", List.of(filters), "bias_initializer", ZEROS);
        }
    }

    private static void depthwiseConv(Builder b, int rank) {
        KerasLayer layer = b.layer;
        long multiplier = layer.positive("depth_multiplier");
        long[] kernelSize = layer.tuple("kernel_size", rank);
        long in = channels(b);
        KerasShapes.conv(layer, b.input(), Math.multiplyExact(multiplier, in));
        b.add("kernel", concat(kernelSize, in, multiplier), "depthwise_initializer", GLOROT_UNIFORM);
        if (layer.bool("use_bias", true)) {
            b.add("bias", List.of(Math.multiplyExact(multiplier, in)), "bias_initializer", ZEROS);
        }
    }

    private static void separableConv(Builder b, int rank) {
        KerasLayer layer = b.layer;
        long multiplier = layer.positive("depth_multiplier");
        long filters = layer.positive("filters");
        long[] kernelSize = layer.tuple("kernel_size", rank);
        long in = channels(b);
        long[] ones = new long[rank];
        Arrays.fill(ones, 1);
        KerasShapes.conv(layer, b.input(), filters);
        b.add("depthwise_kernel", concat(kernelSize, in, multiplier), "depthwise_initializer", GLOROT_UNIFORM);
        b.add("pointwise_kernel", concat(ones, Math.multiplyExact(multiplier, in), filters), "pointwise_initializer",
                GLOROT_UNIFORM);
        if (layer.bool("use_bias", true)) {
            b.add("bias", List.of(filters), "bias_initializer", ZEROS);
        }
    }

    /** SimpleRNN (1 gate), GRU (3) and LSTM (4): the cell's kernel, recurrent kernel and bias. */
    private static void recurrent(Builder b, int gates) {
        KerasLayer layer = b.layer;
        long units = layer.positive("units");
        long width = Math.multiplyExact(units, gates);
        b.add("kernel", List.of(b.inputDim(-1), width), "kernel_initializer", GLOROT_UNIFORM);
        b.add("recurrent_kernel", List.of(units, width), "recurrent_initializer", "orthogonal");
        if (!layer.bool("use_bias", true)) {
            return;
        }
        Object bias = layer.initializer("bias_initializer", ZEROS);
        if (gates == 4 && layer.bool("unit_forget_bias", true)) {
            b.variables.add(new KerasVariable(b.prefix + "bias", List.of(width), bias, null, units, b.dtype));
        } else if (gates == 3 && layer.bool("reset_after", true)) {
            b.add("bias", List.of(2L, width), bias);
        } else {
            b.add("bias", List.of(width), bias);
        }
    }

    private static void batchNormalization(Builder b) {
        KerasLayer layer = b.layer;
        if (layer.bool("renorm", false)) {
            throw layer.error("renorm is not supported (it adds moving_stddev, renorm_mean and renorm_stddev): true");
        }
        List<Integer> axis = layer.axes("axis", List.of(-1));
        if (axis.size() != 1) {
            throw layer.error("axis must be one integer: " + Json.write(layer.config().get("axis")));
        }
        List<Long> shape = List.of(b.inputDim(axis.get(0)));
        if (layer.bool("scale", true)) {
            b.add("gamma", shape, "gamma_initializer", ONES);
        }
        if (layer.bool("center", true)) {
            b.add("beta", shape, "beta_initializer", ZEROS);
        }
        b.add("moving_mean", shape, "moving_mean_initializer", ZEROS);
        b.add("moving_variance", shape, "moving_variance_initializer", ONES);
    }

    private static void layerNormalization(Builder b) {
        KerasLayer layer = b.layer;
        // build sorts the axes as given (negative ones first) and takes input_shape[a] for each.
        List<Integer> axes = new ArrayList<>(layer.axes("axis", List.of(-1)));
        axes.sort(null);
        List<Long> shape = new ArrayList<>();
        for (int a : axes) {
            shape.add(b.inputDim(a));
        }
        boolean rms = layer.bool("rms_scaling", false);
        if (layer.bool("scale", true) || rms) {
            b.add("gamma", shape, "gamma_initializer", ONES);
        }
        if (layer.bool("center", true) && !rms) {
            b.add("beta", shape, "beta_initializer", ZEROS);
        }
    }

    /**
     * Four or five {@code EinsumDense} sublayers, each with a clone of the layer's kernel and
     * bias initializers (a fresh seed each unless the config names one), built on the query,
     * key, value and attention shapes; the equations are {@code _build_proj_equation}'s
     * (multi_head_attention.py 948-974).
     */
    private static void multiHeadAttention(Builder b) {
        KerasLayer layer = b.layer;
        long heads = layer.positive("num_heads");
        long keyDim = layer.positive("key_dim");
        long valueDim = layer.positive("value_dim", keyDim);
        boolean useBias = layer.bool("use_bias", true);
        Object kernel = layer.initializer("kernel_initializer", GLOROT_UNIFORM);
        Object bias = layer.initializer("bias_initializer", ZEROS);
        List<Long> query = layer.shape("query_shape");
        List<Long> value = layer.shape("value_shape");
        List<Long> key = layer.buildShapes().containsKey("key_shape") ? layer.shape("key_shape") : value;
        if (!value.subList(1, value.size() - 1).equals(key.subList(1, key.size() - 1))) {
            throw layer.error("value_shape and key_shape must agree but for their last dimension: "
                    + Json.write(value) + " and " + Json.write(key));
        }
        projection(b.in("query/"), query, List.of(heads, keyDim), useBias, kernel, bias, 1);
        projection(b.in("key/"), key, List.of(heads, keyDim), useBias, kernel, bias, 1);
        if (layer.bool("use_gate", false)) {
            projection(b.in("gate/"), query, List.of(heads, valueDim), useBias, kernel, bias, 1);
        }
        projection(b.in("value/"), value, List.of(heads, valueDim), useBias, kernel, bias, 1);
        List<Long> outputShape = layer.config().get("output_shape") == null
                ? List.of(layer.dim("query_shape", -1)) : partialOutputShape(layer);
        // The output projection's input: the query projection's output with value_dim last.
        List<Long> attention = new ArrayList<>(query.subList(0, query.size() - 1));
        attention.add(heads);
        attention.add(valueDim);
        projection(b.in("attention_output/"), attention, outputShape, useBias, kernel, bias, 2);
    }

    /**
     * One projection: {@code _build_proj_equation(rank - 1 - (bound - 1), bound, len(out))}, an
     * {@code EinsumDense} whose output shape is {@code [None] * free + out}.
     */
    private static void projection(Builder b, List<Long> input, List<Long> out, boolean useBias, Object kernel,
            Object bias, int bound) {
        int free = input.size() - bound;
        StringBuilder in = new StringBuilder();
        StringBuilder weight = new StringBuilder();
        StringBuilder output = new StringBuilder();
        StringBuilder biasAxes = new StringBuilder();
        char c = 'a';
        for (int i = 0; i < free; i++, c++) {
            in.append(c);
            output.append(c);
        }
        for (int i = 0; i < bound; i++, c++) {
            in.append(c);
            weight.append(c);
        }
        for (int i = 0; i < out.size(); i++, c++) {
            weight.append(c);
            output.append(c);
            biasAxes.append(c);
        }
        List<Long> partial = new ArrayList<>();
        for (int i = 0; i < output.length() - 1 - out.size(); i++) {
            partial.add(null);
        }
        partial.addAll(out);
        einsumDense(b, EinsumShapes.analyze(b.layer, in + "," + weight + "->" + output,
                useBias ? biasAxes.toString() : null, input, partial), kernel, bias);
    }

    /**
     * The dtype of the layer's variables: its dtype policy's variable dtype ({@code mixed_float16}
     * and {@code mixed_bfloat16} keep float32 variables; Keras's {@code dtype_policies/dtype_policy.py}).
     */
    private static String variableDtype(KerasLayer layer) {
        String policy = layer.dtypePolicy().orElse("float32");
        return switch (policy) {
            case "float32", "mixed_float16", "mixed_bfloat16" -> "float32";
            case "float16", "bfloat16", "float64" -> policy;
            default -> throw layer.error("dtype policy must be one of float32, float16, bfloat16, float64, "
                    + "mixed_float16, mixed_bfloat16: " + policy);
        };
    }
}
