package io.jinit.models.hf;

import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import java.util.OptionalInt;

/**
 * The parameters transformers 5.18 creates for {@code GPT2LMHeadModel} (what
 * {@code AutoModelForCausalLM.from_config} builds for {@code model_type: gpt2}) or
 * {@code GPT2Model}, as a {@link ModelSpec}: the names and shapes of its {@code state_dict} in
 * its order, and the initializers of {@code GPT2PreTrainedModel._init_weights}.
 *
 * <pre>
 *   transformer.wte.weight                 (vocab, n_embd)         normal_(0, std)
 *   transformer.wpe.weight                 (n_positions, n_embd)   normal_(0, std)
 *   transformer.h.i.ln_1.{weight,bias}     (n_embd,)               ones_, zeros_
 *   transformer.h.i.attn.c_attn.weight     (n_embd, 3 n_embd)      normal_(0, initializer_range)
 *   transformer.h.i.attn.c_proj.weight     (n_embd, n_embd)        normal_(0, initializer_range / sqrt(2 n_layer))
 *   transformer.h.i.ln_2.{weight,bias}     (n_embd,)
 *     with add_cross_attention:
 *   transformer.h.i.crossattention.c_attn.weight (n_embd, 2 n_embd) normal_(0, initializer_range)
 *   transformer.h.i.crossattention.q_attn.weight (n_embd, n_embd)   normal_(0, initializer_range)
 *   transformer.h.i.crossattention.c_proj.weight (n_embd, n_embd)   normal_(0, initializer_range / sqrt(2 n_layer))
 *   transformer.h.i.ln_cross_attn.{weight,bias}  (n_embd,)
 *   transformer.h.i.mlp.c_fc.weight        (n_embd, n_inner)       normal_(0, initializer_range)
 *   transformer.h.i.mlp.c_proj.weight      (n_inner, n_embd)       normal_(0, initializer_range / sqrt(2 n_layer))
 *     each Conv1D weight followed by its .bias (out,), zeros_
 *   transformer.ln_f.{weight,bias}         (n_embd,)
 *   lm_head.weight                         (vocab, n_embd)         normal_(0, std), unless tied
 * </pre>
 * with {@code std = initializer_range or 0.02}. {@code GPT2Model} has the same tensors without
 * the {@code transformer.} prefix and without {@code lm_head};
 * {@code GPT2ForSequenceClassification} has them with the prefix, and instead of {@code lm_head}
 * {@code score.weight} (num_labels, n_embd), {@code normal_(0, std)}, without bias (lines
 * 862-863). Every tensor is in the dtype given.
 *
 * <p>Implementation note: read from transformers 5.18.0's source (the wheel on disk, 2026-12).
 * {@code pytorch_utils.py}'s {@code Conv1D(nf, nx)} holds its weight as (nx, nf), in by out, the
 * transpose of {@code nn.Linear}'s (lines 106-111). {@code models/gpt2/modeling_gpt2.py} builds
 * {@code c_attn} as {@code Conv1D(3 * embed_dim, embed_dim)}, or with a cross-attention
 * {@code Conv1D(2 * embed_dim, embed_dim)} and {@code q_attn}, then {@code c_proj} (lines
 * 102-107); the MLP's {@code c_fc} and {@code c_proj} (lines 233-234) with
 * {@code inner_dim = n_inner or 4 * hidden_size} (line 250); the block's {@code ln_1},
 * {@code attn}, {@code ln_2}, {@code crossattention} and {@code ln_cross_attn}, {@code mlp}
 * (lines 252-260); {@code wte}, {@code wpe} (no {@code padding_idx}), {@code h}, {@code ln_f}
 * (lines 492-497); and {@code lm_head} without bias (line 642), tied to
 * {@code transformer.wte.weight} (line 637) when {@code tie_word_embeddings}, in which case
 * {@code save_pretrained} writes {@code wte} only. No module registers a buffer (the causal
 * mask {@code attn.bias} of earlier versions is gone; line 430 only ignores it on load).
 * {@code GPT2PreTrainedModel._init_weights} (lines 433-450) first calls
 * {@code PreTrainedModel._init_weights} ({@code modeling_utils.py} lines 2305-2345:
 * {@code normal_(0, initializer_range or 0.02)} for the Linear and the Embeddings, ones and zeros
 * for the LayerNorms), then draws each {@code Conv1D} weight from
 * {@code normal_(0, initializer_range)} and zeroes its bias, and for each {@code GPT2Attention} and
 * {@code GPT2MLP} draws {@code c_proj.weight} again from
 * {@code normal_(0, initializer_range / sqrt(2 * n_layer))}. {@code initialize_weights} visits
 * children before their parent (lines 2402-2409), so that last draw is the one kept: every
 * {@code c_proj}, the cross-attention's included, has the scaled standard deviation.
 *
 * <p>References:
 * <ol>
 * <li>Radford, A. <i>et al</i> (2019)
 * <a href="https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf">
 * Language Models are Unsupervised Multitask Learners</a>. OpenAI (section 2.3: residual layers
 * scaled by 1/√N at initialization).</li>
 * </ol>
 *
 * @since 0.1
 */
public final class Gpt2Recipe {
    private Gpt2Recipe() {
    }

    /**
     * The parameters of a config's {@code GPT2LMHeadModel}, {@code GPT2Model} or
     * {@code GPT2ForSequenceClassification}.
     *
     * @param config the config
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because the caller gave none
     * @param dtype the dtype of every tensor
     * @return the spec; its metadata records {@code jinit.hf.model_type} and
     *     {@code jinit.hf.architecture}
     * @throws IllegalArgumentException if its element count overflows a long
     */
    public static ModelSpec spec(Gpt2Config config, long seed, boolean seedDrawn, DType dtype) {
        ParameterList t = new ParameterList(seed, dtype);
        String prefix = config.prefixed() ? "transformer." : "";
        int embd = config.nEmbd();
        double conv = config.conv1dStd();
        double residual = config.residualProjectionStd();
        t.embedding(prefix + "wte.weight", config.vocabSize(), embd, config.embeddingStd(), OptionalInt.empty());
        t.embedding(prefix + "wpe.weight", config.nPositions(), embd, config.embeddingStd(), OptionalInt.empty());
        for (int i = 0; i < config.nLayer(); i++) {
            String block = prefix + "h." + i + ".";
            t.layerNorm(block + "ln_1", embd);
            t.conv1d(block + "attn.c_attn", 3L * embd, embd, conv);
            t.conv1d(block + "attn.c_proj", embd, embd, residual);
            t.layerNorm(block + "ln_2", embd);
            if (config.addCrossAttention()) {
                t.conv1d(block + "crossattention.c_attn", 2L * embd, embd, conv);
                t.conv1d(block + "crossattention.q_attn", embd, embd, conv);
                t.conv1d(block + "crossattention.c_proj", embd, embd, residual);
                t.layerNorm(block + "ln_cross_attn", embd);
            }
            t.conv1d(block + "mlp.c_fc", config.nInner(), embd, conv);
            t.conv1d(block + "mlp.c_proj", embd, config.nInner(), residual);
        }
        t.layerNorm(prefix + "ln_f", embd);
        if (config.lmHead() && !config.tieWordEmbeddings()) {
            t.linear("lm_head", config.vocabSize(), embd, false, config.embeddingStd());
        }
        if (config.sequenceClassification()) {
            t.linear("score", config.numLabels(), embd, false, config.embeddingStd());
        }
        return t.spec(seedDrawn, config);
    }
}
