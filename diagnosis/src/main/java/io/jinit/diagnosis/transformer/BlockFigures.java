package io.jinit.diagnosis.transformer;

/**
 * The figures of one block of a forward and backward pass. Values that are not finite are
 * reported as they are (NaN or infinite), never thrown.
 *
 * @param block the block, from 0
 * @param inputStd the population std of the residual stream entering the block
 * @param outputStd the population std of the residual stream leaving the block
 * @param attentionBranchRatio {@code ||A(.)|| / ||x||}: the attention branch's output against the
 *     stream it is added to (Frobenius norms over the batch)
 * @param feedForwardBranchRatio {@code ||F(.)|| / ||m||}: the same for the feed-forward branch
 * @param attentionLogitStd the population std of {@code q·k / sqrt(d_head)} over the unmasked
 *     entries of every head and sequence
 * @param attentionEntropy the entropy in nats of each token's attention distribution, averaged over
 *     tokens, sequences and heads; {@code ln(t + 1)} for uniform attention on token t
 * @param minHeadAttentionEntropy the smallest average entropy of one head: near 0 when a head
 *     attends to one token only
 * @param residualGradientNorm {@code ||dL/dx||}, the gradient of the stream entering the block
 * @param attentionGradientNorm the norm of the gradients of the query, key, value and output
 *     weights and biases together
 * @param feedForwardGradientNorm the same of the gate, up and down weights and biases
 * @param normGradientNorm the same of the weights and biases of the block's two norms
 * @param finite whether the block's output and the gradient of its input are finite
 * @since 0.1
 */
public record BlockFigures(int block, double inputStd, double outputStd, double attentionBranchRatio,
                           double feedForwardBranchRatio, double attentionLogitStd, double attentionEntropy,
                           double minHeadAttentionEntropy, double residualGradientNorm, double attentionGradientNorm,
                           double feedForwardGradientNorm, double normGradientNorm, boolean finite) {
}
