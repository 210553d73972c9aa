package io.jinit.cli;

import io.jinit.diagnosis.transformer.ParameterFiller;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.models.hf.Gpt2Config;
import io.jinit.models.hf.HfConfig;
import io.jinit.models.hf.LlamaConfig;
import java.nio.file.Path;

/**
 * A Hugging Face config's decoder stack as the transformer diagnosis runs it, and the recipe with
 * which transformers initializes it.
 *
 * <ul>
 *   <li>gpt2: LayerNorm, pre-norm, tanh GELU ({@code gelu_new}), learned positions, biases;
 *       {@code n_layer}, {@code n_embd}, {@code n_head}, {@code n_inner}. Recipe: every weight
 *       N(0, {@code initializer_range}), the attention and MLP {@code c_proj} N(0,
 *       {@code initializer_range / sqrt(2 n_layer)}) (modeling_gpt2.py).</li>
 *   <li>llama, mistral, qwen2: RMSNorm, pre-norm, SwiGLU, rotary positions;
 *       {@code num_hidden_layers}, {@code hidden_size}, {@code num_attention_heads},
 *       {@code intermediate_size}. Recipe: every weight N(0, {@code initializer_range}) (the
 *       family's {@code _init_weights}). Grouped keys and values ({@code num_key_value_heads} below
 *       the heads) are diagnosed as one key and value per head, drawn from the same
 *       distribution; Qwen2's q, k and v biases start at zero and are left out.</li>
 *   <li>bert is refused: its attention sees every token both ways, and the diagnosis runs causal
 *       decoder stacks.</li>
 * </ul>
 * The depth and the width may be scaled down for speed: a smaller width keeps the head width
 * (fewer heads) and the feed-forward width's ratio to the width.
 */
final class HfTransformerStack {
    private HfTransformerStack() {
    }

    /**
     * Refuses a size option below 1, in the option's words; an option not given passes.
     *
     * @param option the option, e.g. {@code --sequence}
     * @param value its value, or null when not given
     * @throws IllegalArgumentException naming the option and value if it is below 1
     */
    static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(option + " must be >= 1: " + value);
        }
    }

    /**
     * Reads {@code --hf-config}.
     *
     * @param file the config file
     * @return the config
     * @throws IllegalArgumentException naming {@code --hf-config} if it cannot be read or is not a config
     */
    static HfConfig read(Path file) {
        try {
            return HfConfig.read(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hf-config: " + e.getMessage(), e);
        }
    }

    /**
     * The stack of a config.
     *
     * @param config the config
     * @param layers the depth, or null for the config's
     * @param width the width, or null for the config's
     * @param sequence tokens per sequence
     * @param batch sequences
     * @return the shape
     * @throws IllegalArgumentException naming the option or config key at fault
     */
    static TransformerShape shape(HfConfig config, Integer layers, Integer width, int sequence, int batch) {
        if (config.model() instanceof Gpt2Config g) {
            if (g.addCrossAttention()) {
                throw new IllegalArgumentException("--hf-config: add_cross_attention is true; the diagnosis runs "
                        + "decoder stacks without cross-attention");
            }
            if (g.initializerRange() == 0) {
                // transformers' Conv1D weights then start at 0 while the embeddings take 0.02 ("or 0.02").
                throw new IllegalArgumentException("--hf-config: initializer_range 0 starts every Conv1D weight at zero; "
                        + "give the range to diagnose");
            }
            if (sequence > g.nPositions()) {
                throw new IllegalArgumentException("--sequence " + sequence + " is longer than the config's n_positions "
                        + g.nPositions());
            }
            int d = width == null ? g.nEmbd() : width;
            int heads = heads("n_head", g.nHead(), g.nEmbd(), d);
            return new TransformerShape(layers == null ? g.nLayer() : layers, d, heads, scaled(g.nInner(), g.nEmbd(), d),
                    g.vocabSize(), sequence, batch, TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.PRE_NORM,
                    TransformerShape.FeedForward.GELU_TANH, TransformerShape.Position.LEARNED, true);
        }
        if (config.model() instanceof LlamaConfig l) {
            if ((long) l.headDim() * l.numAttentionHeads() != l.hiddenSize()) {
                throw new IllegalArgumentException("--hf-config: head_dim " + l.headDim() + " x num_attention_heads "
                        + l.numAttentionHeads() + " is not hidden_size " + l.hiddenSize() + "; the diagnosis needs "
                        + "heads that split the width");
            }
            int d = width == null ? l.hiddenSize() : width;
            int heads = heads("num_attention_heads", l.numAttentionHeads(), l.hiddenSize(), d);
            return new TransformerShape(layers == null ? l.numHiddenLayers() : layers, d, heads,
                    scaled(l.intermediateSize(), l.hiddenSize(), d), l.vocabSize(), sequence, batch,
                    TransformerShape.Norm.RMS_NORM, TransformerShape.Placement.PRE_NORM,
                    TransformerShape.FeedForward.SWIGLU, TransformerShape.Position.ROTARY, false);
        }
        throw new IllegalArgumentException("--hf-config: model_type " + config.family().modelType() + " is an encoder "
                + "whose attention sees every token both ways; the diagnosis runs causal decoder stacks: gpt2, llama, "
                + "mistral, qwen2");
    }

    /**
     * The recipe with which transformers initializes the config's model, at the diagnosed depth.
     *
     * @param config the config
     * @param shape the diagnosed stack
     * @param seed the seed of the parameter keys
     * @return the filler
     */
    static ParameterFiller configRecipe(HfConfig config, TransformerShape shape, long seed) {
        if (config.model() instanceof Gpt2Config g) {
            return ParameterFiller.gpt2(g.embeddingStd(), shape.layers(), seed);
        }
        return ParameterFiller.normal(((LlamaConfig) config.model()).initStd(), seed);
    }

    /**
     * The config's recipe in words, for reports.
     *
     * @param config the config
     * @param shape the diagnosed stack
     * @return e.g. {@code N(0, 0.02), residual projections N(0, 0.02/sqrt(24))}
     */
    static String describeConfigRecipe(HfConfig config, TransformerShape shape) {
        if (config.model() instanceof Gpt2Config g) {
            return "N(0, " + g.embeddingStd() + "), attention and MLP c_proj N(0, " + g.embeddingStd() + "/sqrt("
                    + 2 * shape.layers() + "))";
        }
        return "N(0, " + ((LlamaConfig) config.model()).initStd() + ") for every weight";
    }

    /**
     * The config's {@code initializer_range}, as transformers reads it ({@code or 0.02} where the
     * family's {@code _init_weights} does).
     *
     * @param config the config
     * @return the standard deviation
     */
    static double initializerRange(HfConfig config) {
        return config.model() instanceof Gpt2Config g ? g.embeddingStd() : ((LlamaConfig) config.model()).initStd();
    }

    /**
     * About the bytes one forward and backward pass of the stack holds: every parameter three times
     * (values, gradients, a transposed copy) and the activations kept for the backward pass, of which
     * the attention probabilities grow with the sequence squared.
     *
     * @param s the stack
     * @return the estimate
     */
    static long bytes(TransformerShape s) {
        long d = s.width();
        long ff = s.feedForwardWidth();
        long perBlock = 4 * d * d + (s.feedForward() == TransformerShape.FeedForward.SWIGLU ? 3 : 2) * d * ff;
        long parameters = (long) s.vocabulary() * d + (long) s.sequence() * d + s.layers() * perBlock;
        long tokens = (long) s.batch() * s.sequence();
        long activations = s.layers() * (tokens * (12 * d + 3 * ff) + 2L * s.batch() * s.heads() * s.sequence()
                * s.sequence());
        return Float.BYTES * (3 * parameters + activations);
    }

    /** The heads at width {@code d}, keeping the config's head width. */
    private static int heads(String key, int heads, int configWidth, int d) {
        int headWidth = configWidth / heads;
        if (d % headWidth != 0) {
            throw new IllegalArgumentException("--width " + d + " is not a multiple of the config's head width "
                    + headWidth + " (" + configWidth + " / " + key + " " + heads + ")");
        }
        return d / headWidth;
    }

    /** A width that keeps its ratio to the stream's width when that is scaled. */
    private static int scaled(int configValue, int configWidth, int d) {
        return (int) Math.max(1, Math.round((double) configValue * d / configWidth));
    }
}
