package io.jinit.diagnosis.convolution;

import java.util.List;

/**
 * The figures of one forward and backward pass of a batch through a {@link ResNet}.
 *
 * @param inputStd the standard deviation of the input batch
 * @param layers every layer, in the order of the forward pass
 * @param blocks every basic block, in order
 * @param parameters every parameter, in torchvision's {@code named_parameters()} order
 * @param outputStd the standard deviation of the network's output (the logits)
 * @param loss {@code Σ y ∘ R}, the output against the random projection pushed back
 * @since 0.1
 */
public record ResNetFigures(double inputStd, List<LayerFigures> layers, List<BlockFigures> blocks,
                            List<ParameterFigures> parameters, double outputStd, double loss) {
    /**
     * Copies the lists.
     *
     * @param inputStd the standard deviation of the input batch
     * @param layers every layer, in order
     * @param blocks every basic block, in order
     * @param parameters every parameter, in order
     * @param outputStd the standard deviation of the output
     * @param loss the loss
     */
    public ResNetFigures {
        layers = List.copyOf(layers);
        blocks = List.copyOf(blocks);
        parameters = List.copyOf(parameters);
    }
}
