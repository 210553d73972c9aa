package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;
import java.util.Map;
import java.util.function.Function;

/**
 * The attention sublayer: self-attention, causal or not, or the cross-attention of an
 * encoder-decoder's decoder (Vaswani et al. 2017, Sec. 3.2.3), whose queries come from the
 * decoder's stream and whose keys and values come from the encoder's output M of the same sequence:
 * <pre>
 *   self:   A(z) = Attention(Rot(z W_q^T + b_q), Rot(z W_k^T + b_k), z W_v^T + b_v) W_o^T + b_o
 *   cross:  A(z) = Attention(z W_q^T + b_q, M W_k^T + b_k, M W_v^T + b_v) W_o^T + b_o
 *   backward, cross:  dM += dK W_k + dV W_v     (M is not on this sublayer's stream)
 * </pre>
 * Rot is the rotary embedding where the stack has rotary positions, else the identity.
 */
final class AttentionSublayer extends Sublayer {
    private final Attention.Layout layout;
    private final boolean rotary;
    private final float[][] memory;
    private final float[][] memoryGradient;

    // Set by forward: q and k (rotated), v, P and the attention output before W_o.
    private float[][] query;
    private float[][] key;
    private float[][] value;
    private float[][][] probabilities;
    private float[][] context;
    private Attention.Statistics statistics;

    private AttentionSublayer(Function<String, float[][]> parameters, String name, TransformerShape.Norm norm,
                              TransformerShape.Placement placement, float alpha, Attention.Layout layout,
                              boolean rotary, float[][] memory, float[][] memoryGradient, Workers workers) {
        super(parameters, name, norm, placement, alpha, workers);
        this.layout = layout;
        this.rotary = rotary;
        this.memory = memory;
        this.memoryGradient = memoryGradient;
    }

    /**
     * Self-attention: queries, keys and values from the sublayer's own stream.
     *
     * @param layout {@code queries == keys}, causal or not
     * @param rotary whether the queries and keys are turned by their positions
     */
    static AttentionSublayer self(Function<String, float[][]> parameters, String name, TransformerShape.Norm norm,
                                  TransformerShape.Placement placement, float alpha, Attention.Layout layout,
                                  boolean rotary, Workers workers) {
        return new AttentionSublayer(parameters, name, norm, placement, alpha, layout, rotary, null, null, workers);
    }

    /**
     * Cross-attention on the rows of {@code memory}.
     *
     * @param layout queries from the stream, keys from memory, not causal
     * @param memory the encoder's output, {@code batch · keys} rows; not modified
     * @param memoryGradient rows as memory, to which the backward pass adds this sublayer's share
     */
    static AttentionSublayer cross(Function<String, float[][]> parameters, String name, TransformerShape.Norm norm,
                                   TransformerShape.Placement placement, Attention.Layout layout, float[][] memory,
                                   float[][] memoryGradient, Workers workers) {
        return new AttentionSublayer(parameters, name, norm, placement, 1f, layout, false, memory, memoryGradient,
                workers);
    }

    @Override
    float[][] branch(float[][] z) {
        int d = z[0].length;
        float[][] source = memory == null ? z : memory;
        query = linear("query", z, d);
        key = linear("key", source, d);
        value = linear("value", source, d);
        if (rotary) {
            RotaryEmbedding.rotate(query, layout.queries(), layout.heads(), layout.headWidth(), 1, workers);
            RotaryEmbedding.rotate(key, layout.keys(), layout.heads(), layout.headWidth(), 1, workers);
        }
        probabilities = new float[layout.batch() * layout.heads()][layout.queries()][];
        context = new float[z.length][d];
        statistics = Attention.forward(query, key, value, context, probabilities, layout, workers);
        return linear("output", context, d);
    }

    @Override
    float[][] branchBackward(float[][] dBranch, Map<String, float[][]> gradients) {
        float[][] dContext = linearBackward("output", dBranch, context, gradients);
        int d = dBranch[0].length;
        float[][] dq = new float[query.length][d];
        float[][] dk = new float[key.length][d];
        float[][] dv = new float[value.length][d];
        Attention.backward(dContext, query, key, value, probabilities, dq, dk, dv, layout, workers);
        if (rotary) {
            RotaryEmbedding.rotate(dq, layout.queries(), layout.heads(), layout.headWidth(), -1, workers);
            RotaryEmbedding.rotate(dk, layout.keys(), layout.heads(), layout.headWidth(), -1, workers);
        }
        float[][] z = input();
        float[][] dz = linearBackward("query", dq, z, gradients);
        float[][] source = memory == null ? z : memory;
        float[][] dSource = memory == null ? dz : memoryGradient;
        Linear.addInto(dSource, linearBackward("key", dk, source, gradients), workers);
        Linear.addInto(dSource, linearBackward("value", dv, source, gradients), workers);
        return dz;
    }

    /** The statistics of the attention logits and probabilities of the last forward pass. */
    Attention.Statistics statistics() {
        return statistics;
    }
}
