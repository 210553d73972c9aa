package io.jinit.diagnosis.transformer;

/**
 * An encoder-decoder transformer (Vaswani et al. 2017) and the batch of sentence pairs pushed
 * through it. The encoder is {@code layers} blocks of self-attention without a mask and a
 * feed-forward network on a stream of {@code sourceSequence} tokens; the decoder is {@code layers}
 * blocks of causal self-attention, cross-attention on the encoder's output and a feed-forward
 * network on a stream of {@code targetSequence} tokens. Both streams are {@code width} wide, with
 * {@code heads} heads of {@code width / heads} values, LayerNorm, biases on every linear map, learned
 * position embeddings (Vaswani et al. add fixed sinusoids; a learned table is what
 * {@link TransformerShape.Position#LEARNED} gives the decoder-only stack) and a
 * {@code vocabulary x width} token embedding per side. The logits are divided by
 * {@code sqrt(width / heads)} and the skip paths have factor 1.
 *
 * @param layers the number of blocks N of each of the encoder and the decoder, &gt;= 1
 * @param width the width d of both streams, &gt;= 1
 * @param heads the number of attention heads h, &gt;= 1, dividing {@code width}
 * @param feedForwardWidth the hidden width of the feed-forward networks, &gt;= 1
 * @param vocabulary the number of token ids of each side, &gt;= 1
 * @param sourceSequence the source length, &gt;= 1
 * @param targetSequence the target length, &gt;= 1
 * @param batch the number of sentence pairs B, &gt;= 1
 * @param placement pre-norm or post-norm, in both stacks
 * @param feedForward the feed-forward network
 * @since 0.1
 */
public record EncoderDecoderShape(int layers, int width, int heads, int feedForwardWidth, int vocabulary,
                                  int sourceSequence, int targetSequence, int batch,
                                  TransformerShape.Placement placement, TransformerShape.FeedForward feedForward) {
    /**
     * Validates the shape.
     *
     * @param layers N, &gt;= 1
     * @param width d, &gt;= 1
     * @param heads h, &gt;= 1, dividing {@code width}
     * @param feedForwardWidth the hidden width, &gt;= 1
     * @param vocabulary the number of token ids, &gt;= 1
     * @param sourceSequence the source length, &gt;= 1
     * @param targetSequence the target length, &gt;= 1
     * @param batch B, &gt;= 1
     * @param placement pre-norm or post-norm
     * @param feedForward the feed-forward network
     * @throws IllegalArgumentException naming the argument and its value if a size is below 1,
     *     {@code heads} does not divide {@code width}, the placement is neither pre-norm nor post-norm,
     *     the network is null or a tensor would not fit one array
     */
    public EncoderDecoderShape {
        if (placement != TransformerShape.Placement.PRE_NORM && placement != TransformerShape.Placement.POST_NORM) {
            throw new IllegalArgumentException("placement must be PRE_NORM or POST_NORM: " + placement);
        }
        if (sourceSequence < 1) {
            throw new IllegalArgumentException("sourceSequence must be >= 1: " + sourceSequence);
        }
        if (targetSequence < 1) {
            throw new IllegalArgumentException("targetSequence must be >= 1: " + targetSequence);
        }
        validateSizes(layers, width, heads, feedForwardWidth, vocabulary, Math.max(sourceSequence, targetSequence),
                batch, feedForward);
    }

    /**
     * Validates the sizes, the network and the array limits as a decoder-only stack of the longer
     * sequence does, with the same messages: each side of this shape is such a stack but for the
     * mask and the cross-attention.
     */
    private static void validateSizes(int layers, int width, int heads, int feedForwardWidth, int vocabulary,
                                      int sequence, int batch, TransformerShape.FeedForward feedForward) {
        new TransformerShape(layers, width, heads, feedForwardWidth, vocabulary, sequence, batch,
                TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.PRE_NORM, feedForward,
                TransformerShape.Position.LEARNED, true);
    }

    /**
     * This shape with another placement of the norms.
     *
     * @param other pre-norm or post-norm
     * @return the shape
     * @throws IllegalArgumentException as the constructor
     */
    public EncoderDecoderShape withPlacement(TransformerShape.Placement other) {
        return new EncoderDecoderShape(layers, width, heads, feedForwardWidth, vocabulary, sourceSequence,
                targetSequence, batch, other, feedForward);
    }

    /**
     * The width of one head.
     *
     * @return {@code width / heads}
     */
    public int headWidth() {
        return width / heads;
    }

    /** The divisor of the attention logits, {@code sqrt(d_head)}. */
    double attentionDivisor() {
        return Math.sqrt(headWidth());
    }
}
