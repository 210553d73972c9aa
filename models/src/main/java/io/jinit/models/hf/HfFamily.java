package io.jinit.models.hf;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Hugging Face model types jinit has a recipe for, and the classes of each that it builds
 * (transformers 5.18 source, {@code models/<type>/configuration_<type>.py} and
 * {@code modeling_<type>.py}): decoders of Llama's layout ({@link LlamaRecipe}), GPT-2
 * ({@link Gpt2Recipe}) and BERT ({@link BertRecipe}).
 *
 * @since 0.1
 */
public enum HfFamily {
    /**
     * {@code LlamaForCausalLM}: biases of q, k, v and o where {@code attention_bias}, of the MLP
     * where {@code mlp_bias}; {@code num_key_value_heads} defaults to the number of heads;
     * {@code hidden_size} must be a multiple of {@code num_attention_heads}.
     */
    LLAMA("LlamaForCausalLM"),
    /**
     * {@code MistralForCausalLM}: no biases whatever the config says (modeling_mistral.py lines
     * 41-43, 134-137); {@code num_key_value_heads} defaults to 8 (configuration_mistral.py line
     * 68) and may not be null.
     */
    MISTRAL("MistralForCausalLM"),
    /**
     * {@code Qwen2ForCausalLM}: biases of q, k and v, none of o and the MLP (modeling_qwen2.py lines
     * 41-43, 189-192); {@code num_key_value_heads} defaults to 32 (configuration_qwen2.py line 66),
     * null meaning the number of heads; {@code head_dim} is not a key of its config, and is used
     * where given.
     */
    QWEN2("Qwen2ForCausalLM"),
    /**
     * {@code GPT2LMHeadModel} ({@code AutoModelForCausalLM}), or where {@code architectures} names
     * it {@code GPT2Model} ({@code AutoModel}) or {@code GPT2ForSequenceClassification}
     * ({@code AutoModelForSequenceClassification}).
     */
    GPT2("GPT2LMHeadModel", "GPT2Model", "GPT2ForSequenceClassification"),
    /**
     * {@code BertModel} ({@code AutoModel}), or where {@code architectures} names it
     * {@code BertForMaskedLM} ({@code AutoModelForMaskedLM}) or
     * {@code BertForSequenceClassification} ({@code AutoModelForSequenceClassification}).
     */
    BERT("BertModel", "BertForMaskedLM", "BertForSequenceClassification");

    private final List<String> architectures;

    HfFamily(String... architectures) {
        this.architectures = List.of(architectures);
    }

    /**
     * The {@code model_type} of the config, as transformers spells it.
     *
     * @return e.g. {@code "llama"}
     */
    public String modelType() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The classes jinit builds for it; the first is built when the config's {@code architectures}
     * names none.
     *
     * @return e.g. {@code [GPT2LMHeadModel, GPT2Model]}
     */
    public List<String> architectures() {
        return architectures;
    }

    /**
     * The family of a {@code model_type}.
     *
     * @param modelType the config's {@code model_type}
     * @return the family, or empty for a type jinit has no recipe for
     */
    public static Optional<HfFamily> ofModelType(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelType().equals(modelType)).findFirst();
    }

    /**
     * The supported {@code model_type}s, in declaration order.
     *
     * @return {@code [llama, mistral, qwen2, gpt2, bert]}
     */
    public static List<String> modelTypes() {
        return Arrays.stream(values()).map(HfFamily::modelType).toList();
    }
}
