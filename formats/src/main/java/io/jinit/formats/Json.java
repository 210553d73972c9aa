package io.jinit.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The Jackson set-up of jinit's files: compact output, and input limits that turn hostile
 * documents (deep nesting, huge strings or numbers) into errors instead of stack or heap
 * exhaustion.
 */
final class Json {
    /** Deepest nesting read; a safetensors header needs 3. */
    static final int MAX_NESTING = 64;
    /** Longest string read, in characters. */
    static final int MAX_STRING = 100_000_000;
    /** Longest number read, in characters. */
    static final int MAX_NUMBER = 100;

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(MAX_NUMBER)
                    .build())
            .build());

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
    }

    static JsonNode read(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }
}
