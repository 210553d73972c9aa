package io.jinit.diagnosis.convolution;

/**
 * The figures of one layer in one forward and backward pass.
 *
 * @param name the module's torchvision name ({@code conv1}, {@code layer1.0.bn2}, {@code fc}, ...;
 *     {@code <block>.relu#2} for the ReLU after a block's addition)
 * @param channels the channels of the output
 * @param height the height of the output
 * @param width the width of the output
 * @param outputStd the standard deviation of all output values over the batch; {@code +∞} when a
 *     value is not finite
 * @param zeroFraction the fraction of output values that are exactly 0: after a ReLU, the units
 *     switched off on this batch
 * @param inputGradientNorm the Frobenius norm of the loss gradient with respect to the layer's
 *     input, over the batch; {@code +∞} or NaN when a value is not finite
 * @since 0.1
 */
public record LayerFigures(String name, int channels, int height, int width, double outputStd,
                           double zeroFraction, double inputGradientNorm) {
}
