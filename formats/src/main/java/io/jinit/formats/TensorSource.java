package io.jinit.formats;

import io.jinit.shape.Shape;
import java.util.Map;

/**
 * A named tensor that a writer streams to a file chunk by chunk, so that its values never need
 * to be held in memory at once.
 *
 * <p>A writer calls {@link #fill(long, float[], int, int)} for {@link DType#FLOAT32} and
 * {@link #fill(long, double[], int, int)} for the other types (see {@link DType} for the value
 * paths), on the thread that called the writer, over consecutive ascending ranges of at most the
 * writer's chunk size. {@link InitializedTensor} is the implementation backed by an
 * {@link io.jinit.Initializer}.
 *
 * @since 0.1
 */
public interface TensorSource {

    /**
     * The tensor's name in the file ({@code .npz} member {@code NAME.npy}, safetensors key).
     *
     * @return a non-empty name
     */
    String name();

    /**
     * The shape, row-major.
     *
     * @return the shape
     */
    Shape shape();

    /**
     * The element type written.
     *
     * @return one of the writable types
     */
    DType dtype();

    /**
     * Writes elements {@code [from, from + length)} of the row-major tensor as float32.
     *
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(long from, float[] out, int offset, int length);

    /**
     * Writes elements {@code [from, from + length)} of the row-major tensor as float64.
     *
     * @param from first element index
     * @param out destination
     * @param offset first index in out
     * @param length number of elements
     */
    void fill(long from, double[] out, int offset, int length);

    /**
     * Entries this tensor adds to the file's metadata, where the format has any
     * ({@code .safetensors} {@code __metadata__}).
     *
     * @return string keys and values; empty by default
     */
    default Map<String, String> metadata() {
        return Map.of();
    }

    /**
     * Whether every value is meant to be finite. True for tensors an initializer fills: finite
     * parameters can still overflow the dtype ({@code orthogonal_} with gain 1e300 gives
     * infinities), and the writers then refuse the tensor instead of writing it. False by
     * default, for sources of given values that may hold infinities or NaN on purpose.
     *
     * @return whether a non-finite value is an error
     */
    default boolean finiteValues() {
        return false;
    }
}
