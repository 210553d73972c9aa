package io.jinit.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers a {@link WeightInits} method returns, input layer first: the Java form of the Python
 * {@code (weights, biases)} pair of lists.
 *
 * @param layers the layers, at least one; layer {@code i + 1}'s fanIn is layer {@code i}'s fanOut
 * @since 0.1
 */
public record LayerWeights(List<Layer> layers) {

    /**
     * Validates the chain of sizes and copies the list.
     *
     * @param layers the layers, at least one; layer {@code i + 1}'s fanIn is layer {@code i}'s fanOut
     * @throws IllegalArgumentException if the list is null, empty, holds null or the sizes do not chain
     */
    public LayerWeights {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must hold at least one layer: " + layers);
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("layers[" + i + "] must not be null: null");
            }
            if (i > 0 && layers.get(i).fanIn() != layers.get(i - 1).fanOut()) {
                throw new IllegalArgumentException("layers[" + i + "].fanIn must equal layers[" + (i - 1)
                        + "].fanOut = " + layers.get(i - 1).fanOut() + ": " + layers.get(i).fanIn());
            }
        }
        layers = List.copyOf(layers);
    }

    /**
     * One layer.
     *
     * @param index the layer index, in [0, size())
     * @return the layer
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    public Layer layer(int index) {
        return layers.get(index);
    }

    /**
     * The number of layers, {@code dims.length - 1}.
     *
     * @return the number of layers
     */
    public int size() {
        return layers.size();
    }

    /**
     * The layer sizes, as passed to {@link WeightInits}: {@code [fanIn of layer 0, fanOut of each layer...]}.
     *
     * @return the dims
     */
    public int[] dims() {
        int[] dims = new int[layers.size() + 1];
        dims[0] = layers.get(0).fanIn();
        for (int i = 0; i < layers.size(); i++) {
            dims[i + 1] = layers.get(i).fanOut();
        }
        return dims;
    }

    /**
     * Copies of every layer's weights, as the Python {@code weights} list.
     *
     * @return the weights, row-major {@code (fan_in, fan_out)} each
     */
    public List<double[]> weights() {
        List<double[]> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            out.add(l.weights());
        }
        return out;
    }

    /**
     * Copies of every layer's biases, as the Python {@code biases} list.
     *
     * @return the biases, {@code (1, fan_out)} each
     */
    public List<double[]> biases() {
        List<double[]> out = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            out.add(l.biases());
        }
        return out;
    }
}
