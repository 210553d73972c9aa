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
    /** The standard deviation of the values, which do not change. */
    final double valueStd;

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
        this.valueStd = std(values);
    }

    /** The population standard deviation, two-pass in double. */
    private static double std(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double squares = 0;
        for (float v : x) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / x.length);
    }
}
