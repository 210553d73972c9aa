package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;
import java.util.Map;
import java.util.function.Function;

/**
 * The feed-forward sublayer, with g the activation of {@link FeedForwardActivation}:
 * <pre>
 *   GELU:    F(z) = W_down g(z W_up^T + b_up) + b_down
 *   SwiGLU:  F(z) = W_down (silu(z W_gate^T + b_gate) ∘ (z W_up^T + b_up)) + b_down
 * </pre>
 */
final class FeedForwardSublayer extends Sublayer {
    private final FeedForwardActivation activation;
    private final int hiddenWidth;

    // Set by forward: the pre-activations and the hidden values.
    private float[][] up;
    private float[][] gate;
    private float[][] hidden;

    /**
     * @param kind the network
     * @param hiddenWidth its hidden width
     */
    FeedForwardSublayer(Function<String, float[][]> parameters, String name, TransformerShape.Norm norm,
                        TransformerShape.Placement placement, float alpha, TransformerShape.FeedForward kind,
                        int hiddenWidth, Workers workers) {
        super(parameters, name, norm, placement, alpha, workers);
        this.activation = FeedForwardActivation.of(kind);
        this.hiddenWidth = hiddenWidth;
    }

    @Override
    float[][] branch(float[][] z) {
        int ff = hiddenWidth;
        up = linear("up", z, ff);
        hidden = new float[z.length][ff];
        if (activation == FeedForwardActivation.SILU) {
            gate = linear("gate", z, ff);
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
        return linear("down", hidden, z[0].length);
    }

    @Override
    float[][] branchBackward(float[][] dBranch, Map<String, float[][]> gradients) {
        int ff = hiddenWidth;
        float[][] dHidden = linearBackward("down", dBranch, hidden, gradients);
        float[][] dGate = gate == null ? null : new float[dBranch.length][ff];
        workers.forRange(dBranch.length, Linear.ROW_GRAIN, (r0, r1) -> {
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
        float[][] z = input();
        float[][] dz = linearBackward("up", dHidden, z, gradients);
        if (dGate != null) {
            Linear.addInto(dz, linearBackward("gate", dGate, z, gradients), workers);
        }
        return dz;
    }
}
