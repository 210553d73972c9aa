package io.jinit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns {@code --set key=value} pairs and {@code --config} text into config values. */
final class ConfigValues {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConfigValues() {
    }

    /**
     * Parses {@code key=value} pairs. A value is read as JSON when it is a JSON number, boolean,
     * null or list ({@code 0.5}, {@code true}, {@code [0,1]}), and as a string otherwise
     * ({@code mode=fan_out}).
     */
    static Map<String, Object> parseSets(List<String> sets) {
        Map<String, Object> config = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set must be key=value: " + set);
            }
            String key = set.substring(0, eq);
            String text = set.substring(eq + 1);
            config.put(key, value(text));
        }
        return config;
    }

    private static Object value(String text) {
        try {
            Object v = MAPPER.readValue(text, Object.class);
            if (v == null || v instanceof Number || v instanceof Boolean || v instanceof List) {
                return v instanceof Integer ? Long.valueOf((Integer) v) : v;
            }
        } catch (JsonProcessingException notJson) {
            // a bare word such as fan_out is a string
        }
        return text;
    }

    /** The text of {@code --config}: inline JSON, or {@code @file}. */
    static String configText(String option) {
        if (option.startsWith("@")) {
            Path file = Path.of(option.substring(1));
            try {
                if (Files.size(file) > (1 << 20)) {
                    throw new IllegalArgumentException("--config file is larger than 1 MB: " + file);
                }
                return Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("--config file cannot be read: " + file, e);
            }
        }
        return option;
    }
}
