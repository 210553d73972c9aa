package io.jinit.diagnosis.convolution;

import java.util.List;

/**
 * The figures of one parameter after one backward pass.
 *
 * @param name the torchvision name
 * @param shape the shape in PyTorch's layout
 * @param valueStd the standard deviation of its values (about its mean)
 * @param gradientNorm the Frobenius norm of the loss gradient with respect to it
 * @since 0.1
 */
public record ParameterFigures(String name, List<Long> shape, double valueStd, double gradientNorm) {
    /**
     * Copies the shape.
     *
     * @param name the torchvision name
     * @param shape the shape in PyTorch's layout
     * @param valueStd the standard deviation of its values
     * @param gradientNorm the Frobenius norm of its gradient
     */
    public ParameterFigures {
        shape = List.copyOf(shape);
    }
}
