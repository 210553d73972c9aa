package io.jinit.models.keras;

import io.jinit.formats.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The output shape of a layer of a {@code Sequential} model for an input shape, Keras 3.15.1's
 * {@code compute_output_shape}, so that a layer without a {@code build_config} learns its input
 * shape from the layers before it, as {@code Sequential.build} calls them one after the other
 * ({@code models/sequential.py} 164-200). Unknown dimensions are null.
 *
 * <p>Implementation note: {@code Dense} replaces the last dimension by {@code units}
 * ({@code core/dense.py}); {@code EinsumDense} gives the equation's full output shape
 * ({@link EinsumShapes}); {@code Embedding} appends {@code output_dim}; convolutions follow
 * {@code compute_conv_output_shape} ({@code ops/operation_utils.py} 171-251: {@code valid}
 * gives {@code floor((d - dilation (k - 1) - 1) / stride) + 1}, {@code same} and {@code causal}
 * {@code floor((d - 1) / stride) + 1}); recurrent layers give {@code (batch, units)} or with
 * {@code return_sequences} {@code (batch, time, units)} ({@code rnn/rnn.py} 234-255);
 * normalizations, activations and dropouts keep the shape; {@code Flatten} gives
 * {@code (batch, product)} ({@code reshaping/flatten.py} 60-73) and {@code Reshape}
 * {@code (batch, target_shape)} with its {@code -1} resolved. Other layers, and a recurrent
 * layer with {@code return_state}, give no shape here.
 */
final class KerasShapes {
    /** Weightless layers whose output has their input's shape. */
    private static final Set<String> SAME_SHAPE = Set.of("Activation", "Dropout", "SpatialDropout1D",
            "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ReLU",
            "LeakyReLU", "ELU", "Softmax", "Masking", "Identity", "UnitNormalization", "BatchNormalization",
            "LayerNormalization");

    private KerasShapes() {
    }

    /**
     * The layer's output shape.
     *
     * @param layer the layer
     * @param input its input shape
     * @return the output shape, or empty where this class does not compute it
     * @throws IllegalArgumentException naming the layer if the shape does not resolve (a
     *     convolution's output size of zero or less)
     */
    static Optional<List<Long>> output(KerasLayer layer, List<Long> input) {
        String c = layer.className();
        if (SAME_SHAPE.contains(c)) {
            return Optional.of(input);
        }
        return Optional.ofNullable(switch (c) {
            case "Dense" -> replaceLast(layer, input, layer.positive("units"));
            case "EinsumDense" -> KerasBuilds.einsum(layer, input).output();
            case "Embedding" -> {
                List<Long> out = new ArrayList<>(input);
                out.add(layer.positive("output_dim"));
                yield out;
            }
            case "Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D" ->
                    conv(layer, input, layer.positive("filters"));
            case "DepthwiseConv1D", "DepthwiseConv2D" -> conv(layer, input,
                    Math.multiplyExact(layer.positive("depth_multiplier"), inputChannels(layer, input)));
            case "SimpleRNN", "LSTM", "GRU" -> recurrent(layer, input);
            case "MultiHeadAttention" -> layer.config().get("output_shape") == null ? input : null;
            case "Flatten" -> flatten(input);
            case "Reshape" -> reshape(layer, input);
            default -> null;
        });
    }

    private static List<Long> replaceLast(KerasLayer layer, List<Long> input, long last) {
        if (input.isEmpty()) {
            throw layer.error("input shape must have at least one dimension: []");
        }
        List<Long> out = new ArrayList<>(input);
        out.set(out.size() - 1, last);
        return out;
    }

    /**
     * {@code compute_conv_output_shape}: the spatial sizes for a kernel, strides, padding and
     * dilation, with the channel axis {@code channels}.
     *
     * @param layer the convolution layer
     * @param input its input shape
     * @param channels the output channels
     * @return the output shape
     * @throws IllegalArgumentException if an output size is zero or less (Keras's "Computed
     *     output size would be zero or negative")
     */
    static List<Long> conv(KerasLayer layer, List<Long> input, long channels) {
        String className = layer.className();
        int rank = className.charAt(className.length() - 2) - '0';
        if (input.size() != rank + 2) {
            throw layer.error("input shape must have " + (rank + 2) + " dimensions: " + Json.write(input));
        }
        long[] kernel = layer.tuple("kernel_size", rank);
        long[] strides = layer.tuple("strides", rank, 1);
        long[] dilation = layer.tuple("dilation_rate", rank, 1);
        String padding = layer.string("padding", "valid").toLowerCase(Locale.ROOT);
        boolean channelsLast = "channels_last".equals(layer.string("data_format", "channels_last"));
        int first = channelsLast ? 1 : 2;
        List<Long> out = new ArrayList<>(input);
        for (int i = 0; i < rank; i++) {
            Long d = input.get(first + i);
            if (d == null) {
                continue;
            }
            long size = switch (padding) {
                case "valid" -> Math.floorDiv(d - dilation[i] * (kernel[i] - 1) - 1, strides[i]) + 1;
                case "same", "causal" -> Math.floorDiv(d - 1, strides[i]) + 1;
                default -> throw layer.error("padding must be valid, same or causal: " + padding);
            };
            if (size <= 0) {
                throw layer.error("the output size of input shape " + Json.write(input) + " is zero or negative "
                        + "for kernel_size, strides and dilation_rate " + Json.write(layer.config().get("kernel_size"))
                        + ", " + Json.write(layer.config().get("strides")) + ", "
                        + Json.write(layer.config().get("dilation_rate")) + ": " + size);
            }
            out.set(first + i, size);
        }
        out.set(channelsLast ? rank + 1 : 1, channels);
        return out;
    }

    /** The input's channels: its last dimension, or its second under channels_first. */
    private static long inputChannels(KerasLayer layer, List<Long> input) {
        boolean channelsLast = "channels_last".equals(layer.string("data_format", "channels_last"));
        int axis = channelsLast ? input.size() - 1 : Math.min(1, input.size() - 1);
        Long channels = input.isEmpty() ? null : input.get(axis);
        if (channels == null) {
            throw layer.error("the channels of input shape " + Json.write(input) + " must be known: null");
        }
        return channels;
    }

    private static List<Long> recurrent(KerasLayer layer, List<Long> input) {
        if (layer.bool("return_state", false)) {
            return null;
        }
        if (input.size() != 3) {
            throw layer.error("input shape must have 3 dimensions (batch, time, features): " + Json.write(input));
        }
        List<Long> out = new ArrayList<>();
        out.add(input.get(0));
        if (layer.bool("return_sequences", false)) {
            out.add(input.get(1));
        }
        out.add(layer.positive("units"));
        return out;
    }

    private static List<Long> flatten(List<Long> input) {
        Long product = 1L;
        for (Long d : input.subList(1, input.size())) {
            product = d == null || product == null ? null : Math.multiplyExact(product, d);
        }
        List<Long> out = new ArrayList<>();
        out.add(input.get(0));
        out.add(product);
        return out;
    }

    /** {@code compute_reshape_output_shape}: {@code target_shape}, its {@code -1} resolved when the sizes are known. */
    private static List<Long> reshape(KerasLayer layer, List<Long> input) {
        Object target = layer.config().get("target_shape");
        if (!(target instanceof List<?> dims)) {
            throw layer.error("target_shape must be a list: " + Json.write(target));
        }
        List<Long> out = new ArrayList<>();
        out.add(input.get(0));
        Long known = 1L;
        for (Long d : input.subList(1, input.size())) {
            known = d == null || known == null ? null : Math.multiplyExact(known, d);
        }
        int free = -1;
        long product = 1;
        for (Object o : dims) {
            if (!(o instanceof Integer || o instanceof Long)) {
                throw layer.error("target_shape must hold integers: " + Json.write(target));
            }
            long d = ((Number) o).longValue();
            if (d == -1) {
                free = out.size();
                out.add(null);
            } else {
                product = Math.multiplyExact(product, d);
                out.add(d);
            }
        }
        if (free >= 0 && known != null && product > 0) {
            out.set(free, known / product);
        }
        return out;
    }
}
