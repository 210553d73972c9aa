package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;
import java.util.Map;

/**
 * One transformer block on the residual stream, forward and backward, holding what its backward
 * pass needs. With N1, N2 its norms, A its attention, F its feed-forward network and alpha the
 * shape's residual scale (1 but under DeepNorm, Wang et al. 2022):
 * <pre>
 *   pre-norm:   m = alpha x + A(N1(x)),   y = alpha m + F(N2(m))
 *   post-norm:  m = N1(alpha x + A(x)),   y = N2(alpha m + F(m))
 *   no norm:    m = alpha x + A(x),       y = alpha m + F(m)
 *   A(z) = Attention(Rot(z W_q^T + b_q), Rot(z W_k^T + b_k), z W_v^T + b_v) W_o^T + b_o
 *          Rot the rotary embedding with rotary positions, else the identity
 *   F(z) = W_down g(z W_up^T + b_up) + b_down                       GELU
 *   F(z) = W_down (silu(z W_gate^T + b_gate) ∘ (z W_up^T + b_up)) + b_down   SwiGLU
 * </pre>
 * The branch outputs A(.) and F(.) are kept for the branch-to-skip ratios.
 */
final class Block {
    private final TransformerShape shape;
    private final TransformerParameters parameters;
    private final String prefix;
    private final Workers workers;
    private final FeedForwardActivation activation;
    private final boolean preNorm;
    private final boolean postNorm;
    private final boolean rotary;
    private final float alpha;
    private final Attention.Layout layout;

    // What the backward pass needs, set by forward: the input of each branch (the norm's output in
    // pre-norm, the stream in post-norm), each norm's x̂ and 1/σ, q and k (rotated), v, P, the
    // attention output before W_o, and the feed-forward pre-activations and hidden values.
    private float[][] attentionInput;
    private float[][] attentionNormalized;
    private double[] attentionRstd;
    private float[][] query;
    private float[][] key;
    private float[][] value;
    private float[][][] probabilities;
    private float[][] context;
    private float[][] feedForwardInput;
    private float[][] feedForwardNormalized;
    private double[] feedForwardRstd;
    private float[][] up;
    private float[][] gate;
    private float[][] hidden;

    // The figures of the forward pass.
    private double attentionRatio;
    private double feedForwardRatio;
    private Attention.Statistics attentionStatistics;

    Block(TransformerParameters parameters, int index, Workers workers) {
        this.shape = parameters.shape();
        this.parameters = parameters;
        this.prefix = "layers." + index + ".";
        this.workers = workers;
        this.activation = FeedForwardActivation.of(shape.feedForward());
        this.preNorm = shape.placement() == TransformerShape.Placement.PRE_NORM;
        this.postNorm = shape.placement() == TransformerShape.Placement.POST_NORM;
        this.rotary = shape.position() == TransformerShape.Position.ROTARY;
        this.alpha = (float) shape.residualScale();
        this.layout = Attention.Layout.self(shape.batch(), shape.sequence(), shape.heads(), shape.headWidth(),
                shape.attentionDivisor(), true);
    }

    /**
     * The block's output for input x (not modified).
     *
     * @param x rows of the width
     * @return new rows of the width
     */
    float[][] forward(float[][] x) {
        int rows = x.length;
        int d = shape.width();
        attentionNormalized = new float[rows][d];
        attentionRstd = new double[rows];
        if (preNorm) {
            attentionInput = new float[rows][d];
            norm("attention_norm", x, attentionNormalized, attentionInput, attentionRstd);
        } else {
            attentionInput = x;
        }
        query = linear("attention.query", attentionInput, d);
        key = linear("attention.key", attentionInput, d);
        value = linear("attention.value", attentionInput, d);
        if (rotary) {
            RotaryEmbedding.rotate(query, shape.sequence(), shape.heads(), shape.headWidth(), 1, workers);
            RotaryEmbedding.rotate(key, shape.sequence(), shape.heads(), shape.headWidth(), 1, workers);
        }
        probabilities = new float[shape.batch() * shape.heads()][shape.sequence()][];
        context = new float[rows][d];
        attentionStatistics = Attention.forward(query, key, value, context, probabilities, layout, workers);
        float[][] branch = linear("attention.output", context, d);
        attentionRatio = Moments.norm(branch) / (alpha * Moments.norm(x));
        addSkip(branch, x);
        float[][] middle = branch;
        if (postNorm) {
            middle = new float[rows][d];
            norm("attention_norm", branch, attentionNormalized, middle, attentionRstd);
        }
        feedForwardNormalized = new float[rows][d];
        feedForwardRstd = new double[rows];
        if (preNorm) {
            feedForwardInput = new float[rows][d];
            norm("feed_forward_norm", middle, feedForwardNormalized, feedForwardInput, feedForwardRstd);
        } else {
            feedForwardInput = middle;
        }
        float[][] out = feedForward(feedForwardInput);
        feedForwardRatio = Moments.norm(out) / (alpha * Moments.norm(middle));
        addSkip(out, middle);
        if (!postNorm) {
            return out;
        }
        float[][] y = new float[rows][d];
        norm("feed_forward_norm", out, feedForwardNormalized, y, feedForwardRstd);
        return y;
    }

    private float[][] feedForward(float[][] z) {
        int ff = shape.feedForwardWidth();
        up = linear("feed_forward.up", z, ff);
        hidden = new float[z.length][ff];
        if (activation == FeedForwardActivation.SILU) {
            gate = linear("feed_forward.gate", z, ff);
        }
        workers.forRange(z.length, Linear.ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float[] h = hidden[r];
                float[] u = up[r];
                for (int j = 0; j < ff; j++) {
                    h[j] = gate == null ? (float) activation.apply(u[j]) : (float) activation.apply(gate[r][j]) * u[j];
                }
            }
        });
        return linear("feed_forward.down", hidden, shape.width());
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
        float[][] dOut = postNorm ? normBackward("feed_forward_norm", dy, feedForwardNormalized, feedForwardRstd,
                gradients) : dy;
        float[][] dz = feedForwardBackward(dOut, gradients);
        if (preNorm) {
            dz = normBackward("feed_forward_norm", dz, feedForwardNormalized, feedForwardRstd, gradients);
        }
        addSkip(dz, dOut);
        float[][] dMiddle = postNorm ? normBackward("attention_norm", dz, attentionNormalized, attentionRstd,
                gradients) : dz;
        float[][] dContext = linearBackward("attention.output", dMiddle, context, gradients);
        int rows = dy.length;
        int d = shape.width();
        float[][] dq = new float[rows][d];
        float[][] dk = new float[rows][d];
        float[][] dv = new float[rows][d];
        Attention.backward(dContext, query, key, value, probabilities, dq, dk, dv, layout, workers);
        if (rotary) {
            RotaryEmbedding.rotate(dq, shape.sequence(), shape.heads(), shape.headWidth(), -1, workers);
            RotaryEmbedding.rotate(dk, shape.sequence(), shape.heads(), shape.headWidth(), -1, workers);
        }
        float[][] dInput = linearBackward("attention.query", dq, attentionInput, gradients);
        Linear.addInto(dInput, linearBackward("attention.key", dk, attentionInput, gradients), workers);
        Linear.addInto(dInput, linearBackward("attention.value", dv, attentionInput, gradients), workers);
        if (preNorm) {
            dInput = normBackward("attention_norm", dInput, attentionNormalized, attentionRstd, gradients);
        }
        addSkip(dInput, dMiddle);
        return dInput;
    }

    /**
     * {@code branch += alpha · skip}: the sum of a sublayer forward, and the gradient of a
     * sublayer's input backward (branch gradient plus alpha times that of the sum). With alpha 1 it
     * is a plain sum, the same floats as without the scale.
     */
    private void addSkip(float[][] branch, float[][] skip) {
        if (alpha == 1f) {
            Linear.addInto(branch, skip, workers);
        } else {
            Linear.addScaledInto(branch, alpha, skip, workers);
        }
    }

    private float[][] feedForwardBackward(float[][] dOut, Map<String, float[][]> gradients) {
        int ff = shape.feedForwardWidth();
        float[][] dHidden = linearBackward("feed_forward.down", dOut, hidden, gradients);
        float[][] dGate = gate == null ? null : new float[dOut.length][ff];
        workers.forRange(dOut.length, Linear.ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float[] dh = dHidden[r];
                float[] u = up[r];
                for (int j = 0; j < ff; j++) {
                    if (gate == null) {
                        dh[j] = dh[j] * (float) activation.derivative(u[j]);
                    } else {
                        double g = gate[r][j];
                        dGate[r][j] = dh[j] * u[j] * (float) activation.derivative(g);
                        dh[j] = dh[j] * (float) activation.apply(g);
                    }
                }
            }
        });
        float[][] dz = linearBackward("feed_forward.up", dHidden, feedForwardInput, gradients);
        if (dGate != null) {
            Linear.addInto(dz, linearBackward("feed_forward.gate", dGate, feedForwardInput, gradients), workers);
        }
        return dz;
    }

    /** The ratio ||A(.)|| / ||x|| of the attention branch to the stream it is added to. */
    double attentionRatio() {
        return attentionRatio;
    }

    /** The ratio ||F(.)|| / ||m|| of the feed-forward branch to the stream it is added to. */
    double feedForwardRatio() {
        return feedForwardRatio;
    }

    /** The statistics of the attention logits and probabilities. */
    Attention.Statistics attentionStatistics() {
        return attentionStatistics;
    }

    private float[][] linear(String name, float[][] x, int out) {
        float[][] y = new float[x.length][out];
        Linear.forward(x, parameters.rows(prefix + name + ".weight"), parameters.vector(prefix + name + ".bias"), y,
                workers);
        return y;
    }

    private float[][] linearBackward(String name, float[][] dy, float[][] x, Map<String, float[][]> gradients) {
        gradients.put(prefix + name + ".weight", Linear.weightGradient(dy, x, workers));
        if (shape.biases()) {
            gradients.put(prefix + name + ".bias", Linear.biasGradient(dy));
        }
        return Linear.inputGradient(dy, parameters.rows(prefix + name + ".weight"), workers);
    }

    private void norm(String name, float[][] x, float[][] normalized, float[][] y, double[] rstd) {
        Norm.forward(shape.norm(), x, parameters.vector(prefix + name + ".weight"),
                parameters.vector(prefix + name + ".bias"), normalized, y, rstd, workers);
    }

    private float[][] normBackward(String name, float[][] dy, float[][] normalized, double[] rstd,
                                   Map<String, float[][]> gradients) {
        return normBackward(shape.norm(), parameters, prefix + name, dy, normalized, rstd, gradients, workers);
    }

    /** The backward pass of the norm {@code name}, putting its gradients into {@code gradients}. */
    static float[][] normBackward(TransformerShape.Norm kind, TransformerParameters parameters, String name,
                                  float[][] dy, float[][] normalized, double[] rstd,
                                  Map<String, float[][]> gradients, Workers workers) {
        float[] weight = parameters.vector(name + ".weight");
        float[][] dw = new float[1][weight.length];
        float[][] db = kind == TransformerShape.Norm.LAYER_NORM ? new float[1][weight.length] : null;
        gradients.put(name + ".weight", dw);
        if (db != null) {
            gradients.put(name + ".bias", db);
        }
        return Norm.backward(kind, dy, normalized, rstd, weight, dw[0], db == null ? null : db[0], workers);
    }
}
