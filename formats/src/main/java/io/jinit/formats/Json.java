package io.jinit.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of jinit's JSON input: hostile documents are refused early
 * (nesting deeper than {@value #MAX_DEPTH}, numbers longer than 1000 digits, strings longer than
 * 10 MB, duplicate keys), and numbers keep their JSON type (integers stay integers).
 */
final class Json {
    /** The deepest nesting any jinit document needs is about 6; 64 leaves room and stops attacks. */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(1000)
                            .maxStringLength(10_000_000)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a document to plain values (Map, List, String, Number, Boolean, null). */
    static Object parse(String what, String json) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must not be null: null");
        }
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage() + where, e);
        }
    }

    /** Writes plain values as compact JSON. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialize", e);
        }
    }
}
