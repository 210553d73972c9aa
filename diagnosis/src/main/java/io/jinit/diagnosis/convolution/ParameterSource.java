package io.jinit.diagnosis.convolution;

import io.jinit.shape.Shape;

/**
 * The values of a network's parameters, asked for by name and shape. Names are torchvision's
 * ({@code conv1.weight}, {@code bn1.bias}, {@code layer2.0.downsample.0.weight}, {@code fc.weight},
 * ...) and shapes PyTorch's layouts: {@code (out, in, kh, kw)} for a convolution,
 * {@code (out, in)} for the final linear layer, {@code (C)} for a batch normalization's weight and
 * bias and for the linear bias. {@link ResNetRecipes} gives the usual recipes, filled by jinit's
 * initializers.
 *
 * <p>A network asks for each parameter once, on the thread that builds it, in torchvision's
 * {@code named_parameters()} order: a layer's weight before its bias.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ParameterSource {
    /**
     * The values of one parameter.
     *
     * @param name the parameter's torchvision name
     * @param shape its shape in PyTorch's layout
     * @return {@code shape.size()} values, row-major; the network copies them
     */
    float[] values(String name, Shape shape);
}
