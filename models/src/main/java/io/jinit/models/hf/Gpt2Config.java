package io.jinit.models.hf;

import java.util.OptionalInt;

/**
 * The keys of a {@code config.json} of {@code model_type: gpt2} that {@link Gpt2Recipe} reads.
 *
 * <p>The sizes {@code vocab_size}, {@code n_positions}, {@code n_embd}, {@code n_layer} and
 * {@code n_head} are required (as for Llama: {@code save_pretrained} always writes them); each
 * may also be given under the name {@code GPT2Config.attribute_map} maps to it
 * ({@code max_position_embeddings}, {@code hidden_size}, {@code num_hidden_layers},
 * {@code num_attention_heads}; {@code configuration_gpt2.py} lines 71-76), which wins where both
 * are given, as in transformers. The other keys take
 * {@code GPT2Config}'s defaults (lines 78-103): {@code n_inner} null, meaning 4 {@code n_embd}
 * ({@code modeling_gpt2.py} line 250), {@code initializer_range} 0.02,
 * {@code add_cross_attention} false, {@code tie_word_embeddings} true. {@code n_embd} must be a
 * multiple of {@code n_head}, as {@code GPT2Attention} requires (lines 83-87).
 *
 * @param architecture {@code GPT2LMHeadModel}, or {@code GPT2Model} or
 *     {@code GPT2ForSequenceClassification} where {@code architectures} names it
 * @param vocabSize {@code vocab_size}
 * @param nPositions {@code n_positions}
 * @param nEmbd {@code n_embd}
 * @param nLayer {@code n_layer}
 * @param nHead {@code n_head}
 * @param nInner {@code n_inner}, 4 {@code n_embd} when absent or null
 * @param addCrossAttention {@code add_cross_attention}: every block has a cross-attention
 * @param tieWordEmbeddings {@code tie_word_embeddings}: {@code lm_head} shares {@code wte}
 * @param initializerRange {@code initializer_range}, in [0, 1]
 * @param numLabels the outputs of {@code GPT2ForSequenceClassification}'s {@code score}: the size of
 *     {@code id2label}, else {@code num_labels}, else 2; 0 for the classes without that head
 * @since 0.1
 */
public record Gpt2Config(String architecture, int vocabSize, int nPositions, int nEmbd, int nLayer, int nHead,
        int nInner, boolean addCrossAttention, boolean tieWordEmbeddings, double initializerRange, int numLabels)
        implements FamilyConfig {

    /**
     * Checks the sizes as transformers does.
     *
     * @param architecture one of {@link HfFamily#GPT2}'s architectures
     * @param vocabSize {@code vocab_size}
     * @param nPositions {@code n_positions}
     * @param nEmbd {@code n_embd}
     * @param nLayer {@code n_layer}
     * @param nHead {@code n_head}
     * @param nInner {@code n_inner}
     * @param addCrossAttention {@code add_cross_attention}
     * @param tieWordEmbeddings {@code tie_word_embeddings}
     * @param initializerRange {@code initializer_range}
     * @param numLabels the number of labels
     * @throws IllegalArgumentException naming the key and the value
     */
    public Gpt2Config {
        if (!HfFamily.GPT2.architectures().contains(architecture)) {
            throw new IllegalArgumentException("architecture must be one of " + HfFamily.GPT2.architectures() + ": "
                    + architecture);
        }
        ConfigKeys.positive("vocab_size", vocabSize);
        ConfigKeys.positive("n_positions", nPositions);
        ConfigKeys.positive("n_embd", nEmbd);
        ConfigKeys.positive("n_layer", nLayer);
        ConfigKeys.positive("n_head", nHead);
        ConfigKeys.positive("n_inner", nInner);
        if (nEmbd % nHead != 0) {
            throw new IllegalArgumentException("n_embd must be a multiple of n_head (" + nHead + "): " + nEmbd);
        }
        ConfigKeys.initializerRange(initializerRange);
        if (architecture.equals("GPT2ForSequenceClassification")) {
            ConfigKeys.positive("num_labels", numLabels);
        } else if (numLabels != 0) {
            throw new IllegalArgumentException("num_labels must be 0 for " + architecture + ": " + numLabels);
        }
    }

    /** Reads the keys of a {@code gpt2} document. */
    static Gpt2Config read(ConfigKeys keys) {
        String architecture = keys.architecture(HfFamily.GPT2);
        int vocab = keys.required("vocab_size");
        int positions = keys.required("n_positions", "max_position_embeddings");
        int embd = keys.required("n_embd", "hidden_size");
        int layers = keys.required("n_layer", "num_hidden_layers");
        int heads = keys.required("n_head", "num_attention_heads");
        ConfigKeys.positive("n_embd", embd);
        OptionalInt inner = keys.optionalInt("n_inner");
        if (inner.isEmpty() && embd > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("n_embd must be at most " + Integer.MAX_VALUE / 4
                    + " when n_inner is 4 n_embd: " + embd);
        }
        return new Gpt2Config(architecture, vocab, positions, embd, layers, heads, inner.orElse(4 * embd),
                keys.bool("add_cross_attention", false), keys.bool("tie_word_embeddings", true),
                keys.number("initializer_range", 0.02),
                architecture.equals("GPT2ForSequenceClassification") ? keys.numLabels() : 0);
    }

    @Override
    public HfFamily family() {
        return HfFamily.GPT2;
    }

    /**
     * Whether the model has the language-modeling head {@code lm_head}.
     *
     * @return true for {@code GPT2LMHeadModel}
     */
    public boolean lmHead() {
        return architecture.equals("GPT2LMHeadModel");
    }

    /**
     * Whether the model has the classification head {@code score}.
     *
     * @return true for {@code GPT2ForSequenceClassification}
     */
    public boolean sequenceClassification() {
        return architecture.equals("GPT2ForSequenceClassification");
    }

    /**
     * Whether the names start with {@code transformer.}: every class but the bare
     * {@code GPT2Model} holds the model under that name.
     *
     * @return false for {@code GPT2Model}
     */
    public boolean prefixed() {
        return !architecture.equals("GPT2Model");
    }

    /**
     * The standard deviation {@code PreTrainedModel._init_weights} gives {@code wte}, {@code wpe}
     * and {@code lm_head}: {@code initializer_range or 0.02} ({@code modeling_utils.py} line 2306).
     *
     * @return the standard deviation
     */
    public double embeddingStd() {
        return initializerRange == 0 ? 0.02 : initializerRange;
    }

    /**
     * The standard deviation of a {@code Conv1D} weight: {@code initializer_range} itself, without
     * the {@code or 0.02} of the generic initialization ({@code modeling_gpt2.py} line 437).
     *
     * @return the standard deviation
     */
    public double conv1dStd() {
        return initializerRange;
    }

    /**
     * The standard deviation of the {@code c_proj} weights of attention and MLP, scaled for the
     * 2 residual additions per block (Radford et al. 2019):
     * <pre>
     *   initializer_range / sqrt(2 * n_layer)        (modeling_gpt2.py lines 448-450)
     * </pre>
     *
     * @return the standard deviation
     */
    public double residualProjectionStd() {
        return initializerRange / Math.sqrt(2.0 * nLayer);
    }
}
