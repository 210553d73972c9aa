package io.jinit.diagnosis.convolution;

import java.util.OptionalDouble;

/**
 * The figures of one basic block in one forward and backward pass.
 *
 * @param name the block's torchvision name ({@code layer1.0}, ...)
 * @param channels the channels of the output
 * @param height the height of the output
 * @param width the width of the output
 * @param inputStd the standard deviation of the stream entering the block; {@code +∞} when a value
 *     is not finite
 * @param outputStd the standard deviation of the stream leaving it
 * @param branchToSkip {@code ||F(x)|| / ||S(x)||}, the Frobenius norm of the residual branch over
 *     that of the shortcut, over the batch: 0 when the block is the identity at initialization;
 *     empty for a plain block, which has no shortcut
 * @param inputGradientNorm the Frobenius norm of the loss gradient with respect to the stream
 *     entering the block
 * @since 0.1
 */
public record BlockFigures(String name, int channels, int height, int width, double inputStd, double outputStd,
                           OptionalDouble branchToSkip, double inputGradientNorm) {
}
