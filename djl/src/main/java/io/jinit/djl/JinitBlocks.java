package io.jinit.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.jinit.Initializer;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Initializes a DJL {@link Block} with jinit: every parameter gets its own key,
 * {@code RandomKey.of(seed).derive(name)}, from its path name in {@link Block#getParameters()}
 * ({@code "01Linear_weight"}, {@code "02SequentialBlock_03Conv2d_bias"}), so that layers of one
 * shape differ, and the values do not depend on the order in which DJL initializes the blocks.
 *
 * <pre>{@code
 * SequentialBlock mlp = new SequentialBlock()
 *         .add(Linear.builder().setUnits(256).build())
 *         .add(Activation.reluBlock())
 *         .add(Linear.builder().setUnits(10).build());
 * JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, 2024, Preset.PYTORCH, new Shape(32, 784));
 * }</pre>
 *
 * <p>Each parameter's initializer is chosen by a function of the {@link BlockParameter} (path
 * name, declaring block, DJL parameter), a {@link Preset} or any other, when DJL initializes the
 * parameter: then its shape, and its siblings' (a bias rule may read its weight's fans), are set.
 *
 * @since 0.1
 */
public final class JinitBlocks {

    private JinitBlocks() {
    }

    /**
     * Sets on every parameter of the block a DJL initializer that fills it with jinit under its own
     * key, and initializes the block for its input shapes.
     *
     * @param block the block; none of its parameters may hold values yet
     * @param manager the manager that owns the parameters' arrays
     * @param dataType the parameters' data type (float32, float64 or float16)
     * @param seed the model's seed
     * @param choice the initializer of each parameter, for example {@link Preset#KERAS}
     * @param inputShapes the shapes of the block's inputs, batch axis first
     * @throws IllegalArgumentException if a parameter already holds values (DJL would keep them),
     *     {@code choice} refuses a parameter, or the data type is not float32, float64 or float16
     */
    public static void initialize(Block block, NDManager manager, DataType dataType, long seed,
            Function<BlockParameter, ? extends Initializer> choice, Shape... inputShapes) {
        setInitializers(block, seed, choice);
        block.initialize(manager, dataType, inputShapes);
    }

    /**
     * Sets on every parameter of the block a DJL initializer that fills it with jinit under its own
     * key; DJL runs them when it initializes the block ({@code block.initialize},
     * {@code trainer.initialize}, or the first training forward pass).
     *
     * <p>{@code model.newTrainer(config)} sets the training config's own initializers
     * ({@code optInitializer}) on the parameters they match, replacing these: call this method
     * after {@code newTrainer}, or give the config none.
     *
     * @param block the block; none of its parameters may hold values yet
     * @param seed the model's seed
     * @param choice the initializer of each parameter, for example {@link Preset#PYTORCH}
     * @throws IllegalArgumentException if a parameter already holds values (DJL would keep them)
     */
    public static void setInitializers(Block block, long seed, Function<BlockParameter, ? extends Initializer> choice) {
        if (block == null) {
            throw new IllegalArgumentException("block must not be null: null");
        }
        if (choice == null) {
            throw new IllegalArgumentException("choice must not be null: null");
        }
        RandomKey model = RandomKey.of(seed);
        for (BlockParameter p : parameters(block)) {
            if (p.parameter().isInitialized()) {
                throw new IllegalArgumentException("block must not be initialized yet, DJL would keep the values"
                        + " of its parameter " + p.name() + ": " + block.getClass().getSimpleName());
            }
            p.parameter().setInitializer(new Chosen(p, model.derive(p.name()), choice));
        }
    }

    /**
     * Every parameter of the block with its path name and declaring block, in the order and under
     * the names of {@link Block#getParameters()}.
     *
     * @param block the block
     * @return its parameters
     */
    public static List<BlockParameter> parameters(Block block) {
        Map<Parameter, Block> declaring = new IdentityHashMap<>();
        collectDeclaringBlocks(block, declaring);
        List<BlockParameter> out = new ArrayList<>();
        for (Pair<String, Parameter> named : block.getParameters()) {
            Block owner = declaring.getOrDefault(named.getValue(), block);
            out.add(new BlockParameter(named.getKey(), owner, named.getValue()));
        }
        return out;
    }

    private static void collectDeclaringBlocks(Block block, Map<Parameter, Block> declaring) {
        for (Parameter direct : block.getDirectParameters().values()) {
            declaring.put(direct, block);
        }
        for (Block child : block.getChildren().values()) {
            collectDeclaringBlocks(child, declaring);
        }
    }

    /** Chooses the parameter's initializer when DJL initializes it, and fills under its key. */
    private static final class Chosen implements ai.djl.training.initializer.Initializer {
        private final BlockParameter parameter;
        private final RandomKey key;
        private final Function<BlockParameter, ? extends Initializer> choice;

        Chosen(BlockParameter parameter, RandomKey key, Function<BlockParameter, ? extends Initializer> choice) {
            this.parameter = parameter;
            this.key = key;
            this.choice = choice;
        }

        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            Initializer init = choice.apply(parameter);
            if (init == null) {
                throw new IllegalArgumentException("choice must give an initializer for parameter "
                        + parameter.name() + ": null");
            }
            return JinitInitializer.of(init, key).initialize(manager, shape, dataType);
        }
    }
}
