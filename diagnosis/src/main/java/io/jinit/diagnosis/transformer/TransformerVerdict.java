package io.jinit.diagnosis.transformer;

import java.util.List;
import java.util.Locale;

/**
 * What one initialization of a transformer stack does at its first step, judged from its
 * {@link TransformerFigures}. The rules, first that applies wins:
 *
 * <pre>
 *   NOT_FINITE          a figure overflowed (inf or NaN)
 *   ATTENTION_SATURATED the lowest mean attention entropy of a block is below 1/2 of uniform attention's
 *                       (mean over tokens of ln(t + 1)): the softmax is near one-hot at initialization,
 *                       where its Jacobian, and so the gradient through the logits, nearly vanishes
 *   GRADIENT_IMBALANCE  the weight-gradient norm of the first block against the last's is below 1/10
 *                       (vanishing toward the input) or above 10 (growing toward it): one learning rate
 *                       cannot suit both ends of the stack
 *   RESIDUAL_GROWTH     the stream's variance after the last block is more than 1.5 times that of the same
 *                       stack and initialization at half the depth: the final variance grows linearly
 *                       with depth (each of N blocks adds its branches' variance to an unnormalized
 *                       stream, so half the blocks give half the variance, a ratio of 2), where
 *                       GPT-2's 1/sqrt(2N) scaling of the residual projections, or a norm after each
 *                       block, keeps it independent of N (a ratio near 1)
 *   HEALTHY             none of these
 * </pre>
 * The growth rule compares two depths because within one pre-norm stack the variance grows
 * block by block under any initialization: what an initialization decides is whether the end of
 * the stream depends on how many blocks there are (Radford et al. 2019, Sec. 2.3).
 *
 * @param kind the verdict
 * @param reason the figures behind it, in words
 * @param streamGrowth var(stream after the last block) / the same at half the depth; NaN for one block
 * @param gradientSpread weight-gradient norm of block 0 / of block N-1
 * @param entropyRatio the lowest block's mean attention entropy / uniform attention's
 * @since 0.1
 */
public record TransformerVerdict(Kind kind, String reason, double streamGrowth, double gradientSpread,
                                 double entropyRatio) {
    /** Below this fraction of uniform attention's entropy, attention is saturated. */
    public static final double SATURATED_ENTROPY = 0.5;
    /** Outside [1/this, this], the first and last blocks' weight gradients are out of balance. */
    public static final double GRADIENT_SPREAD = 10;
    /**
     * Above this ratio of the final variance at depth N to that at depth N/2, the residual stream grows
     * with depth: halfway between linear growth's 2 and a depth-independent stream's 1.
     */
    public static final double STREAM_GROWTH = 1.5;

    /** The verdicts, in the order the rules are tried. */
    public enum Kind {
        /** A figure is infinite or NaN. */
        NOT_FINITE,
        /** Attention is near one-hot at initialization. */
        ATTENTION_SATURATED,
        /** The first and last blocks' weight gradients differ by more than ten times. */
        GRADIENT_IMBALANCE,
        /** The residual stream's variance grows with depth. */
        RESIDUAL_GROWTH,
        /** None of the above. */
        HEALTHY;

        /**
         * The verdict as reports write it: {@code residual growth}.
         *
         * @return the label
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * Judges a run.
     *
     * @param shape the stack
     * @param figures its figures
     * @param halfDepth the figures of the same stack and initialization with {@code layers / 2} blocks,
     *     or null for a stack of one block
     * @return the verdict
     * @throws IllegalArgumentException if the figures do not have one block per layer of the shape, or
     *     halfDepth is missing or has another depth than {@code layers / 2}
     */
    public static TransformerVerdict judge(TransformerShape shape, TransformerFigures figures,
                                           TransformerFigures halfDepth) {
        List<BlockFigures> blocks = figures.blocks();
        if (blocks.size() != shape.layers()) {
            throw new IllegalArgumentException("figures must have " + shape.layers() + " blocks: " + blocks.size());
        }
        int half = shape.layers() / 2;
        if ((half == 0) != (halfDepth == null) || (halfDepth != null && halfDepth.blocks().size() != half)) {
            throw new IllegalArgumentException("halfDepth must have " + half + " blocks: "
                    + (halfDepth == null ? null : halfDepth.blocks().size()));
        }
        double uniform = uniformEntropy(shape.sequence());
        double entropy = Double.POSITIVE_INFINITY;
        int lowest = 0;
        for (BlockFigures b : blocks) {
            if (b.attentionEntropy() < entropy) {
                entropy = b.attentionEntropy();
                lowest = b.block();
            }
        }
        double entropyRatio = uniform > 0 ? entropy / uniform : 1.0;
        BlockFigures first = blocks.get(0);
        BlockFigures last = blocks.get(blocks.size() - 1);
        double spread = weightGradient(first) / weightGradient(last);
        double growth = Double.NaN;
        if (halfDepth != null) {
            double shallow = halfDepth.blocks().get(half - 1).outputStd();
            growth = (last.outputStd() * last.outputStd()) / (shallow * shallow);
        }
        if (!figures.finite() || (halfDepth != null && !halfDepth.finite()) || !Double.isFinite(spread) || !Double.isFinite(entropyRatio)) {
            return new TransformerVerdict(Kind.NOT_FINITE, "a figure is infinite or NaN (the stream or a gradient "
                    + "overflowed float32)", growth, spread, entropyRatio);
        }
        if (uniform > 0 && entropyRatio < SATURATED_ENTROPY) {
            return new TransformerVerdict(Kind.ATTENTION_SATURATED, String.format(Locale.ROOT,
                    "block %d's mean attention entropy is %.2f of uniform attention's (< %.1f): the attention logits "
                            + "(std %.3g) are large enough that each token attends to a few tokens only",
                    lowest, entropyRatio, SATURATED_ENTROPY, blocks.get(lowest).attentionLogitStd()), growth, spread,
                    entropyRatio);
        }
        if (spread < 1 / GRADIENT_SPREAD || spread > GRADIENT_SPREAD) {
            return new TransformerVerdict(Kind.GRADIENT_IMBALANCE, String.format(Locale.ROOT,
                    "block 0's weight gradients are %.3g times block %d's (outside 1/%d to %d): they %s toward the "
                            + "input", spread, last.block(), (int) GRADIENT_SPREAD, (int) GRADIENT_SPREAD,
                    spread < 1 ? "vanish" : "grow"), growth, spread, entropyRatio);
        }
        if (growth > STREAM_GROWTH) {
            return new TransformerVerdict(Kind.RESIDUAL_GROWTH, String.format(Locale.ROOT,
                    "the stream's final variance with %d blocks is %.2f times that with %d (> %.1f): it grows "
                            + "linearly with depth", blocks.size(), growth, half, STREAM_GROWTH),
                    growth, spread, entropyRatio);
        }
        return new TransformerVerdict(Kind.HEALTHY, "none of the rules applies", growth, spread, entropyRatio);
    }

    /**
     * The mean entropy of uniform causal attention over a sequence: token t attends to t + 1 tokens.
     *
     * @param sequence T
     * @return {@code (1/T) Σ_t ln(t + 1)}
     */
    public static double uniformEntropy(int sequence) {
        double sum = 0;
        for (int t = 0; t < sequence; t++) {
            sum += Math.log(t + 1);
        }
        return sum / sequence;
    }

    /**
     * A block's weight-gradient norm: its attention's and feed-forward's together.
     *
     * @param b the block's figures
     * @return {@code sqrt(attention² + feedForward²)}
     */
    public static double weightGradient(BlockFigures b) {
        return Math.hypot(b.attentionGradientNorm(), b.feedForwardGradientNorm());
    }
}
