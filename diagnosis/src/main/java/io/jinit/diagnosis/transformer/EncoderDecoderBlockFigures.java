package io.jinit.diagnosis.transformer;

/**
 * The figures of one block of the encoder or the decoder of an {@link EncoderDecoder} pass.
 * Values that are not finite are reported as they are.
 *
 * @param block the block, from 0
 * @param outputStd the population std of the stream leaving the block
 * @param attentionBranchRatio {@code ||A(.)|| / ||x||}: the self-attention branch's output against
 *     the stream it is added to (Frobenius norms over the batch)
 * @param crossAttentionBranchRatio the same for the cross-attention branch; 0 in the encoder
 * @param feedForwardBranchRatio the same for the feed-forward branch
 * @param residualGradientNorm {@code ||dL/dx||} of the stream entering the block; in the encoder
 *     this is the gradient that reaches it through every decoder block's cross-attention
 * @param feedForwardDownGradientNorm {@code ||dL/dW^{FFN,2}||}, the Frobenius norm of the gradient
 *     of {@code feed_forward.down.weight}: the quantity of Xiong et al. (2020), Fig. 3
 * @param attentionGradientNorm the norm of the gradients of the self-attention's query, key, value
 *     and output weights and biases together
 * @param crossAttentionGradientNorm the same of the cross-attention; 0 in the encoder
 * @param feedForwardGradientNorm the same of the feed-forward network's weights and biases
 * @since 0.1
 */
public record EncoderDecoderBlockFigures(int block, double outputStd, double attentionBranchRatio,
                                         double crossAttentionBranchRatio, double feedForwardBranchRatio,
                                         double residualGradientNorm,
                                         double feedForwardDownGradientNorm, double attentionGradientNorm,
                                         double crossAttentionGradientNorm, double feedForwardGradientNorm) {
}
