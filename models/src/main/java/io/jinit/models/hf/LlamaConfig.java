package io.jinit.models.hf;

import java.util.OptionalInt;

/**
 * The keys of a {@code config.json} that {@link LlamaRecipe} reads, for the families of Llama's
 * layout ({@link HfFamily#LLAMA}, {@link HfFamily#MISTRAL}, {@link HfFamily#QWEN2}).
 *
 * <p>The sizes {@code vocab_size}, {@code hidden_size}, {@code intermediate_size},
 * {@code num_hidden_layers} and {@code num_attention_heads} are required, although
 * {@code LlamaConfig} has defaults for them (a 7B model): {@code save_pretrained} always writes
 * them, and a config without them is more likely a mistake than a request for 7 billion
 * parameters. The other keys take {@code LlamaConfig}'s defaults (transformers 5.18,
 * {@code models/llama/configuration_llama.py} lines 64-90): {@code num_key_value_heads} the
 * number of heads, {@code head_dim} {@code hidden_size / num_attention_heads},
 * {@code attention_bias}, {@code mlp_bias} and {@code tie_word_embeddings} false,
 * {@code initializer_range} 0.02, {@code pad_token_id} none; Mistral and Qwen2 differ in
 * {@code num_key_value_heads} ({@link HfFamily}). The {@code architectures} key is not read: the
 * model is the family's {@code ...ForCausalLM}.
 *
 * @param family llama, mistral or qwen2
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads}, the family's default when absent
 * @param headDim {@code head_dim}, {@code hidden_size / num_attention_heads} when absent or null
 * @param attentionBias {@code attention_bias}: q, k, v and o projections have biases
 * @param mlpBias {@code mlp_bias}: gate, up and down projections have biases
 * @param tieWordEmbeddings {@code tie_word_embeddings}: {@code lm_head} shares the embedding
 * @param initializerRange {@code initializer_range}, in [0, 1]
 * @param padTokenId {@code pad_token_id}, empty when absent or null
 * @since 0.1
 */
public record LlamaConfig(HfFamily family, int vocabSize, int hiddenSize, int intermediateSize, int numHiddenLayers,
        int numAttentionHeads, int numKeyValueHeads, int headDim, boolean attentionBias, boolean mlpBias,
        boolean tieWordEmbeddings, double initializerRange, OptionalInt padTokenId) implements FamilyConfig {

    /**
     * Checks the sizes as transformers does.
     *
     * @param family llama, mistral or qwen2
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
     * @throws IllegalArgumentException naming the key and the value
     */
    public LlamaConfig {
        if (family != HfFamily.LLAMA && family != HfFamily.MISTRAL && family != HfFamily.QWEN2) {
            throw new IllegalArgumentException("family must have the Llama layout (llama, mistral, qwen2): "
                    + family.modelType());
        }
        ConfigKeys.positive("vocab_size", vocabSize);
        ConfigKeys.positive("hidden_size", hiddenSize);
        ConfigKeys.positive("intermediate_size", intermediateSize);
        ConfigKeys.positive("num_hidden_layers", numHiddenLayers);
        ConfigKeys.positive("num_attention_heads", numAttentionHeads);
        ConfigKeys.positive("num_key_value_heads", numKeyValueHeads);
        ConfigKeys.positive("head_dim", headDim);
        // LlamaConfig.validate_architecture (configuration_llama.py line 96) refuses this even
        // when head_dim is given; Mistral's and Qwen2's configs do not check it.
        if (family == HfFamily.LLAMA && hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size must be a multiple of num_attention_heads ("
                    + numAttentionHeads + "): " + hiddenSize);
        }
        ConfigKeys.initializerRange(initializerRange);
        ConfigKeys.padTokenId(padTokenId, vocabSize);
    }

    /** Reads the keys of a document of one of the Llama layout's families. */
    static LlamaConfig read(ConfigKeys keys, HfFamily family) {
        int hidden = keys.required("hidden_size");
        int heads = keys.required("num_attention_heads");
        int vocab = keys.required("vocab_size");
        int intermediate = keys.required("intermediate_size");
        int layers = keys.required("num_hidden_layers");
        ConfigKeys.positive("num_attention_heads", heads);
        return new LlamaConfig(family, vocab, hidden, intermediate, layers, heads, keyValueHeads(keys, family, heads),
                headDim(keys, family, hidden / heads), keys.bool("attention_bias", false), keys.bool("mlp_bias", false),
                keys.bool("tie_word_embeddings", false), keys.number("initializer_range", 0.02),
                keys.optionalInt("pad_token_id"));
    }

    /**
     * {@code num_key_value_heads}: where absent, the number of heads for Llama, 8 for Mistral
     * ({@code configuration_mistral.py} line 68), 32 for Qwen2 ({@code configuration_qwen2.py}
     * line 66); null is the number of heads, but Mistral refuses it.
     */
    private static int keyValueHeads(ConfigKeys keys, HfFamily family, int heads) {
        if (!keys.has("num_key_value_heads")) {
            return switch (family) {
                case MISTRAL -> 8;
                case QWEN2 -> 32;
                default -> heads;
            };
        }
        if (keys.isNull("num_key_value_heads") && family == HfFamily.MISTRAL) {
            // MistralConfig's field is an int: transformers refuses null.
            throw new IllegalArgumentException("num_key_value_heads must be an integer for model_type mistral: null");
        }
        return keys.optionalInt("num_key_value_heads").orElse(heads);
    }

    /** {@code head_dim}: hidden / heads where absent or null, except that Qwen2 refuses null. */
    private static int headDim(ConfigKeys keys, HfFamily family, int quotient) {
        if (keys.isNull("head_dim") && family == HfFamily.QWEN2) {
            // Qwen2's attention reads getattr(config, "head_dim", ...): a null there is used as is.
            throw new IllegalArgumentException("head_dim must be an integer for model_type qwen2: null");
        }
        return keys.optionalInt("head_dim").orElse(quotient);
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

    @Override
    public String architecture() {
        return family.architectures().get(0);
    }
}
