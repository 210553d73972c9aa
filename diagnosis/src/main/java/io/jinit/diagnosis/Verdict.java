package io.jinit.diagnosis;

/**
 * What a diagnosis says of a layer or a whole run. When several apply, the first in declaration
 * order wins: a symmetric layer is reported as symmetric even though its signal also vanishes.
 * The thresholds are in docs/diagnosis.md.
 *
 * @since 0.1
 */
public enum Verdict {
    /** Every unit of the layer computes the same value: symmetry was never broken. */
    SYMMETRIC,
    /** Most units are never positive over the batch (ReLU-like activations). */
    DEAD,
    /** Most units sit where the activation is flat (tanh, sigmoid), so gradients die. */
    SATURATED,
    /** The signal or its gradient grows by orders of magnitude through the layers. */
    EXPLODING,
    /** The signal or its gradient shrinks by orders of magnitude through the layers. */
    VANISHING,
    /** None of the above. */
    HEALTHY
}
