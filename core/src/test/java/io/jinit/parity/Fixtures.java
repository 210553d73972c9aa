package io.jinit.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.Initializer;
import io.jinit.catalogue.Catalogued;
import io.jinit.distribution.Distribution;
import io.jinit.init.DistributionInitializer;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads the reference fixtures that scripts/reference/*.py computed with real Keras and PyTorch. */
public final class Fixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    /**
     * A fixture file of src/test/resources/io/jinit/parity.
     *
     * @param name e.g. "keras.json"
     * @return its tree
     */
    public static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/io/jinit/parity/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixture file as plain Java values (Map, List, Number, String, Boolean, null).
     *
     * @param name e.g. "keras.json"
     * @return its top-level object
     */
    public static Map<String, Object> loadMap(String name) {
        return map(load(name));
    }

    /**
     * A JSON object as a plain map.
     *
     * @param node the object
     * @return the map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(JsonNode node) {
        return MAPPER.convertValue(node, Map.class);
    }

    /**
     * A JSON array of dims as a shape.
     *
     * @param array the dims
     * @return the shape
     */
    public static Shape shape(JsonNode array) {
        long[] dims = new long[array.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = array.get(i).asLong();
        }
        return Shape.copyOf(dims);
    }

    /**
     * A JSON array of numbers.
     *
     * @param array the numbers
     * @return the doubles
     */
    public static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /**
     * The distribution an element-wise initializer (possibly under a framework name) gives a shape.
     *
     * @param init the initializer
     * @param shape the shape
     * @return the distribution
     */
    public static Distribution distribution(Initializer init, Shape shape) {
        Initializer inner = init instanceof Catalogued catalogued ? catalogued.family() : init;
        return ((DistributionInitializer) inner).distribution(shape);
    }
}
