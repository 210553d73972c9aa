package io.jinit.models.hf;

import io.jinit.formats.AtomicFile;
import io.jinit.formats.DType;
import io.jinit.formats.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
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
import java.util.OptionalInt;

/**
 * A Hugging Face {@code config.json} of a decoder whose layout jinit reproduces
 * ({@link HfFamily}: llama, mistral, qwen2), read strictly:
 * an unknown {@code model_type} is refused naming it and the supported ones, a missing size is
 * refused naming it, and every number is checked for its type and range.
 *
 * <p>The sizes {@code vocab_size}, {@code hidden_size}, {@code intermediate_size},
 * {@code num_hidden_layers} and {@code num_attention_heads} are required, although
 * {@code LlamaConfig} has defaults for them (a 7B model): {@code save_pretrained} always writes
 * them, and a config without them is more likely a mistake than a request for 7 billion
 * parameters. The other keys take {@code LlamaConfig}'s defaults (transformers 5.18,
 * {@code models/llama/configuration_llama.py} lines 64-90): {@code num_key_value_heads} the
 * number of heads, {@code head_dim} {@code hidden_size / num_attention_heads},
 * {@code attention_bias}, {@code mlp_bias} and {@code tie_word_embeddings} false,
 * {@code initializer_range} 0.02, {@code pad_token_id} none. Keys jinit does not use (rope,
 * activation, token ids) are kept in {@link #document()} and written back unchanged.
 *
 * @param document the whole document, in its key order
 * @param modelType {@code model_type}
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads}, the number of heads when absent or null
 * @param headDim {@code head_dim}, {@code hidden_size / num_attention_heads} when absent or null
 * @param attentionBias {@code attention_bias}: q, k, v and o projections have biases
 * @param mlpBias {@code mlp_bias}: gate, up and down projections have biases
 * @param tieWordEmbeddings {@code tie_word_embeddings}: {@code lm_head} shares the embedding
 * @param initializerRange {@code initializer_range}, in [0, 1]
 * @param padTokenId {@code pad_token_id}, empty when absent or null
 * @param dtype {@code dtype}, else {@code torch_dtype} (the key transformers 4 wrote), empty
 *     when both are absent or null
 * @since 0.1
 */
public record HfConfig(Map<String, Object> document, String modelType, int vocabSize, int hiddenSize,
        int intermediateSize, int numHiddenLayers, int numAttentionHeads, int numKeyValueHeads, int headDim,
        boolean attentionBias, boolean mlpBias, boolean tieWordEmbeddings, double initializerRange,
        OptionalInt padTokenId, Optional<DType> dtype) {

    /** The {@code model_type}s jinit has a recipe for. */
    public static final List<String> SUPPORTED_MODEL_TYPES = HfFamily.modelTypes();

    /** Config files larger than this are refused (real ones are a few kilobytes). */
    public static final int MAX_BYTES = 16 << 20;

    /** The dtypes a config may name, as transformers spells them. */
    private static final List<String> DTYPES = List.of("float32", "bfloat16", "float16");

    /**
     * Keeps the document's key order and checks the sizes.
     *
     * @param document the whole document, in its key order
     * @param modelType {@code model_type}
     * @param vocabSize {@code vocab_size}
     * @param hiddenSize {@code hidden_size}
     * @param intermediateSize {@code intermediate_size}
     * @param numHiddenLayers {@code num_hidden_layers}
     * @param numAttentionHeads {@code num_attention_heads}
     * @param numKeyValueHeads {@code num_key_value_heads}
     * @param headDim {@code head_dim}
     * @param attentionBias {@code attention_bias}
     * @param mlpBias {@code mlp_bias}
     * @param tieWordEmbeddings {@code tie_word_embeddings}
     * @param initializerRange {@code initializer_range}
     * @param padTokenId {@code pad_token_id}
     * @param dtype {@code dtype}
     */
    public HfConfig {
        document = Collections.unmodifiableMap(new LinkedHashMap<>(document));
        if (!SUPPORTED_MODEL_TYPES.contains(modelType)) {
            throw new IllegalArgumentException("model_type must be one of " + SUPPORTED_MODEL_TYPES + ": " + modelType);
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("head_dim", headDim);
        // LlamaConfig.validate_architecture (configuration_llama.py line 96) refuses this even
        // when head_dim is given; Mistral's and Qwen2's configs do not check it.
        if (HfFamily.LLAMA.modelType().equals(modelType) && hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size must be a multiple of num_attention_heads ("
                    + numAttentionHeads + "): " + hiddenSize);
        }
        if (!(initializerRange >= 0 && initializerRange <= 1)) {
            throw new IllegalArgumentException("initializer_range must be between 0 and 1: " + initializerRange);
        }
        padTokenId.ifPresent(id -> {
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("pad_token_id must be between 0 and vocab_size - 1 ("
                        + (vocabSize - 1) + "): " + id);
            }
        });
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be a positive integer: " + value);
        }
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
        int hidden = required(doc, "hidden_size");
        int heads = required(doc, "num_attention_heads");
        int vocab = required(doc, "vocab_size");
        int intermediate = required(doc, "intermediate_size");
        int layers = required(doc, "num_hidden_layers");
        if (heads <= 0) {
            throw new IllegalArgumentException("num_attention_heads must be a positive integer: " + heads);
        }
        HfFamily family = HfFamily.ofModelType((String) type).orElseThrow();
        return new HfConfig(doc, (String) type, vocab, hidden, intermediate, layers, heads,
                keyValueHeads(doc, family, heads), headDim(doc, family, hidden / heads),
                bool(doc, "attention_bias"), bool(doc, "mlp_bias"), bool(doc, "tie_word_embeddings"),
                number(doc, "initializer_range", 0.02),
                optionalInt(doc, "pad_token_id"),
                dtype(doc, "dtype").or(() -> dtype(doc, "torch_dtype")));
    }

    /**
     * The family of {@link #modelType()}.
     *
     * @return the family
     */
    public HfFamily family() {
        return HfFamily.ofModelType(modelType).orElseThrow();
    }

    /**
     * The standard deviation of the normal weights, as {@code PreTrainedModel._init_weights} takes it:
     * {@code self.config.initializer_range or 0.02} (modeling_utils.py line 2306), so 0 means 0.02.
     *
     * @return the standard deviation
     */
    public double initStd() {
        return initializerRange == 0 ? 0.02 : initializerRange;
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

    /** {@code num_key_value_heads}: the family's default where absent; null is the number of heads, but not for Mistral. */
    private static int keyValueHeads(Map<String, Object> doc, HfFamily family, int heads) {
        if (!doc.containsKey("num_key_value_heads")) {
            return family.keyValueHeadsWhenAbsent().orElse(heads);
        }
        if (doc.get("num_key_value_heads") == null && family == HfFamily.MISTRAL) {
            // MistralConfig's field is an int: transformers refuses null.
            throw new IllegalArgumentException("num_key_value_heads must be an integer for model_type mistral: null");
        }
        return optionalInt(doc, "num_key_value_heads").orElse(heads);
    }

    /** {@code head_dim}: hidden / heads where absent or null, except that Qwen2 refuses null. */
    private static int headDim(Map<String, Object> doc, HfFamily family, int quotient) {
        if (doc.containsKey("head_dim") && doc.get("head_dim") == null && family == HfFamily.QWEN2) {
            // Qwen2's attention reads getattr(config, "head_dim", ...): a null there is used as is.
            throw new IllegalArgumentException("head_dim must be an integer for model_type qwen2: null");
        }
        return optionalInt(doc, "head_dim").orElse(quotient);
    }

    private static int required(Map<String, Object> doc, String key) {
        if (!doc.containsKey(key) || doc.get(key) == null) {
            throw new IllegalArgumentException("config.json has no " + key + " (required for model_type "
                    + doc.get("model_type") + ")");
        }
        return integer(key, doc.get(key));
    }

    private static OptionalInt optionalInt(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(integer(key, v));
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

    private static boolean bool(Map<String, Object> doc, String key) {
        Object v = doc.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(key + " must be true or false: " + Json.write(v));
    }

    private static double number(Map<String, Object> doc, String key, double absent) {
        Object v = doc.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof Number n && !(v instanceof BigInteger)) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(key + " must be a number: " + Json.write(v));
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
