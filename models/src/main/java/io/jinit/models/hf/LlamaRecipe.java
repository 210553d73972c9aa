package io.jinit.models.hf;

import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;

/**
 * The parameters transformers 5.18 creates for {@code LlamaForCausalLM} (what
 * {@code AutoModelForCausalLM.from_config} builds for {@code model_type: llama}), and for
 * {@code MistralForCausalLM} and {@code Qwen2ForCausalLM}, which share its layout and differ only
 * in their biases ({@link HfFamily}), as a
 * {@link ModelSpec}: the names and shapes of its {@code state_dict} in its order, and the
 * initializers of {@code PreTrainedModel._init_weights}.
 *
 * <pre>
 *   model.embed_tokens.weight                     (vocab, hidden)            normal_(0, std),
 *                                                                            row pad_token_id zeros
 *   model.layers.i.self_attn.q_proj.weight        (heads * head_dim, hidden) normal_(0, std)
 *   model.layers.i.self_attn.k_proj.weight        (kv_heads * head_dim, hidden)
 *   model.layers.i.self_attn.v_proj.weight        (kv_heads * head_dim, hidden)
 *   model.layers.i.self_attn.o_proj.weight        (hidden, heads * head_dim)
 *     each followed by its .bias (out,), zeros_, when attention_bias (Llama); Qwen2: q, k, v always;
 *     Mistral: never
 *   model.layers.i.mlp.gate_proj.weight           (intermediate, hidden)
 *   model.layers.i.mlp.up_proj.weight             (intermediate, hidden)
 *   model.layers.i.mlp.down_proj.weight           (hidden, intermediate)
 *     each followed by its .bias, zeros_, when mlp_bias (Llama only)
 *   model.layers.i.input_layernorm.weight         (hidden,)                  ones_
 *   model.layers.i.post_attention_layernorm.weight (hidden,)                 ones_
 *   model.norm.weight                             (hidden,)                  ones_
 *   lm_head.weight                                (vocab, hidden)            normal_(0, std), unless tied
 * </pre>
 * with {@code std = initializer_range or 0.02} ({@link LlamaConfig#initStd()}). Every tensor is in
 * the dtype given.
 *
 * <p>Implementation note: read from transformers 5.18.0's source (the wheel on disk, 2026-12):
 * {@code models/llama/modeling_llama.py} builds {@code LlamaRMSNorm} with {@code torch.ones}
 * (line 59), the attention's {@code nn.Linear}s (out, in) with {@code bias=attention_bias} and
 * {@code head_dim = getattr(config, "head_dim", hidden_size // num_attention_heads)} (lines
 * 224-241), the MLP's with {@code bias=mlp_bias} (lines 169-171), the decoder layer's two norms
 * (lines 292-293), {@code embed_tokens} with {@code padding_idx = pad_token_id}, {@code layers} and
 * {@code norm} (lines 350-357), and {@code lm_head} without bias (line 431), tied to
 * {@code model.embed_tokens.weight} (line 422) when {@code tie_word_embeddings}, in which case
 * {@code save_pretrained} writes the embedding only. {@code modeling_utils.py}'s
 * {@code PreTrainedModel._init_weights}, which Llama does not override, draws Linear weights and
 * Embedding weights from {@code normal_(mean=0.0, std=std)}, zeroes Linear biases (lines
 * 2315-2327) and sets the weights of modules whose class name holds "RMSNorm" to ones (lines
 * 2336-2343), and zeroes the embedding's row {@code pad_token_id} after its normal draw (lines
 * 2329-2330), which {@link PaddingRowNormal} reproduces. {@code modeling_mistral.py} and
 * {@code modeling_qwen2.py} build the same modules under their own class names (their norms also
 * hold "RMSNorm") and override no initialization; {@link HfFamily} lists where they differ.
 *
 * <p>Each tensor's values are drawn under {@code RandomKey.of(seed).derive(name)}, so adding a
 * layer changes no other tensor; the initializer recorded for it names that key's seed.
 *
 * @since 0.1
 */
public final class LlamaRecipe {
    private LlamaRecipe() {
    }

    /**
     * The parameters of a config's {@code ...ForCausalLM}.
     *
     * @param config the config
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because the caller gave none
     * @param dtype the dtype of every tensor
     * @return the spec; its metadata records {@code jinit.hf.model_type} and
     *     {@code jinit.hf.architecture}
     * @throws IllegalArgumentException if its element count overflows a long
     */
    public static ModelSpec spec(LlamaConfig config, long seed, boolean seedDrawn, DType dtype) {
        ParameterList t = new ParameterList(seed, dtype);
        double std = config.initStd();
        int hidden = config.hiddenSize();
        int qOut = Math.multiplyExact(config.numAttentionHeads(), config.headDim());
        int kvOut = Math.multiplyExact(config.numKeyValueHeads(), config.headDim());
        HfFamily family = config.family();
        boolean qkvBias = switch (family) {
            case MISTRAL -> false;
            case QWEN2 -> true;
            default -> config.attentionBias();
        };
        boolean oBias = family == HfFamily.LLAMA && config.attentionBias();
        boolean mlpBias = family == HfFamily.LLAMA && config.mlpBias();
        t.embedding("model.embed_tokens.weight", config.vocabSize(), hidden, std, config.padTokenId());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String layer = "model.layers." + i + ".";
            t.linear(layer + "self_attn.q_proj", qOut, hidden, qkvBias, std);
            t.linear(layer + "self_attn.k_proj", kvOut, hidden, qkvBias, std);
            t.linear(layer + "self_attn.v_proj", kvOut, hidden, qkvBias, std);
            t.linear(layer + "self_attn.o_proj", hidden, qOut, oBias, std);
            t.linear(layer + "mlp.gate_proj", config.intermediateSize(), hidden, mlpBias, std);
            t.linear(layer + "mlp.up_proj", config.intermediateSize(), hidden, mlpBias, std);
            t.linear(layer + "mlp.down_proj", hidden, config.intermediateSize(), mlpBias, std);
            t.ones(layer + "input_layernorm.weight", hidden);
            t.ones(layer + "post_attention_layernorm.weight", hidden);
        }
        t.ones("model.norm.weight", hidden);
        if (!config.tieWordEmbeddings()) {
            t.linear("lm_head", config.vocabSize(), hidden, false, std);
        }
        return t.spec(seedDrawn, config);
    }
}
