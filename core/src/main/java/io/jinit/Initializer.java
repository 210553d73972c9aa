package io.jinit;

import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Optional;

/**
 * Fills weight tensors. The output is a pure function of (configuration, shape, key, element
 * index): the same key gives the same bits on every call, thread count, chunking and platform.
 *
 * <p>A random initializer carries the seed it was built with (or drew once at construction when
 * none was given, as Keras 3 does) and {@link #key()} is the key of that seed; deterministic
 * initializers ignore keys. A model gives each tensor its own key with
 * {@link RandomKey#derive(String)}.
 *
 * <p>An initializer is maths only; the names and configs under which Keras and PyTorch know it
 * belong to {@link NamedInitializer}, which the catalogues' entries and custom registrations
 * implement.
 *
 * @implSpec Tensors are row-major. {@code fill} writes elements
 * {@code [from, from + length)} of the flattened tensor to {@code out[offset .. offset + length)}
 * and must give the bits of the same elements of a whole fill.
 *
 * @since 0.1
 */
public interface Initializer {

    /**
     * Writes elements {@code [from, from + length)} of the tensor as float32.
     *
     * @param shape the tensor shape
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     * @throws IllegalArgumentException if the shape cannot be served or the range is invalid
     */
    void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length);

    /**
     * Writes elements {@code [from, from + length)} of the tensor as float64.
     *
     * @param shape the tensor shape
     * @param key the key
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     * @throws IllegalArgumentException if the shape cannot be served or the range is invalid
     */
    void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length);

    /**
     * The key of this initializer's seed ({@code RandomKey.of(seed)}), or of seed 0 for
     * initializers that use no randomness.
     *
     * @return the default key
     */
    RandomKey key();

    /**
     * The fan convention this initializer reads its shapes with, for the families whose values
     * depend on fans (variance scaling); empty for the others.
     *
     * @return the convention, or empty
     */
    default Optional<FanConvention> fanConvention() {
        return Optional.empty();
    }

    /**
     * Whether any element range can be computed without computing the rest of the tensor.
     * Orthogonal and sparse initializers need the whole tensor; parallel fills do not split them.
     *
     * @return true for element-wise initializers
     */
    default boolean isElementwise() {
        return true;
    }

    /**
     * A new float32 array holding the whole tensor under {@link #key()}.
     *
     * @param shape the tensor shape
     * @return the values, row-major
     * @throws IllegalArgumentException if the shape cannot be served or does not fit one array
     */
    default float[] sample(Shape shape) {
        return sample(shape, key());
    }

    /**
     * A new float32 array holding the whole tensor under a key.
     *
     * @param shape the tensor shape
     * @param key the key
     * @return the values, row-major
     */
    default float[] sample(Shape shape, RandomKey key) {
        float[] out = new float[shape.intSize()];
        fill(shape, key, 0, out, 0, out.length);
        return out;
    }

    /**
     * A new float64 array holding the whole tensor under {@link #key()}.
     *
     * @param shape the tensor shape
     * @return the values, row-major
     */
    default double[] sampleDouble(Shape shape) {
        return sampleDouble(shape, key());
    }

    /**
     * A new float64 array holding the whole tensor under a key.
     *
     * @param shape the tensor shape
     * @param key the key
     * @return the values, row-major
     */
    default double[] sampleDouble(Shape shape, RandomKey key) {
        double[] out = new double[shape.intSize()];
        fill(shape, key, 0, out, 0, out.length);
        return out;
    }
}
