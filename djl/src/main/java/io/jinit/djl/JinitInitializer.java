package io.jinit.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.jinit.ElementType;
import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A jinit initializer as a DJL {@link ai.djl.training.initializer.Initializer}, under one key:
 * the parameter DJL hands it gets {@code init.sample(shape, key)}, in row-major (C) order of
 * DJL's shape, the bits jinit gives anywhere else for the same initializer, shape and key.
 *
 * <p>One adapter is one key, so it is meant for one parameter. DJL passes an initializer the
 * shape of the parameter but not its name; an adapter shared by several parameters
 * ({@code block.setInitializer(adapter, Parameter.Type.WEIGHT)}) gives every parameter of one
 * shape the same values, and parameters of different shapes values drawn from the same words.
 * To initialize a block, {@link JinitBlocks} gives each parameter its own adapter, keyed by the
 * parameter's path name: {@code RandomKey.of(seed).derive(name)}.
 *
 * <p>DJL's shapes are read as they are: a {@code Linear} weight is {@code (out, in)} and a
 * convolution's {@code (out, in / groups, k...)}, PyTorch's layout, so an initializer that reads
 * fans should use the TORCH convention (a torch name, or a Keras name with
 * {@code "fan_convention": "torch"}).
 *
 * @since 0.1
 */
public final class JinitInitializer implements ai.djl.training.initializer.Initializer {
    private final Initializer init;
    private final RandomKey key;

    private JinitInitializer(Initializer init, RandomKey key) {
        this.init = init;
        this.key = key;
    }

    /**
     * The adapter that fills with {@code init} under {@code key}.
     *
     * @param init the jinit initializer
     * @param key the key of the one parameter this adapter initializes, for example
     *     {@code RandomKey.of(seed).derive("01Linear_weight")}
     * @return the adapter
     * @throws IllegalArgumentException if an argument is null
     */
    public static JinitInitializer of(Initializer init, RandomKey key) {
        if (init == null) {
            throw new IllegalArgumentException("init must not be null: null");
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null: null");
        }
        return new JinitInitializer(init, key);
    }

    /**
     * The jinit initializer this adapter fills with.
     *
     * @return the initializer
     */
    public Initializer initializer() {
        return init;
    }

    /**
     * The key this adapter fills under.
     *
     * @return the key
     */
    public RandomKey key() {
        return key;
    }

    /**
     * A new array of {@code shape} holding the initializer's values under this adapter's key, in
     * the bits jinit's files of the same dtype hold: float32 arrays hold jinit's float32 fill,
     * float64 arrays its float64 fill, float16 arrays its float64 fill rounded once to float16
     * ({@link ElementType#FLOAT16}). The values are filled straight into a direct little-endian
     * buffer ({@link ParallelFill#fill(Initializer, Shape, RandomKey, long, ByteBuffer,
     * ElementType)}), which the engine copies into the tensor.
     *
     * @param manager the manager that owns the new array, on its device
     * @param shape the parameter's shape
     * @param dataType float32, float64 or float16
     * @return the new array
     * @throws IllegalArgumentException if the data type is another one (bfloat16 included: DJL
     *     0.35.1's PyTorch engine aborts the JVM on creating or converting to a bfloat16 array), or
     *     the shape cannot be served by the initializer
     */
    @Override
    public NDArray initialize(NDManager manager, ai.djl.ndarray.types.Shape shape, DataType dataType) {
        ElementType type = switch (dataType) {
            case FLOAT32 -> ElementType.FLOAT32;
            case FLOAT64 -> ElementType.FLOAT64;
            case FLOAT16 -> ElementType.FLOAT16;
            default -> throw new IllegalArgumentException("dataType must be float32, float64 or float16: " + dataType);
        };
        Shape jinitShape = Shape.copyOf(shape.getShape());
        ByteBuffer values = ByteBuffer.allocateDirect(Math.multiplyExact(jinitShape.intSize(), type.byteSize()))
                .order(ByteOrder.LITTLE_ENDIAN);
        ParallelFill.common().fill(init, jinitShape, key, 0, values, type);
        return manager.create(values, shape, dataType);
    }

    @Override
    public String toString() {
        return "JinitInitializer[init=" + init + ", key=" + key + "]";
    }
}
