package io.jinit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
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
            if (config.put(key, value(text)) != null) {
                throw new IllegalArgumentException("--set " + key + " given twice: give each parameter once");
            }
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

    /** Largest {@code --config @FILE} read: a config dict is a few hundred bytes. */
    static final int MAX_CONFIG_BYTES = 1 << 20;

    /**
     * The text of {@code --config}: inline JSON, or {@code @FILE}. The file is read through a
     * stream of at most {@value #MAX_CONFIG_BYTES} + 1 bytes, never by its reported size, so that
     * {@code /dev/zero}, {@code /dev/urandom} and pipes end in a clear refusal instead of filling
     * memory; its bytes must be UTF-8.
     */
    static String configText(String option) {
        if (!option.startsWith("@")) {
            return option;
        }
        String name = option.substring(1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--config @FILE needs a file name: @");
        }
        Path file;
        try {
            file = Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--config file is not a valid path (" + e.getReason() + "): " + name, e);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--config file is a directory: " + name);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--config file does not exist: " + name, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config file cannot be read: " + name + " ("
                    + AtomicFile.reason(e) + ")", e);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw new IllegalArgumentException("--config file is larger than 1 MB: " + name);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--config file is not UTF-8 text: " + name, e);
        }
    }
}
