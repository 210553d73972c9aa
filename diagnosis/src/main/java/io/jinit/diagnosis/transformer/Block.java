package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;
import java.util.Map;

/**
 * One block of a decoder-only stack: causal self-attention, then the feed-forward network, each a
 * {@link Sublayer} on the residual stream. With N1, N2 its norms, A its attention, F its
 * feed-forward network and alpha the shape's residual scale (1 but under DeepNorm, Wang et al. 2022):
 * <pre>
 *   pre-norm:   m = alpha x + A(N1(x)),   y = alpha m + F(N2(m))
 *   post-norm:  m = N1(alpha x + A(x)),   y = N2(alpha m + F(m))
 *   no norm:    m = alpha x + A(x),       y = alpha m + F(m)
 * </pre>
 * A and F are those of {@link AttentionSublayer} and {@link FeedForwardSublayer}.
 */
final class Block {
    private final AttentionSublayer attention;
    private final FeedForwardSublayer feedForward;

    Block(TransformerParameters parameters, int index, Workers workers) {
        TransformerShape shape = parameters.shape();
        String prefix = "layers." + index + ".";
        float alpha = (float) shape.residualScale();
        Attention.Layout layout = Attention.Layout.self(shape.batch(), shape.sequence(), shape.heads(),
                shape.headWidth(), shape.attentionDivisor(), true);
        this.attention = AttentionSublayer.self(parameters::rows, prefix + "attention", shape.norm(),
                shape.placement(), alpha, layout, shape.position() == TransformerShape.Position.ROTARY, workers);
        this.feedForward = new FeedForwardSublayer(parameters::rows, prefix + "feed_forward", shape.norm(),
                shape.placement(), alpha, shape.feedForward(), shape.feedForwardWidth(), workers);
    }

    /**
     * The block's output for input x (not modified).
     *
     * @param x rows of the width
     * @return new rows of the width
     */
    float[][] forward(float[][] x) {
        return feedForward.forward(attention.forward(x));
    }

    /**
     * The gradient of the block's input from that of its output, a new array; the gradients of
     * the block's parameters are put into {@code gradients}.
     *
     * @param dy the gradient of the output; may be overwritten
     * @param gradients parameter name to gradient rows
     * @return the gradient of the input
     */
    float[][] backward(float[][] dy, Map<String, float[][]> gradients) {
        return attention.backward(feedForward.backward(dy, gradients), gradients);
    }

    /** The ratio ||A(.)|| / ||x|| of the attention branch to the stream it is added to. */
    double attentionRatio() {
        return attention.ratio();
    }

    /** The ratio ||F(.)|| / ||m|| of the feed-forward branch to the stream it is added to. */
    double feedForwardRatio() {
        return feedForward.ratio();
    }

    /** The statistics of the attention logits and probabilities. */
    Attention.Statistics attentionStatistics() {
        return attention.statistics();
    }
}
