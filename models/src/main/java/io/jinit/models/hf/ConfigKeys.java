package io.jinit.models.hf;

import io.jinit.formats.Json;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The keys of one {@code config.json} document, read with their types checked: each refusal is an
 * {@link IllegalArgumentException} naming the key and the value as the document spells it.
 */
final class ConfigKeys {
    private final Map<String, Object> document;
    private final String modelType;

    /**
     * Reads keys of a document.
     *
     * @param document the whole document
     * @param modelType its {@code model_type}, named when a required key is missing
     */
    ConfigKeys(Map<String, Object> document, String modelType) {
        this.document = document;
        this.modelType = modelType;
    }

    /** Whether the key is present, whatever its value (null included). */
    boolean has(String key) {
        return document.containsKey(key);
    }

    /** Whether the key is present with the value null. */
    boolean isNull(String key) {
        return document.containsKey(key) && document.get(key) == null;
    }

    /** A whole number that must be there and not null. */
    int required(String key) {
        if (!document.containsKey(key) || document.get(key) == null) {
            throw new IllegalArgumentException("config.json has no " + key + " (required for model_type "
                    + modelType + ")");
        }
        return integer(key, document.get(key));
    }

    /**
     * A whole number that must be there under its name or under the other name transformers maps
     * to it ({@code attribute_map}, e.g. GPT-2's {@code hidden_size} for {@code n_embd}). Where
     * both are there the other name wins, as in transformers 5.18, whose config sets the mapped
     * attributes after its own fields ({@code GPT2Config.from_dict} with {@code n_embd: 64} and
     * {@code hidden_size: 32} has {@code n_embd} 32, in either key order).
     */
    int required(String key, String alias) {
        return document.containsKey(alias) ? required(alias) : required(key);
    }

    /** A whole number, empty where absent or null. */
    OptionalInt optionalInt(String key) {
        Object v = document.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(integer(key, v));
    }

    /** {@code true} or {@code false}, the given value where absent or null. */
    boolean bool(String key, boolean absent) {
        Object v = document.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + " must be true or false: " + Json.write(v));
    }

    /** A number, the given value where absent or null. */
    double number(String key, double absent) {
        Object v = document.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Number n && !(v instanceof BigInteger)) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(key + " must be a number: " + Json.write(v));
    }

    /**
     * The class to build: the first of {@code architectures} (what {@code save_pretrained} writes:
     * the class saved), which must be one of the family's; the family's first where the key is
     * absent, null or an empty list.
     */
    String architecture(HfFamily family) {
        Object v = document.get("architectures");
        if (v == null || v instanceof List<?> l && l.isEmpty()) {
            return family.architectures().get(0);
        }
        if (v instanceof List<?> l && l.get(0) instanceof String first && family.architectures().contains(first)) {
            return first;
        }
        throw new IllegalArgumentException("architectures must name one of " + family.architectures()
                + " for model_type " + family.modelType() + ": " + Json.write(v));
    }

    /**
     * The number of labels of a classification head, as {@code PreTrainedConfig} counts them
     * ({@code configuration_utils.py} lines 327-339): the size of {@code id2label} where given (a
     * {@code num_labels} that disagrees only draws a warning there), else {@code num_labels}, else 2.
     */
    int numLabels() {
        Object labels = document.get("id2label");
        int n;
        if (labels == null) {
            n = optionalInt("num_labels").orElse(2);
            positive("num_labels", n);
        } else if (labels instanceof Map<?, ?> m && !m.isEmpty()) {
            n = m.size();
        } else {
            throw new IllegalArgumentException("id2label must be a non-empty JSON object: " + Json.write(labels));
        }
        return n;
    }

    private static int integer(String key, Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long || v instanceof BigInteger) {
            throw new IllegalArgumentException(key + " must be at most " + Integer.MAX_VALUE + ": " + v);
        }
        throw new IllegalArgumentException(key + " must be an integer: " + Json.write(v));
    }

    /** Refuses a size that is not positive. */
    static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be a positive integer: " + value);
        }
    }

    /** Refuses an {@code initializer_range} outside [0, 1] (NaN included). */
    static void initializerRange(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("initializer_range must be between 0 and 1: " + value);
        }
    }

    /** Refuses a {@code pad_token_id} that is not a row of the embedding. */
    static void padTokenId(OptionalInt padTokenId, int vocabSize) {
        padTokenId.ifPresent(id -> {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("pad_token_id must be between 0 and vocab_size - 1 ("
                        + (vocabSize - 1) + "): " + id);
            }
        });
    }
}
