package io.jinit.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.Initializer;
import io.jinit.distribution.Distribution;
import io.jinit.init.DistributionInitializer;
import io.jinit.init.Named;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads the reference fixtures that scripts/reference/*.py computed with real Keras and PyTorch. */
final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/io/jinit/parity/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    static Shape shape(JsonNode array) {
        long[] dims = new long[array.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = array.get(i).asLong();
        }
        return Shape.copyOf(dims);
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /** The distribution an element-wise initializer (possibly under a framework name) gives a shape. */
    static Distribution distribution(Initializer init, Shape shape) {
        Initializer inner = init instanceof Named ? ((Named) init).delegate() : init;
        return ((DistributionInitializer) inner).distribution(shape);
    }
}
