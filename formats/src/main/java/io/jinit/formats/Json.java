package io.jinit.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one Jackson set-up of jinit's JSON (configs, model specs, safetensors headers): compact
 * output, and input limits that turn hostile documents into errors instead of stack or heap
 * exhaustion: nesting deeper than {@value #MAX_NESTING}, strings and keys longer than
 * {@value #MAX_STRING} characters (bytes in UTF-8 input), numbers longer than
 * {@value #MAX_NUMBER} characters, duplicate keys and trailing content are refused. Keys are
 * allowed as long as strings, not Jackson's default of 50,000, so that every key of a safetensors
 * header within its size limit is read, as the Rust reference reads it. Numbers keep their JSON type (integers stay integers).
 * The model recipes of {@code io.jinit.models} read their definitions through {@link #parse} and
 * {@link #write}, under the same limits.
 *
 * @since 0.1
 */
public final class Json {
    /** Deepest nesting read; the deepest jinit document (a spec holding a Keras config) needs about 6. */
    static final int MAX_NESTING = 64;
    /** Longest string or key read, in characters (bytes in UTF-8 input). */
    static final int MAX_STRING = 100_000_000;
    /** Longest number read, in characters. */
    static final int MAX_NUMBER = 100;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(MAX_STRING)
                            .maxNameLength(MAX_STRING)
                            .maxNumberLength(MAX_NUMBER)
                            .build())
                    // Schubfach: the shortest decimal that reads back, the same text on every JDK
                    // (Double.toString before JDK 19 writes 2.0E23 as 1.9999999999999998E23).
                    .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Parses text to plain values (Map in key order, List, String, Number, Boolean, null), naming
     * what it is on failure.
     *
     * @param what what the text is, for messages ({@code "spec"}, {@code "config.json"})
     * @param json the text
     * @return the value; integers are Integer, Long or BigInteger, other numbers Double
     * @throws IllegalArgumentException naming {@code what} if the text is not valid JSON or passes
     *     a limit
     */
    public static Object parse(String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must not be null: null");
        }
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(what + " is not valid JSON: " + problem(e) + where, e);
        }
    }

    /**
     * What is wrong with a document, in words that name no Jackson class or feature: Jackson's own
     * messages cite {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS} or
     * {@code StreamReadConstraints.getMaxNestingDepth()}, which mean nothing to the author of a
     * spec.
     */
    static String problem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "nested deeper than " + MAX_NESTING + " levels";
            }
            if (message.contains("Number value length")) {
                return "a number longer than " + MAX_NUMBER + " characters";
            }
            return "a string or key longer than " + MAX_STRING + " characters";
        }
        if (message.startsWith("No content to map")) {
            return "the text is empty";
        }
        if (message.contains("Trailing token")) {
            return "there is more text after the JSON value";
        }
        if (message.contains("ALLOW_COMMENTS")) {
            return "comments are not allowed in JSON";
        }
        if (message.startsWith("Duplicate field")) {
            return "duplicate key " + message.substring("Duplicate field ".length());
        }
        // Jackson's hints name its own types and features: "(bound as `java.lang.Object`)",
        // "Feature 'X' not enabled for parser"; the first clause says what is wrong.
        return message.replaceAll("\\s*\\([^()]*`[^()]*\\)", "").replaceAll("\\s*\\(for [^)]*\\)", "").strip();
    }

    /** Parses bytes to a tree. */
    static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * Writes plain values as compact JSON, numbers as the shortest decimal that reads back.
     *
     * @param value Map, List, String, Number, Boolean or null, nested
     * @return the JSON text
     * @throws IllegalArgumentException if the value cannot be written as JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
    }
}
