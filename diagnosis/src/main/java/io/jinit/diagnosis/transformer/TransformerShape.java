package io.jinit.diagnosis.transformer;

/**
 * A decoder-only transformer stack and the batch pushed through it.
 *
 * <p>The stack is {@code layers} blocks on a residual stream of {@code width} values per token. Each
 * block has two sublayers, causal self-attention with {@code heads} heads of {@code width / heads}
 * values and a feed-forward network of {@code feedForwardWidth} hidden units, placed on the stream
 * as {@link Placement} says and normalized as {@link Norm} says. Tokens enter through a
 * {@code vocabulary x width} embedding, plus a learned {@code sequence x width} position embedding
 * when {@link Position#LEARNED}; with {@link Position#ROTARY} the queries and keys are turned by their
 * position instead. There is no output head: the loss is taken on the last hidden
 * state (see {@link Transformer}).
 *
 * <p>The two published forms are {@link #gpt2} (LayerNorm, pre-norm, tanh GELU, learned positions,
 * biases) and {@link #llama} (RMSNorm, pre-norm, SwiGLU, rotary positions, no biases). Two constants
 * of the forward pass are set by some initialization schemes and are otherwise 1 and
 * {@code sqrt(width / heads)}: the factor on the skip path of every sublayer ({@code residualScale},
 * DeepNorm's alpha) and the divisor of the attention logits ({@code attentionDivisor}, which muP
 * makes proportional to the head width instead of its square root).
 *
 * @param layers the number of blocks N, &gt;= 1
 * @param width the width d of the residual stream, &gt;= 1
 * @param heads the number of attention heads h, &gt;= 1, dividing {@code width}
 * @param feedForwardWidth the hidden width of the feed-forward network, &gt;= 1
 * @param vocabulary the number of token ids, &gt;= 1
 * @param sequence the sequence length T, &gt;= 1
 * @param batch the number of sequences B, &gt;= 1
 * @param norm LayerNorm or RMSNorm
 * @param placement pre-norm or post-norm
 * @param feedForward the feed-forward network
 * @param position learned position embedding, rotary or none
 * @param biases whether every linear map has a bias (GPT-2, BERT) or none (Llama)
 * @param residualScale the factor alpha on the skip path: {@code alpha x + f(x)}, finite and &gt; 0
 * @param attentionDivisor what the attention logits {@code q · k} are divided by, finite and &gt; 0
 * @since 0.1
 */
public record TransformerShape(int layers, int width, int heads, int feedForwardWidth, int vocabulary, int sequence,
                               int batch, Norm norm, Placement placement, FeedForward feedForward, Position position,
                               boolean biases, double residualScale, double attentionDivisor) {

    /** The normalization of the residual stream. */
    public enum Norm {
        /**
         * LayerNorm (Ba et al. 2016) as {@code torch.nn.LayerNorm}: {@code (x - mean) / sqrt(var + 1e-5) · w + b}
         * over the width, with the biased variance.
         */
        LAYER_NORM(1e-5),
        /**
         * RMSNorm (Zhang and Sennrich 2019) as Llama's {@code LlamaRMSNorm}:
         * {@code x / sqrt(mean(x²) + 1e-6) · w}, no bias.
         */
        RMS_NORM(1e-6);

        private final double epsilon;

        Norm(double epsilon) {
            this.epsilon = epsilon;
        }

        /**
         * The epsilon added to the variance (LayerNorm) or the mean square (RMSNorm).
         *
         * @return 1e-5 or 1e-6
         */
        public double epsilon() {
            return epsilon;
        }
    }

    /** Where the norm sits on the residual stream. */
    public enum Placement {
        /** {@code x + f(Norm(x))}, and a final norm after the last block: GPT-2, Llama. */
        PRE_NORM,
        /** {@code Norm(x + f(x))}: the original Transformer (Vaswani et al. 2017), BERT. */
        POST_NORM,
        /**
         * {@code x + f(x)} with no norm anywhere: the stack T-Fixup (Huang et al. 2020) trains,
         * whose initialization alone keeps the stream in range.
         */
        NO_NORM
    }

    /** The feed-forward network of a block. */
    public enum FeedForward {
        /** {@code down(gelu(up x))} with GPT-2's {@code gelu_new}, the tanh approximation. */
        GELU_TANH,
        /** {@code down(gelu(up x))} with the exact {@code x Φ(x)} of {@code torch.nn.GELU()}, as BERT. */
        GELU_ERF,
        /** {@code down(silu(gate x) ∘ up x)}: Llama (Shazeer 2020). */
        SWIGLU
    }

    /** How positions enter the stream. */
    public enum Position {
        /** A learned position embedding added to the token embedding (GPT-2). */
        LEARNED,
        /**
         * Rotary position embedding of the queries and keys (Llama; Su et al. 2021), base 10000;
         * needs an even head width.
         */
        ROTARY,
        /** No position information. */
        NONE
    }

    /**
     * A stack with the standard forward constants: skip paths of factor 1 and attention logits
     * divided by {@code sqrt(width / heads)} (Vaswani et al. 2017).
     *
     * @param layers the number of blocks N, &gt;= 1
     * @param width the width d of the residual stream, &gt;= 1
     * @param heads the number of attention heads h, &gt;= 1, dividing {@code width}
     * @param feedForwardWidth the hidden width of the feed-forward network, &gt;= 1
     * @param vocabulary the number of token ids, &gt;= 1
     * @param sequence the sequence length T, &gt;= 1
     * @param batch the number of sequences B, &gt;= 1
     * @param norm LayerNorm or RMSNorm
     * @param placement pre-norm, post-norm or none
     * @param feedForward the feed-forward network
     * @param position learned position embedding, rotary or none
     * @param biases whether every linear map has a bias
     * @throws IllegalArgumentException as the canonical constructor
     */
    public TransformerShape(int layers, int width, int heads, int feedForwardWidth, int vocabulary, int sequence,
                            int batch, Norm norm, Placement placement, FeedForward feedForward, Position position,
                            boolean biases) {
        this(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch, norm, placement, feedForward,
                position, biases, 1.0, standardDivisor(width, heads));
    }

    /**
     * Validates the stack.
     *
     * @param layers the number of blocks N, &gt;= 1
     * @param width the width d of the residual stream, &gt;= 1
     * @param heads the number of attention heads h, &gt;= 1, dividing {@code width}
     * @param feedForwardWidth the hidden width of the feed-forward network, &gt;= 1
     * @param vocabulary the number of token ids, &gt;= 1
     * @param sequence the sequence length T, &gt;= 1
     * @param batch the number of sequences B, &gt;= 1
     * @param norm LayerNorm or RMSNorm
     * @param placement pre-norm, post-norm or none
     * @param feedForward the feed-forward network
     * @param position learned position embedding, rotary or none
     * @param biases whether every linear map has a bias
     * @param residualScale the factor alpha on the skip path, finite and &gt; 0
     * @param attentionDivisor what the attention logits are divided by, finite and &gt; 0
     * @throws IllegalArgumentException naming the argument and its value if a size is below 1,
     *     {@code heads} does not divide {@code width}, an enum is null, a rotary embedding meets an odd
     *     head width, a tensor would not fit one array, or a constant is not finite and positive
     */
    public TransformerShape {
        positive("layers", layers);
        positive("width", width);
        positive("heads", heads);
        positive("feedForwardWidth", feedForwardWidth);
        positive("vocabulary", vocabulary);
        positive("sequence", sequence);
        positive("batch", batch);
        if (width % heads != 0) {
            throw new IllegalArgumentException("heads must divide width " + width + ": " + heads);
        }
        notNull("norm", norm);
        notNull("placement", placement);
        notNull("feedForward", feedForward);
        notNull("position", position);
        if (position == Position.ROTARY && (width / heads) % 2 != 0) {
            throw new IllegalArgumentException("a rotary position embedding needs an even head width: width / heads = "
                    + width + " / " + heads + " = " + width / heads);
        }
        fits("batch x sequence", (long) batch * sequence);
        fits("batch x sequence x width", (long) batch * sequence * width);
        fits("batch x sequence x feedForwardWidth", (long) batch * sequence * feedForwardWidth);
        fits("vocabulary x width", (long) vocabulary * width);
        fits("width x feedForwardWidth", (long) width * feedForwardWidth);
        finitePositive("residualScale", residualScale);
        finitePositive("attentionDivisor", attentionDivisor);
    }

    /** {@code sqrt(width / heads)}, or NaN where the canonical constructor will refuse the sizes. */
    private static double standardDivisor(int width, int heads) {
        return heads >= 1 && width >= 1 && width % heads == 0 ? Math.sqrt(width / heads) : Double.NaN;
    }

    /**
     * GPT-2's form (Radford et al. 2019): LayerNorm, pre-norm, tanh GELU, learned positions, biases.
     *
     * @param layers N
     * @param width d
     * @param heads h
     * @param vocabulary the number of token ids
     * @param sequence T
     * @param batch B
     * @return the shape, with a feed-forward width of 4d
     * @throws IllegalArgumentException as the constructor
     */
    public static TransformerShape gpt2(int layers, int width, int heads, int vocabulary, int sequence, int batch) {
        return new TransformerShape(layers, width, heads, 4 * width, vocabulary, sequence, batch, Norm.LAYER_NORM,
                Placement.PRE_NORM, FeedForward.GELU_TANH, Position.LEARNED, true);
    }

    /**
     * Llama's form (Touvron et al. 2023): RMSNorm, pre-norm, SwiGLU, rotary position embedding, no
     * biases.
     *
     * @param layers N
     * @param width d
     * @param heads h, with an even {@code width / heads}
     * @param feedForwardWidth the hidden width of SwiGLU
     * @param vocabulary the number of token ids
     * @param sequence T
     * @param batch B
     * @return the shape
     * @throws IllegalArgumentException as the constructor
     */
    public static TransformerShape llama(int layers, int width, int heads, int feedForwardWidth, int vocabulary,
                                         int sequence, int batch) {
        return new TransformerShape(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch,
                Norm.RMS_NORM, Placement.PRE_NORM, FeedForward.SWIGLU, Position.ROTARY, false);
    }

    /**
     * This shape with another placement of the norms.
     *
     * @param other the placement
     * @return the shape
     */
    public TransformerShape withPlacement(Placement other) {
        return new TransformerShape(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch, norm, other,
                feedForward, position, biases, residualScale, attentionDivisor);
    }

    /**
     * This shape with another factor on the skip paths.
     *
     * @param alpha the factor, finite and &gt; 0
     * @return the shape
     */
    public TransformerShape withResidualScale(double alpha) {
        return new TransformerShape(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch, norm,
                placement, feedForward, position, biases, alpha, attentionDivisor);
    }

    /**
     * This shape with another divisor of the attention logits.
     *
     * @param divisor the divisor, finite and &gt; 0
     * @return the shape
     */
    public TransformerShape withAttentionDivisor(double divisor) {
        return new TransformerShape(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch, norm,
                placement, feedForward, position, biases, residualScale, divisor);
    }

    /**
     * This shape with another depth.
     *
     * @param other N
     * @return the shape
     */
    public TransformerShape withLayers(int other) {
        return new TransformerShape(other, width, heads, feedForwardWidth, vocabulary, sequence, batch, norm,
                placement, feedForward, position, biases, residualScale, attentionDivisor);
    }

    /**
     * The width of one head.
     *
     * @return {@code width / heads}
     */
    public int headWidth() {
        return width / heads;
    }

    /**
     * The number of token positions in the batch.
     *
     * @return {@code batch · sequence}
     */
    public int tokens() {
        return batch * sequence;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + value);
        }
    }

    private static void notNull(String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null: null");
        }
    }

    private static void finitePositive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0: " + value);
        }
    }

    private static void fits(String name, long size) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " must fit one array: " + size);
        }
    }
}
