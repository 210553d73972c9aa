package io.jinit.diagnosis.convolution;

import io.jinit.shape.Shape;

/**
 * A named parameter of a network, its values in PyTorch's layout and the gradient of the last
 * backward pass (zeros until one has run).
 */
final class Parameter {
    final String name;
    final Shape shape;
    final float[] values;
    final float[] gradient;

    /**
     * @throws IllegalArgumentException naming the parameter if the source gives the wrong number of
     *     values
     */
    Parameter(String name, Shape shape, ParameterSource source) {
        this.name = name;
        this.shape = shape;
        float[] v = source.values(name, shape);
        if (v == null || v.length != shape.size()) {
            throw new IllegalArgumentException("parameter " + name + " " + shape + " needs " + shape.size()
                    + " values: " + (v == null ? null : v.length));
        }
        this.values = v.clone();
        this.gradient = new float[v.length];
    }
}
