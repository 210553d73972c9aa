package io.jinit.compat;

import io.jinit.shape.Shape;
import java.util.Arrays;

/**
 * The parameters of one dense layer: weights of shape {@code (fanIn, fanOut)} and biases of shape
 * {@code (1, fanOut)}, as the Python {@code WeightInits} returns them ({@code x @ W + b} for a row
 * vector {@code x}). Arrays are row-major: weight {@code (i, j)} is {@code weights()[i * fanOut + j]}.
 *
 * <p>Immutable: the arrays are copied on construction and by their accessors. Equality compares
 * the values bit for bit.
 *
 * @param fanIn the number of inputs, &gt; 0
 * @param fanOut the number of outputs, &gt; 0
 * @param weights the weights, {@code fanIn * fanOut} values, row-major
 * @param biases the biases, {@code fanOut} values
 * @since 0.1
 */
public record Layer(int fanIn, int fanOut, double[] weights, double[] biases) {

    /**
     * Validates the shapes and copies the arrays.
     *
     * @param fanIn the number of inputs, &gt; 0
     * @param fanOut the number of outputs, &gt; 0
     * @param weights the weights, {@code fanIn * fanOut} values, row-major
     * @param biases the biases, {@code fanOut} values
     * @throws IllegalArgumentException if a size is not positive or an array has the wrong length
     */
    public Layer {
        if (fanIn <= 0) {
            throw new IllegalArgumentException("fanIn must be > 0: " + fanIn);
        }
        if (fanOut <= 0) {
            throw new IllegalArgumentException("fanOut must be > 0: " + fanOut);
        }
        if (weights == null || weights.length != (long) fanIn * fanOut) {
            throw new IllegalArgumentException("weights must hold fanIn * fanOut = " + (long) fanIn * fanOut
                    + " values: " + (weights == null ? "null" : weights.length + " values"));
        }
        if (biases == null || biases.length != fanOut) {
            throw new IllegalArgumentException("biases must hold fanOut = " + fanOut + " values: "
                    + (biases == null ? "null" : biases.length + " values"));
        }
        weights = weights.clone();
        biases = biases.clone();
    }

    /**
     * A copy of the weights, row-major {@code (fanIn, fanOut)}.
     *
     * @return the weights
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * A copy of the biases, {@code (1, fanOut)}.
     *
     * @return the biases
     */
    @Override
    public double[] biases() {
        return biases.clone();
    }

    /**
     * One weight.
     *
     * @param row the input index, in [0, fanIn)
     * @param col the output index, in [0, fanOut)
     * @return {@code W[row, col]}
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public double weight(int row, int col) {
        return weights[checkIndex(row, fanIn, "row") * fanOut + checkIndex(col, fanOut, "col")];
    }

    /**
     * One bias.
     *
     * @param col the output index, in [0, fanOut)
     * @return {@code b[0, col]}
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public double bias(int col) {
        return biases[checkIndex(col, fanOut, "col")];
    }

    /**
     * The weights as {@code fanIn} rows of {@code fanOut} values (new arrays).
     *
     * @return the rows
     */
    public double[][] weightRows() {
        double[][] rows = new double[fanIn][];
        for (int i = 0; i < fanIn; i++) {
            rows[i] = Arrays.copyOfRange(weights, i * fanOut, (i + 1) * fanOut);
        }
        return rows;
    }

    /**
     * The shape of the weights.
     *
     * @return {@code [fanIn, fanOut]}
     */
    public Shape weightShape() {
        return Shape.of(fanIn, fanOut);
    }

    /**
     * The shape of the biases.
     *
     * @return {@code [1, fanOut]}
     */
    public Shape biasShape() {
        return Shape.of(1, fanOut);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layer
                && fanIn == ((Layer) o).fanIn
                && fanOut == ((Layer) o).fanOut
                && Arrays.equals(weights, ((Layer) o).weights)
                && Arrays.equals(biases, ((Layer) o).biases);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(biases);
    }

    @Override
    public String toString() {
        return "Layer[weights=" + weightShape() + ", biases=" + biasShape() + "]";
    }

    private static int checkIndex(int index, int size, String name) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(name + " must be in [0, " + size + "): " + index);
        }
        return index;
    }
}
