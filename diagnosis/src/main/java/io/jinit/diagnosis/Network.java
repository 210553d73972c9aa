package io.jinit.diagnosis;

import io.jinit.Initializer;
import io.jinit.NamedInitializer;
import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A multilayer perceptron without biases (they are zero at initialization): widths
 * {@code n_0, ..., n_L}, an activation per layer and the weights of each layer,
 * <pre>
 *   H_0 = X                       (batch x n_0)
 *   A_l = H_(l-1) W_l             W_l is (n_(l-1), n_l), row-major: the Keras layout
 *   H_l = f_l(A_l)                l = 1 .. L
 * </pre>
 *
 * <p>{@link #of} fills weight {@code l} (1-based) with
 * {@code init.fill(Shape.of(n_(l-1), n_l), RandomKey.of(seed).derive("layers." + l + ".weight"), ...)},
 * so the weights are reproducible and each layer's are independent of the others'. Initializers of
 * {@code torch.nn.init} read shapes in the torch layout {@code (out, in)}: they fill
 * {@code Shape.of(n_l, n_(l-1))}, which is transposed, so that their fan-in is still {@code n_(l-1)}.
 *
 * <p>Instances are immutable.
 *
 * @since 0.1
 */
public final class Network {
    private final int[] widths;
    private final List<Activation> activations;
    /** Weight l - 1 as n_(l-1) rows of n_l values. */
    private final float[][][] weights;

    private Network(int[] widths, List<Activation> activations, float[][][] weights) {
        this.widths = widths;
        this.activations = activations;
        this.weights = weights;
    }

    /**
     * A network whose weights are filled by one initializer per layer.
     *
     * @param widths {@code n_0, ..., n_L}, at least two, each &gt;= 1
     * @param activations one per layer ({@code L})
     * @param initializers one per layer ({@code L})
     * @param seed the seed of the weight keys
     * @return the network
     * @throws IllegalArgumentException if a list is malformed or an initializer cannot fill its layer
     */
    public static Network of(List<Integer> widths, List<Activation> activations, List<Initializer> initializers,
                             long seed) {
        int[] w = checkWidths(widths);
        List<Activation> acts = checkActivations(activations, w.length - 1);
        if (initializers == null || initializers.size() != w.length - 1 || hasNull(initializers)) {
            throw new IllegalArgumentException("initializers must give one initializer per layer ("
                    + (w.length - 1) + "): " + initializers);
        }
        float[][][] weights = new float[w.length - 1][][];
        for (int l = 1; l < w.length; l++) {
            weights[l - 1] = fill(initializers.get(l - 1), w[l - 1], w[l], weightKey(seed, l), l);
        }
        return new Network(w, acts, weights);
    }

    /**
     * A network with given weights, copied.
     *
     * @param widths {@code n_0, ..., n_L}, at least two, each &gt;= 1
     * @param activations one per layer ({@code L})
     * @param weights one per layer, weight {@code l} of {@code n_(l-1) · n_l} values, row-major
     *     {@code (n_(l-1), n_l)}
     * @return the network
     * @throws IllegalArgumentException if a list is malformed or a weight has the wrong size
     */
    public static Network ofWeights(List<Integer> widths, List<Activation> activations, List<float[]> weights) {
        int[] w = checkWidths(widths);
        List<Activation> acts = checkActivations(activations, w.length - 1);
        if (weights == null || weights.size() != w.length - 1) {
            throw new IllegalArgumentException("weights must give one matrix per layer (" + (w.length - 1) + "): "
                    + (weights == null ? null : weights.size() + " matrices"));
        }
        float[][][] copies = new float[w.length - 1][][];
        for (int l = 1; l < w.length; l++) {
            float[] m = weights.get(l - 1);
            int size = w[l - 1] * w[l];
            if (m == null || m.length != size) {
                throw new IllegalArgumentException("weight of layer " + l + " must have " + w[l - 1] + " x " + w[l]
                        + " = " + size + " values: " + (m == null ? null : m.length));
            }
            copies[l - 1] = Matmul.rows(m, w[l - 1], w[l]);
        }
        return new Network(w, acts, copies);
    }

    /** Wraps arrays the caller will not touch again. */
    static Network wrap(int[] widths, List<Activation> activations, float[][][] weights) {
        return new Network(widths, activations, weights);
    }

    /**
     * The key of the weight of layer {@code l}.
     *
     * @param seed the network's seed
     * @param layer the layer, 1-based
     * @return {@code RandomKey.of(seed).derive("layers." + layer + ".weight")}
     */
    public static RandomKey weightKey(long seed, int layer) {
        return RandomKey.of(seed).derive("layers." + layer + ".weight");
    }

    /**
     * Fills the (in, out) weight of a layer, reading the shape as PyTorch's (out, in) for an initializer
     * under the TORCH fan convention.
     *
     * @throws IllegalArgumentException naming the layer if the initializer cannot serve it
     */
    static float[][] fill(Initializer init, int in, int out, RandomKey key, int layer) {
        float[] w = new float[in * out];
        try {
            if (init.fanConvention().orElse(FanConvention.KERAS) instanceof FanConvention.Torch) {
                init.fill(Shape.of(out, in), key, 0, w, 0, w.length);
                return Matmul.transpose(Matmul.rows(w, out, in), in);
            }
            init.fill(Shape.of(in, out), key, 0, w, 0, w.length);
            return Matmul.rows(w, in, out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + layer + " (" + in + " x " + out + ") cannot be filled by "
                    + name(init) + ": " + e.getMessage(), e);
        }
    }

    private static String name(Initializer init) {
        return init instanceof NamedInitializer named ? named.className() : init.getClass().getSimpleName();
    }

    static int[] checkWidths(List<Integer> widths) {
        if (widths == null || widths.size() < 2) {
            throw new IllegalArgumentException("widths must give at least an input and one layer: " + widths);
        }
        int[] w = new int[widths.size()];
        for (int i = 0; i < w.length; i++) {
            Integer v = widths.get(i);
            if (v == null || v < 1) {
                throw new IllegalArgumentException("widths must all be >= 1: " + widths);
            }
            w[i] = v;
        }
        for (int l = 1; l < w.length; l++) {
            if ((long) w[l - 1] * w[l] > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("layer " + l + " has too many weights for one array: "
                        + w[l - 1] + " x " + w[l]);
            }
        }
        return w;
    }

    static List<Activation> checkActivations(List<Activation> activations, int layers) {
        if (activations == null || activations.size() != layers || hasNull(activations)) {
            throw new IllegalArgumentException("activations must give one activation per layer (" + layers + "): "
                    + activations);
        }
        return Collections.unmodifiableList(new ArrayList<>(activations));
    }

    /** Whether a list holds null; {@code List.of(...).contains(null)} would throw instead. */
    private static boolean hasNull(List<?> list) {
        for (Object o : list) {
            if (o == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The widths, input first.
     *
     * @return {@code n_0, ..., n_L}
     */
    public List<Integer> widths() {
        List<Integer> list = new ArrayList<>();
        for (int w : widths) {
            list.add(w);
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The activations, layer 1 first.
     *
     * @return an unmodifiable list of {@link #depth()} activations
     */
    public List<Activation> activations() {
        return activations;
    }

    /**
     * The number of layers.
     *
     * @return L
     */
    public int depth() {
        return weights.length;
    }

    /**
     * A copy of the weight of a layer.
     *
     * @param layer 1-based
     * @return {@code (n_(layer-1), n_layer)}, row-major
     * @throws IllegalArgumentException if there is no such layer
     */
    public float[] weight(int layer) {
        if (layer < 1 || layer > weights.length) {
            throw new IllegalArgumentException("layer must be in [1, " + weights.length + "]: " + layer);
        }
        return Matmul.flat(weights[layer - 1], widths[layer]);
    }

    int width(int index) {
        return widths[index];
    }

    float[][] weightRows(int layer) {
        return weights[layer - 1];
    }

    Activation activation(int layer) {
        return activations.get(layer - 1);
    }
}
