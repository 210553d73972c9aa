package io.jinit.formats;

import io.jinit.shape.Shape;

/**
 * A tensor as a file describes it.
 *
 * @param name the name: the safetensors key, the {@code .npz} member without {@code .npy}, or the
 *     {@code .npy} file name without its extension
 * @param shape the shape
 * @param dtype the element type
 * @since 0.1
 */
public record TensorInfo(String name, Shape shape, DType dtype) {

    /**
     * Checks the components.
     *
     * @param name the name: the safetensors key, the {@code .npz} member without {@code .npy}, or the
     *        {@code .npy} file name without its extension
     * @param shape the shape
     * @param dtype the element type
     */
    public TensorInfo {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null: null");
        }
        if (shape == null) {
            throw new IllegalArgumentException("shape of tensor " + name + " must not be null: null");
        }
        if (dtype == null) {
            throw new IllegalArgumentException("dtype of tensor " + name + " must not be null: null");
        }
    }
}
