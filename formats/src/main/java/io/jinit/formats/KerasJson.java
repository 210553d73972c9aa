package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import java.util.Map;

/**
 * Initializer configs as JSON text, exactly the dicts {@code keras.initializers.serialize}
 * writes: {@code {"module", "class_name", "config", "registered_name"}}. A config written by real
 * Keras 3 reads here, and one written here reads in real Keras 3 (both checked against Keras
 * 3.15.1, see scripts/reference/keras_configs.py).
 *
 * <p>Reading also accepts what {@code keras.initializers.get} accepts as text: a bare identifier
 * as a JSON string ({@code "he_normal"}), or a dict without {@code module}.
 *
 * @since 0.1
 */
public final class KerasJson {
    private KerasJson() {
    }

    /**
     * The JSON of an initializer's Keras-shaped dict.
     *
     * @param init the initializer
     * @return compact JSON
     */
    public static String write(Initializer init) {
        return Json.write(Initializers.serialize(init));
    }

    /**
     * The initializer a JSON config describes.
     *
     * @param json a Keras-shaped dict, or a JSON string holding an identifier
     * @return the initializer
     * @throws IllegalArgumentException if the JSON is malformed, too deep, or names no initializer
     */
    public static NamedInitializer read(String json) {
        return fromValue(Json.parse("initializer config", json));
    }

    /**
     * The initializer a parsed JSON value describes: an identifier string or a dict.
     *
     * @param value a String or a Map
     * @return the initializer
     */
    /**
     * Parses an initializer config to plain values, so that a caller can inspect or complete it
     * (a command line supplying its run's seed) before {@link #fromValue} builds it.
     *
     * @param json an identifier string or a config dict, as JSON
     * @return a String, or a Map of plain values (Map, List, String, Number, Boolean, null)
     * @throws IllegalArgumentException if the text is not valid JSON, or too deep or long
     */
    public static Object parse(String json) {
        return Json.parse("initializer config", json);
    }

    /**
     * The initializer of a parsed config.
     *
     * @param value an identifier string or a config dict of plain values
     * @return the initializer
     * @throws IllegalArgumentException if the value names no initializer or its config is invalid
     */
    @SuppressWarnings("unchecked")
    public static NamedInitializer fromValue(Object value) {
        if (value instanceof String) {
            return Initializers.get((String) value);
        }
        if (value instanceof Map) {
            return Initializers.deserialize((Map<String, Object>) value);
        }
        throw new IllegalArgumentException("initializer must be an identifier string or a config dict: "
                + Json.write(value));
    }
}
