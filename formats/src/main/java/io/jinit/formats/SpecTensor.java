package io.jinit.formats;

import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.shape.Shape;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parameter of a {@link ModelSpec} as a tensor to write: its values are its initializer's under
 * the parameter's own key, so they depend on the spec's seed and the parameter's name only.
 *
 * @param parameter the parameter
 * @param seed the spec's seed, recorded in the file's metadata
 * @param filler how ranges are filled (threads never change the values)
 * @since 0.1
 */
public record SpecTensor(ModelSpec.Parameter parameter, long seed, ParallelFill filler) implements TensorSource {

    /** Validates the components. */
    public SpecTensor {
        if (parameter == null || filler == null) {
            throw new IllegalArgumentException("parameter and filler must not be null: " + parameter);
        }
    }

    @Override
    public String name() {
        return parameter.name();
    }

    @Override
    public Shape shape() {
        return parameter.shape();
    }

    @Override
    public DType dtype() {
        return DType.valueOf(parameter.dtype().toUpperCase(Locale.ROOT));
    }

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        filler.fill(parameter.initializer(), parameter.shape(), parameter.key(), from, out, offset, length);
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        filler.fill(parameter.initializer(), parameter.shape(), parameter.key(), from, out, offset, length);
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("jinit.seed", Long.toString(seed));
        m.put("jinit.init." + parameter.name(), Json.write(Initializers.serialize(parameter.initializer())));
        return m;
    }
}
