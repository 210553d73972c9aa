package io.jinit.dl4j;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.LinkedHashMap;
import java.util.Objects;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A jinit initializer as a Deeplearning4j {@link IWeightInit}, filling one parameter under its
 * own key {@code RandomKey.of(seed).derive(parameterName)}.
 *
 * <p>Deeplearning4j hands a weight initializer the fans, the shape, the order and a view into
 * the network's flat parameter buffer, but not the parameter's name: an initializer shared by
 * every layer would give every layer of one shape the same values. This one therefore carries
 * the name of the parameter it is for; {@link NetworkInitialization} gives every layer its own.
 *
 * <p>Element {@code [i][j]...} of the parameter equals element {@code [i][j]...} of jinit's
 * row-major fill of the same shape, whatever the view's order: Deeplearning4j keeps dense
 * weights {@code (nIn, nOut)} in column-major ('f') order and convolution weights
 * {@code (out, in, kh, kw)} in row-major ('c') order. So {@code net.getParam(name)} read in C
 * order equals {@code initializer.sample(Shape.of(shape), RandomKey.of(seed).derive(parameterName))}
 * bit for bit (float32 networks; a float64 network gets jinit's float64 fill, and a float16 or
 * bfloat16 network the float32 values rounded by ND4J).
 *
 * <p>The fans Deeplearning4j passes are ignored: the initializer computes them from the shape
 * under its own fan convention (for a convolution Deeplearning4j passes
 * {@code fanOut = out * kh * kw / (strideH * strideW)}, which neither Keras nor PyTorch uses).
 *
 * <p>Deeplearning4j writes weight initializers into a configuration's JSON by class name with
 * their fields ({@code MultiLayerConfiguration.toJson()}, {@code ModelSerializer}); this one
 * writes the initializer's Keras-shaped dict ({@link Initializers#serialize}), the seed and the
 * parameter name, and reads back to the same values.
 *
 * @since 0.1
 */
public final class JinitWeightInit implements IWeightInit {
    private static final long serialVersionUID = 1L;

    /** The initializer's dict as {@link Initializers#serialize} writes it. */
    private final LinkedHashMap<String, Object> initializer;
    /** The model's seed. */
    private final long seed;
    /** The name the parameter's key is derived from. */
    private final String parameterName;

    /**
     * An initializer for one parameter.
     *
     * @param initializer the jinit initializer, with the fan convention of the parameter's
     *     layout (see {@link NetworkInitialization})
     * @param seed the model's seed
     * @param parameterName the parameter's name, e.g. {@code "0_W"}
     * @throws IllegalArgumentException if initializer or parameterName is null
     */
    public JinitWeightInit(NamedInitializer initializer, long seed, String parameterName) {
        if (initializer == null) {
            throw new IllegalArgumentException("initializer must not be null: null");
        }
        if (parameterName == null) {
            throw new IllegalArgumentException("parameterName must not be null: null");
        }
        this.initializer = new LinkedHashMap<>(Initializers.serialize(initializer));
        this.seed = seed;
        this.parameterName = parameterName;
    }

    /** For Deeplearning4j's JSON reader, which sets the fields afterwards. */
    private JinitWeightInit() {
        this.initializer = new LinkedHashMap<>();
        this.seed = 0;
        this.parameterName = "";
    }

    /**
     * The initializer this fills with.
     *
     * @return the initializer its dict describes
     */
    public NamedInitializer initializer() {
        return Initializers.deserialize(initializer);
    }

    /**
     * The key this fills with.
     *
     * @return {@code RandomKey.of(seed).derive(parameterName)}
     */
    public RandomKey key() {
        return RandomKey.of(seed).derive(parameterName);
    }

    /**
     * The name the key is derived from.
     *
     * @return the parameter name
     */
    public String parameterName() {
        return parameterName;
    }

    /**
     * Fills the parameter with jinit's values for its shape and key.
     *
     * @param fanIn ignored: the initializer computes the fans from the shape
     * @param fanOut ignored, as fanIn
     * @param shape the parameter's shape
     * @param order the order in which Deeplearning4j lays out the parameter, 'c' or 'f'
     * @param paramView the parameter's view into the network's flat parameters
     * @return the view, reshaped to {@code shape} in {@code order}
     * @throws IllegalArgumentException if the initializer cannot serve the shape
     */
    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        INDArray target = paramView.reshape(order, shape);
        fill(target, initializer(), Shape.copyOf(shape), key());
        return target;
    }

    /**
     * Writes jinit's row-major fill of {@code shape} into {@code target}, which has that shape in
     * any order: ND4J's assign copies element {@code [i][j]...} to element {@code [i][j]...}.
     * Large tensors are filled on jinit's common pool, with the same bits as on one thread.
     */
    static void fill(INDArray target, Initializer init, Shape shape, RandomKey key) {
        long[] dims = target.shape();
        INDArray values = target.dataType() == DataType.DOUBLE
                ? Nd4j.create(ParallelFill.common().sampleDouble(init, shape, key), dims, 'c')
                : Nd4j.create(ParallelFill.common().sample(init, shape, key), dims, 'c');
        target.assign(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JinitWeightInit other && seed == other.seed
                && parameterName.equals(other.parameterName) && initializer().equals(other.initializer());
    }

    // The dict's numbers may come back from JSON as other boxed types (a Long seed as an
    // Integer); the initializers they describe are equal.
    @Override
    public int hashCode() {
        return Objects.hash(initializer(), seed, parameterName);
    }

    @Override
    public String toString() {
        return "JinitWeightInit[" + initializer.get("class_name") + " " + initializer.get("config")
                + ", seed=" + seed + ", parameterName=" + parameterName + "]";
    }

}
