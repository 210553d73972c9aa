package io.jinit.diagnosis.transformer;

import io.jinit.init.RandomNormal;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny stacks of the tests: every combination of norm, placement and feed-forward network, and
 * rotary positions; and the tiny encoder-decoders.
 */
final class TinyStacks {
    private TinyStacks() {
    }

    /** 2 layers, width 8, 2 heads, feed-forward 12, vocabulary 11, T = 5, B = 2. */
    static TransformerShape tiny(TransformerShape.Norm norm, TransformerShape.Placement placement,
                                 TransformerShape.FeedForward feedForward) {
        return new TransformerShape(2, 8, 2, 12, 11, 5, 2, norm, placement, feedForward,
                TransformerShape.Position.LEARNED, true);
    }

    /**
     * The 12 tiny stacks with learned positions and a norm (either norm, pre- or post-norm, each
     * feed-forward network), the three without norms, a post-norm stack with DeepNorm's skip scale
     * (alpha 2) and a divisor of the logits other than sqrt(d_head) (3.5, as muP makes it), and two
     * with rotary positions: Llama's form and a post-norm LayerNorm stack with biases.
     */
    static List<TransformerShape> all() {
        List<TransformerShape> shapes = new ArrayList<>();
        for (TransformerShape.Norm norm : TransformerShape.Norm.values()) {
            for (TransformerShape.Placement placement : List.of(TransformerShape.Placement.PRE_NORM,
                    TransformerShape.Placement.POST_NORM)) {
                for (TransformerShape.FeedForward ff : TransformerShape.FeedForward.values()) {
                    shapes.add(tiny(norm, placement, ff));
                }
            }
        }
        for (TransformerShape.FeedForward ff : TransformerShape.FeedForward.values()) {
            shapes.add(tiny(TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.NO_NORM, ff));
        }
        shapes.add(tiny(TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.POST_NORM,
                TransformerShape.FeedForward.GELU_TANH).withResidualScale(2).withAttentionDivisor(3.5));
        shapes.add(TransformerShape.llama(2, 8, 2, 12, 11, 5, 2));
        shapes.add(new TransformerShape(2, 8, 2, 12, 11, 5, 2, TransformerShape.Norm.LAYER_NORM,
                TransformerShape.Placement.POST_NORM, TransformerShape.FeedForward.GELU_TANH,
                TransformerShape.Position.ROTARY, true));
        return shapes;
    }

    /**
     * Parameters with no special values: weights N(0, 0.4²), embeddings N(0, 1), biases N(0, 0.1²),
     * norm weights 1 + N(0, 0.1²), so that every term of every gradient is exercised (zero biases
     * and unit norm weights would hide a missing term). Without norms the weights are N(0, 0.15²):
     * at 0.4 nothing rescales the stream, which leaves the two blocks at values near 100 and the
     * loss's float rounding, not the gradients, would decide the finite-difference check.
     */
    static TransformerParameters generic(TransformerShape shape, long seed) {
        return TransformerParameters.of(shape,
                generic(shape.placement() == TransformerShape.Placement.NO_NORM ? 0.15 : 0.4, seed));
    }

    /** The filler of {@link #generic(TransformerShape, long)} with weights N(0, weightSigma²). */
    static ParameterFiller generic(double weightSigma, long seed) {
        return (name, s) -> {
            RandomKey key = RandomKey.of(seed).derive(name);
            if (TransformerParameters.isNormWeight(name)) {
                float[] v = new RandomNormal(0, 0.1, seed).sample(s, key);
                for (int i = 0; i < v.length; i++) {
                    v[i] += 1;
                }
                return v;
            }
            double sigma = name.contains("embedding.") ? 1.0 : name.endsWith(".bias") ? 0.1 : weightSigma;
            return new RandomNormal(0, sigma, seed).sample(s, key);
        };
    }

    /**
     * The tiny encoder-decoders: 2 + 2 blocks, width 8, 2 heads, feed-forward 12, vocabulary 11,
     * 4 source and 5 target tokens, B = 2; pre-norm and post-norm with the exact GELU, and pre-norm
     * with SwiGLU.
     */
    static List<EncoderDecoderShape> encoderDecoders() {
        List<EncoderDecoderShape> shapes = new ArrayList<>();
        for (TransformerShape.Placement placement : List.of(TransformerShape.Placement.PRE_NORM,
                TransformerShape.Placement.POST_NORM)) {
            shapes.add(new EncoderDecoderShape(2, 8, 2, 12, 11, 4, 5, 2, placement,
                    TransformerShape.FeedForward.GELU_ERF));
        }
        shapes.add(new EncoderDecoderShape(2, 8, 2, 12, 11, 4, 5, 2, TransformerShape.Placement.PRE_NORM,
                TransformerShape.FeedForward.SWIGLU));
        return shapes;
    }
}
