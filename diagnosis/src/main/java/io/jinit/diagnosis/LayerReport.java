package io.jinit.diagnosis;

/**
 * The figures of one layer of one run, forward and backward.
 *
 * @param layer the layer index, 1-based (layer 0 is the input)
 * @param width the number of units
 * @param preActivationMean mean of the layer's pre-activations over batch and units
 * @param preActivationStd their standard deviation
 * @param mean mean of the activations
 * @param std standard deviation of the activations
 * @param deadFraction fraction of units never positive over the batch
 * @param saturatedFraction fraction of units in the flat region of their activation over the batch
 * @param symmetric whether all units of the layer compute the same value on every example
 * @param weightGradientNorm Frobenius norm of the loss gradient with respect to the layer's weights
 * @param activationGradientNorm Frobenius norm of the loss gradient with respect to its activations
 * @param weightGradientRatio weightGradientNorm divided by that of the last layer, where the
 *     gradient enters: the figure the verdict judges; NaN when the last layer's norm is 0 or not finite
 * @param activationGradientRatio activationGradientNorm divided by that of the last layer
 * @param verdict the verdict of this layer
 * @since 0.1
 */
public record LayerReport(int layer, int width, double preActivationMean, double preActivationStd, double mean,
                          double std, double deadFraction, double saturatedFraction, boolean symmetric,
                          double weightGradientNorm, double activationGradientNorm, double weightGradientRatio,
                          double activationGradientRatio, Verdict verdict) {
}
