package io.jinit.models.hf;

import io.jinit.formats.AtomicFile;
import io.jinit.formats.DType;
import io.jinit.formats.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face {@code config.json} of a model whose layout jinit reproduces
 * ({@link HfFamily}: llama, mistral, qwen2, gpt2, bert), read strictly: an unknown
 * {@code model_type} is refused naming it and the supported ones, and the family's keys are read
 * by its own {@link FamilyConfig} ({@link LlamaConfig}, {@link Gpt2Config}, {@link BertConfig}),
 * which names a missing size and checks every number for its type and range. Keys jinit does not
 * use (rope, activation, token ids) are kept in {@link #document()} and written back unchanged.
 *
 * @param document the whole document, in its key order
 * @param model the family's keys
 * @param dtype {@code dtype}, else {@code torch_dtype} (the key transformers 4 wrote), empty
 *     when both are absent or null
 * @since 0.1
 */
public record HfConfig(Map<String, Object> document, FamilyConfig model, Optional<DType> dtype) {

    /** The {@code model_type}s jinit has a recipe for. */
    public static final List<String> SUPPORTED_MODEL_TYPES = HfFamily.modelTypes();

    /** Config files larger than this are refused (real ones are a few kilobytes). */
    public static final int MAX_BYTES = 16 << 20;

    /** The dtypes a config may name, as transformers spells them. */
    private static final List<String> DTYPES = List.of("float32", "bfloat16", "float16");

    /**
     * Keeps the document's key order.
     *
     * @param document the whole document, in its key order
     * @param model the family's keys
     * @param dtype {@code dtype}
     */
    public HfConfig {
        document = Collections.unmodifiableMap(new LinkedHashMap<>(document));
    }

    /**
     * Reads a {@code config.json}; at most {@link #MAX_BYTES} + 1 bytes are read, through a stream,
     * so that a FIFO or a device is refused like a large file.
     *
     * @param file the file
     * @return the config
     * @throws IllegalArgumentException if the file cannot be read, is too large, is not UTF-8 JSON
     *     or not a valid config
     */
    public static HfConfig read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("config file is a directory: " + file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("config file does not exist: " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file cannot be read: " + file + " (" + AtomicFile.reason(e) + ")",
                    e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("config file is larger than " + MAX_BYTES + " bytes: " + file);
        }
        try {
            return parse(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("config file is not UTF-8 text: " + file, e);
        }
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param json the text
     * @return the config
     * @throws IllegalArgumentException naming the key and the value if the text is not a valid config
     */
    @SuppressWarnings("unchecked")
    public static HfConfig parse(String json) {
        Object value = Json.parse("config.json", json);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("config.json must be a JSON object: " + Json.write(value));
        }
        Map<String, Object> doc = (Map<String, Object>) value;
        Object type = doc.get("model_type");
        if (type == null) {
            throw new IllegalArgumentException("config.json has no model_type (one of " + SUPPORTED_MODEL_TYPES + ")");
        }
        if (!(type instanceof String) || !SUPPORTED_MODEL_TYPES.contains(type)) {
            throw new IllegalArgumentException("model_type must be one of " + SUPPORTED_MODEL_TYPES + ": "
                    + Json.write(type));
        }
        HfFamily family = HfFamily.ofModelType((String) type).orElseThrow();
        ConfigKeys keys = new ConfigKeys(doc, (String) type);
        FamilyConfig model = switch (family) {
            case LLAMA, MISTRAL, QWEN2 -> LlamaConfig.read(keys, family);
            case GPT2 -> Gpt2Config.read(keys);
            case BERT -> BertConfig.read(keys);
        };
        return new HfConfig(doc, model, dtype(doc, "dtype").or(() -> dtype(doc, "torch_dtype")));
    }

    /**
     * The family of the config's {@code model_type}.
     *
     * @return the family
     */
    public HfFamily family() {
        return model.family();
    }

    /**
     * The document with its dtype replaced: {@code dtype} set to the given name (transformers 5's
     * key) and {@code torch_dtype} removed, so that {@code from_pretrained(dtype="auto")} loads the
     * dtype written.
     *
     * @param written the dtype of the tensors written
     * @return the JSON text
     */
    public String toJson(DType written) {
        Map<String, Object> out = new LinkedHashMap<>(document);
        out.remove("torch_dtype");
        out.put("dtype", written.lowerCaseName());
        return Json.write(out);
    }

    private static Optional<DType> dtype(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s) || !DTYPES.contains(s)) {
            throw new IllegalArgumentException(key + " must be one of " + DTYPES + ": " + Json.write(v));
        }
        return DType.ofWritableName(s);
    }
}
