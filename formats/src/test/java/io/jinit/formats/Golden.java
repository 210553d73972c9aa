package io.jinit.formats;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The golden files of scripts/reference/formats_reference.py (numpy 2.4.6, safetensors 0.8.0,
 * torch 2.13.0+cpu) and their reference.json.
 */
final class Golden {
    static final JsonNode REFERENCE = load();

    private Golden() {
    }

    static Path file(String name) {
        // Normalized first: in a named module, a resource name holding ".." finds nothing.
        String resource = URI.create("golden/" + name).normalize().toString();
        try {
            return Path.of(Golden.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }

    static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).longValue();
        }
        return v;
    }

    private static JsonNode load() {
        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        try (InputStream in = Golden.class.getResourceAsStream("golden/reference.json")) {
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
