package io.jinit.formats;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.compat.LayerStream;
import io.jinit.compat.Rng;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A tensor of the layer facade ({@link io.jinit.compat.WeightInits}) streamed to a file: its
 * values are computed chunk by chunk as the writer asks for them, so a model of any size is
 * written in bounded memory. float32 and the half types are the facade's float64 values rounded
 * once.
 *
 * <p>Metadata, in this order: {@code "jinit.seed"}, {@code "jinit.rng"} ({@code philox} or
 * {@code numpy-legacy}), {@code "jinit.method"} ({@code he}, {@code xavier}, {@code lecun} or
 * {@code random}), {@code "jinit.layers"} (the sizes, {@code 784,128,10}), {@code "jinit.scale"}
 * (random only), then {@code "jinit.init.NAME"} for each tensor an initializer reproduces on its
 * own ({@link LayerStream.Tensor#initializer()}), as for {@link SpecTensor}.
 *
 * @param tensor the facade's tensor
 * @param dtype the element type written
 * @param filler fills Philox ranges, possibly in parallel (threads never change the values)
 * @param modelMetadata the model's entries, shared by its tensors
 * @since 0.1
 */
public record LayerTensor(LayerStream.Tensor tensor, DType dtype, ParallelFill filler,
        Map<String, String> modelMetadata) implements TensorSource {

    /**
     * Validates the components and keeps the metadata's order.
     *
     * @param tensor the facade's tensor
     * @param dtype the element type written
     * @param filler fills Philox ranges, possibly in parallel (threads never change the values)
     * @param modelMetadata the model's entries, shared by its tensors
     */
    public LayerTensor {
        if (tensor == null || filler == null || modelMetadata == null) {
            throw new IllegalArgumentException("tensor, filler and modelMetadata must not be null: " + tensor);
        }
        if (dtype == null || !dtype.isWritable()) {
            throw new IllegalArgumentException("dtype of " + tensor.name() + " must be a writable float type: "
                    + dtype);
        }
        modelMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(modelMetadata));
    }

    /**
     * Every tensor of a stream, in its order, with the model's metadata.
     *
     * @param stream the layers
     * @param dtype the element type written
     * @param filler fills Philox ranges
     * @return the tensors, {@code layers.0.weight}, {@code layers.0.bias}, ...
     */
    public static List<TensorSource> of(LayerStream stream, DType dtype, ParallelFill filler) {
        Map<String, String> model = new LinkedHashMap<>();
        model.put("jinit.seed", Long.toString(stream.seed()));
        model.put("jinit.rng", stream.rng() == Rng.PHILOX ? "philox" : "numpy-legacy");
        model.put("jinit.method", stream.method().name().toLowerCase(Locale.ROOT));
        model.put("jinit.layers", Arrays.stream(stream.dims()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        if (!Double.isNaN(stream.scale())) {
            // Shortest decimal on every JDK (see SpecTensor.configJson).
            model.put("jinit.scale", NumberOutput.toString(stream.scale(), true));
        }
        List<TensorSource> sources = new ArrayList<>();
        for (LayerStream.Tensor t : stream.tensors()) {
            sources.add(new LayerTensor(t, dtype, filler, model));
        }
        return sources;
    }

    /** Initializer values: a non-finite one means its parameters overflow the dtype. */
    @Override
    public boolean finiteValues() {
        return true;
    }

    @Override
    public String name() {
        return tensor.name();
    }

    @Override
    public Shape shape() {
        return tensor.shape();
    }

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        tensor.fill(from, out, offset, length, filler);
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        tensor.fill(from, out, offset, length, filler);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>(modelMetadata);
        Optional<Initializer> init = tensor.initializer();
        init.ifPresent(i -> m.put("jinit.init." + tensor.name(), SpecTensor.configJson(i, i.key())));
        return m;
    }
}
