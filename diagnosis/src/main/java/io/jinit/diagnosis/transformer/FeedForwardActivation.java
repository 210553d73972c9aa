package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.Activation;

/**
 * The nonlinearities of the feed-forward networks and their derivatives, in double with
 * {@link StrictMath}, so that they are the same on every platform.
 * <pre>
 *   gelu_new (GPT-2):  g(x) = x/2 (1 + tanh(c (x + 0.044715 x³))),  c = sqrt(2/π)
 *                      g'(x) = (1 + tanh)/2 + x/2 (1 - tanh²) c (1 + 3 · 0.044715 x²)
 *   exact GELU:        g(x) = x Φ(x),  g'(x) = Φ(x) + x φ(x)     ({@link Activation} "gelu")
 *   SiLU (SwiGLU):     s(x) = x σ(x),  s'(x) = σ(x) (1 + x (1 - σ(x)))   ({@link Activation} "silu")
 * </pre>
 */
enum FeedForwardActivation {
    /** GPT-2's {@code gelu_new}, the tanh approximation of Hendrycks and Gimpel (2016). */
    GELU_TANH,
    /** The exact GELU of {@code torch.nn.GELU()}. */
    GELU_ERF,
    /** SiLU, the gate of SwiGLU. */
    SILU;

    private static final double C = Math.sqrt(2 / Math.PI);
    private static final double CUBIC = 0.044715;
    private static final Activation GELU = Activation.of("gelu");
    private static final Activation SWISH = Activation.of("silu");

    /** The activation of a feed-forward network: its GELU, or SiLU for SwiGLU. */
    static FeedForwardActivation of(TransformerShape.FeedForward kind) {
        switch (kind) {
            case GELU_TANH:
                return GELU_TANH;
            case GELU_ERF:
                return GELU_ERF;
            default:
                return SILU;
        }
    }

    /** f(x). */
    double apply(double x) {
        switch (this) {
            case GELU_TANH:
                return 0.5 * x * (1 + StrictMath.tanh(C * (x + CUBIC * x * x * x)));
            case GELU_ERF:
                return GELU.apply(x);
            default:
                return SWISH.apply(x);
        }
    }

    /** f'(x). */
    double derivative(double x) {
        switch (this) {
            case GELU_TANH:
                double t = StrictMath.tanh(C * (x + CUBIC * x * x * x));
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * CUBIC * x * x);
            case GELU_ERF:
                return GELU.derivative(x);
            default:
                return SWISH.derivative(x);
        }
    }
}
