package io.jinit.models.hf;

import java.util.OptionalInt;

/**
 * The keys of a {@code config.json} of {@code model_type: bert} that {@link BertRecipe} reads.
 *
 * <p>The sizes {@code vocab_size}, {@code hidden_size}, {@code num_hidden_layers},
 * {@code num_attention_heads}, {@code intermediate_size}, {@code max_position_embeddings} and
 * {@code type_vocab_size} are required (as for Llama: {@code save_pretrained} always writes them).
 * The other keys take {@code BertConfig}'s defaults (transformers 5.18,
 * {@code models/bert/configuration_bert.py} lines 44-63): {@code pad_token_id} 0 (null: no padding
 * row), {@code initializer_range} 0.02, {@code is_decoder} and {@code add_cross_attention} false,
 * {@code tie_word_embeddings} true. {@code hidden_size} must be a multiple of
 * {@code num_attention_heads} ({@code BertSelfAttention}, {@code modeling_bert.py} lines 142-146),
 * and a cross-attention needs a decoder ({@code BertLayer}, lines 362-364).
 *
 * @param architecture {@code BertModel}, or {@code BertForMaskedLM} or
 *     {@code BertForSequenceClassification} where {@code architectures} names it
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param intermediateSize {@code intermediate_size}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param typeVocabSize {@code type_vocab_size}
 * @param padTokenId {@code pad_token_id}: 0 when absent, empty when null
 * @param addCrossAttention {@code add_cross_attention}: every layer has a cross-attention
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the masked-LM decoder shares the word
 *     embeddings, and its bias {@code cls.predictions.bias}
 * @param initializerRange {@code initializer_range}, in [0, 1]
 * @param numLabels the outputs of {@code BertForSequenceClassification}'s {@code classifier}: the
 *     size of {@code id2label}, else {@code num_labels}, else 2; 0 for the classes without that head
 * @since 0.1
 */
public record BertConfig(String architecture, int vocabSize, int hiddenSize, int numHiddenLayers,
        int numAttentionHeads, int intermediateSize, int maxPositionEmbeddings, int typeVocabSize,
        OptionalInt padTokenId, boolean addCrossAttention, boolean tieWordEmbeddings, double initializerRange,
        int numLabels) implements FamilyConfig {

    /**
     * Checks the sizes as transformers does.
     *
     * @param architecture one of {@link HfFamily#BERT}'s architectures
     * @param vocabSize {@code vocab_size}
     * @param hiddenSize {@code hidden_size}
     * @param numHiddenLayers {@code num_hidden_layers}
     * @param numAttentionHeads {@code num_attention_heads}
     * @param intermediateSize {@code intermediate_size}
     * @param maxPositionEmbeddings {@code max_position_embeddings}
     * @param typeVocabSize {@code type_vocab_size}
     * @param padTokenId {@code pad_token_id}
     * @param addCrossAttention {@code add_cross_attention}
     * @param tieWordEmbeddings {@code tie_word_embeddings}
     * @param initializerRange {@code initializer_range}
     * @param numLabels the number of labels
     * @throws IllegalArgumentException naming the key and the value
     */
    public BertConfig {
        if (!HfFamily.BERT.architectures().contains(architecture)) {
            throw new IllegalArgumentException("architecture must be one of " + HfFamily.BERT.architectures() + ": "
                    + architecture);
        }
        ConfigKeys.positive("vocab_size", vocabSize);
        ConfigKeys.positive("hidden_size", hiddenSize);
        ConfigKeys.positive("num_hidden_layers", numHiddenLayers);
        ConfigKeys.positive("num_attention_heads", numAttentionHeads);
        ConfigKeys.positive("intermediate_size", intermediateSize);
        ConfigKeys.positive("max_position_embeddings", maxPositionEmbeddings);
        ConfigKeys.positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("hidden_size must be a multiple of num_attention_heads ("
                    + numAttentionHeads + "): " + hiddenSize);
        }
        ConfigKeys.padTokenId(padTokenId, vocabSize);
        ConfigKeys.initializerRange(initializerRange);
        if (architecture.equals("BertForSequenceClassification")) {
            ConfigKeys.positive("num_labels", numLabels);
        } else if (numLabels != 0) {
            throw new IllegalArgumentException("num_labels must be 0 for " + architecture + ": " + numLabels);
        }
    }

    /** Reads the keys of a {@code bert} document. */
    static BertConfig read(ConfigKeys keys) {
        String architecture = keys.architecture(HfFamily.BERT);
        int vocab = keys.required("vocab_size");
        int hidden = keys.required("hidden_size");
        int layers = keys.required("num_hidden_layers");
        int heads = keys.required("num_attention_heads");
        int intermediate = keys.required("intermediate_size");
        int positions = keys.required("max_position_embeddings");
        int types = keys.required("type_vocab_size");
        OptionalInt pad = keys.has("pad_token_id") ? keys.optionalInt("pad_token_id") : OptionalInt.of(0);
        boolean crossAttention = keys.bool("add_cross_attention", false);
        if (crossAttention && !keys.bool("is_decoder", false)) {
            throw new IllegalArgumentException("add_cross_attention must be false unless is_decoder is true "
                    + "(BertLayer refuses a cross-attention in an encoder): true");
        }
        return new BertConfig(architecture, vocab, hidden, layers, heads, intermediate, positions, types, pad,
                crossAttention, keys.bool("tie_word_embeddings", true), keys.number("initializer_range", 0.02),
                architecture.equals("BertForSequenceClassification") ? keys.numLabels() : 0);
    }

    @Override
    public HfFamily family() {
        return HfFamily.BERT;
    }

    /**
     * Whether the model is {@code BertForMaskedLM}: no pooler, and the masked-LM head
     * {@code cls.predictions}.
     *
     * @return true for {@code BertForMaskedLM}
     */
    public boolean maskedLm() {
        return architecture.equals("BertForMaskedLM");
    }

    /**
     * Whether the model is {@code BertForSequenceClassification}: the pooler, and the head
     * {@code classifier}.
     *
     * @return true for {@code BertForSequenceClassification}
     */
    public boolean sequenceClassification() {
        return architecture.equals("BertForSequenceClassification");
    }

    /**
     * Whether the names start with {@code bert.}: every class but the bare {@code BertModel} holds
     * the model under that name.
     *
     * @return false for {@code BertModel}
     */
    public boolean prefixed() {
        return !architecture.equals("BertModel");
    }

    /**
     * The standard deviation of every normal weight, as {@code PreTrainedModel._init_weights} takes
     * it: {@code initializer_range or 0.02} ({@code modeling_utils.py} line 2306; BERT's own
     * {@code _init_weights} only adds zeros and buffers, {@code modeling_bert.py} lines 547-554).
     *
     * @return the standard deviation
     */
    public double initStd() {
        return initializerRange == 0 ? 0.02 : initializerRange;
    }
}
