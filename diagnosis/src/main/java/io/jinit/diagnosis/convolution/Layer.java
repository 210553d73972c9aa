package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;
import java.util.List;

/**
 * A layer of a convolutional network with its forward and backward pass and the figures of its
 * last pass. A layer keeps what its backward pass needs from its last forward pass, so a network
 * runs one pass at a time.
 */
abstract class Layer {
    final String name;
    private FeatureMaps output;
    private double outputStd;
    private double zeroFraction;
    private double inputGradientNorm;

    Layer(String name) {
        this.name = name;
    }

    /** The output for an input, its figures taken. */
    final FeatureMaps forward(FeatureMaps x, Workers workers) {
        FeatureMaps y = apply(x, workers);
        output = y;
        outputStd = Moments.std(y, workers);
        zeroFraction = Moments.zeroFraction(y);
        return y;
    }

    /**
     * The gradient of the loss with respect to the input of the last forward pass, given that with
     * respect to its output; the parameters' gradients are written too.
     */
    final FeatureMaps backward(FeatureMaps dy, Workers workers) {
        FeatureMaps dx = gradient(dy, workers);
        inputGradientNorm = Moments.norm(dx, workers);
        return dx;
    }

    /** The forward pass, keeping what the backward pass needs. */
    abstract FeatureMaps apply(FeatureMaps x, Workers workers);

    /** The backward pass of the last forward pass. */
    abstract FeatureMaps gradient(FeatureMaps dy, Workers workers);

    /** The parameters, in PyTorch's registration order. */
    List<Parameter> parameters() {
        return List.of();
    }

    /** The figures of the last forward and backward pass. */
    LayerFigures figures() {
        return new LayerFigures(name, output.channels, output.height, output.width, outputStd, zeroFraction,
                inputGradientNorm);
    }
}
