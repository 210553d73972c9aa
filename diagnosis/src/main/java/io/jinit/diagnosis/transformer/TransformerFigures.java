package io.jinit.diagnosis.transformer;

import java.util.List;

/**
 * The figures of a forward and backward pass through a transformer stack.
 *
 * @param embeddingStd the population std of the embedded tokens, the stream entering block 0
 * @param blocks the figures of each block, block 0 first
 * @param outputStd the population std of the last hidden state (after the final norm for pre-norm)
 * @param loss {@code Σ y ∘ R} over the last hidden state y and the projection R, in double
 * @param embeddingGradientNorm the norm of the gradients of the token and position embeddings together
 * @param finalNormGradientNorm the norm of the gradients of the final norm; 0 for post-norm
 * @param finite whether every figure is finite
 * @since 0.1
 */
public record TransformerFigures(double embeddingStd, List<BlockFigures> blocks, double outputStd, double loss,
                                 double embeddingGradientNorm, double finalNormGradientNorm, boolean finite) {
    /**
     * Copies the list.
     *
     * @param embeddingStd the std of the embedded tokens
     * @param blocks the figures of each block
     * @param outputStd the std of the last hidden state
     * @param loss the loss
     * @param embeddingGradientNorm the norm of the embeddings' gradients
     * @param finalNormGradientNorm the norm of the final norm's gradients
     * @param finite whether every figure is finite
     */
    public TransformerFigures {
        blocks = List.copyOf(blocks);
    }
}
