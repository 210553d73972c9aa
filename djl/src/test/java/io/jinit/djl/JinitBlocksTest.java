package io.jinit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.Model;
import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.embedding.TrainableWordEmbedding;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Prelu;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Blocks initialized through jinit on the PyTorch engine: each parameter read back from the engine
 * holds, in C order of its shape, the bits of jinit's own fill of (initializer, path name, shape).
 */
class JinitBlocksTest extends EngineTest {
    private static final long SEED = 2024;
    private static final ai.djl.ndarray.types.Shape MLP_INPUT = new ai.djl.ndarray.types.Shape(2, 64);
    private static final ai.djl.ndarray.types.Shape CNN_INPUT = new ai.djl.ndarray.types.Shape(2, 3, 12, 12);

    @Test
    void mlpUnderPyTorchPresetHoldsJinitsBitsUnderPathNames() {
        SequentialBlock mlp = Engines.mlp();
        JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, SEED, Preset.PYTORCH, MLP_INPUT);

        assertThat(names(mlp)).containsExactly("01Linear_weight", "01Linear_bias", "03Linear_weight",
                "03Linear_bias", "05Linear_weight", "05Linear_bias");
        assertEveryParameterIsJinitsFill(mlp, Preset.PYTORCH);
        // The same values from the names alone, without the preset: nn.Linear(64, 64)'s rules.
        Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5)));
        Initializer bias = Initializers.get("torch_linear_bias", Map.of("fan_in", 64L));
        assertThat(read(mlp, "03Linear_weight")).isEqualTo(bits(kaiming.sample(Shape.of(64, 64), key("03Linear_weight"))));
        assertThat(read(mlp, "03Linear_bias")).isEqualTo(bits(bias.sample(Shape.of(64), key("03Linear_bias"))));
        assertThat(values(mlp, "05Linear_weight")).hasSize(10 * 64);
    }

    @Test
    void layersOfOneShapeDiffer() {
        SequentialBlock mlp = Engines.mlp();
        JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, SEED, Preset.KERAS, MLP_INPUT);

        assertThat(shape(mlp, "01Linear_weight")).isEqualTo(shape(mlp, "03Linear_weight"));
        assertThat(read(mlp, "01Linear_weight")).isNotEqualTo(read(mlp, "03Linear_weight"));
    }

    @Test
    void cnnUnderKerasPresetHoldsJinitsBitsUnderPathNames() {
        SequentialBlock cnn = Engines.cnn();
        JinitBlocks.initialize(cnn, manager, DataType.FLOAT32, SEED, Preset.KERAS, CNN_INPUT);

        assertThat(names(cnn)).isEqualTo(cnn.getParameters().keys()).contains(
                "02BatchNorm_runningVar", "04SequentialBlock_01Conv2d_weight", "04SequentialBlock_03Conv2d_weight");
        assertEveryParameterIsJinitsFill(cnn, Preset.KERAS);
        // DJL's conv weight is (out, in, kh, kw): Glorot's fans are 8*9 and 3*9, not 3*3 and 8*3.
        assertThat(shape(cnn, "01Conv2d_weight")).isEqualTo(new ai.djl.ndarray.types.Shape(8, 3, 3, 3));
        float limit = (float) Math.sqrt(6.0 / (27 + 72));
        assertThat(maxAbs(values(cnn, "01Conv2d_weight"))).isLessThanOrEqualTo(limit).isGreaterThan(0.9f * limit);
        Initializer glorot = Initializers.get("glorot_uniform", Map.of("fan_convention", "torch"));
        assertThat(read(cnn, "04SequentialBlock_03Conv2d_weight"))
                .isEqualTo(bits(glorot.sample(Shape.of(8, 8, 3, 3), key("04SequentialBlock_03Conv2d_weight"))));
        assertThat(read(cnn, "04SequentialBlock_01Conv2d_weight")).isNotEqualTo(read(cnn, "04SequentialBlock_03Conv2d_weight"));
        assertThat(values(cnn, "06Linear_bias")).containsOnly(0f);
        assertThat(values(cnn, "02BatchNorm_gamma")).containsOnly(1f);
        assertThat(values(cnn, "02BatchNorm_runningVar")).containsOnly(1f);
        assertThat(values(cnn, "02BatchNorm_beta")).containsOnly(0f);
    }

    @Test
    void cnnBiasUnderPyTorchPresetReadsTheFanInOfItsConvolution() {
        SequentialBlock cnn = Engines.cnn();
        JinitBlocks.initialize(cnn, manager, DataType.FLOAT32, SEED, Preset.PYTORCH, CNN_INPUT);

        assertEveryParameterIsJinitsFill(cnn, Preset.PYTORCH);
        // nn.Conv2d(8, 8, 3): fan_in = 8 * 3 * 3 = 72, bias bound 1/sqrt(72).
        Initializer bias = Initializers.get("torch_linear_bias", Map.of("fan_in", 72L));
        assertThat(read(cnn, "04SequentialBlock_03Conv2d_bias"))
                .isEqualTo(bits(bias.sample(Shape.of(8), key("04SequentialBlock_03Conv2d_bias"))));
        assertThat(maxAbs(values(cnn, "06Linear_bias"))).isLessThanOrEqualTo((float) (1 / Math.sqrt(288)));
    }

    @Test
    void float64ParametersHoldJinitsFloat64Fill() {
        SequentialBlock mlp = Engines.mlp();
        JinitBlocks.initialize(mlp, manager, DataType.FLOAT64, SEED, Preset.PYTORCH, MLP_INPUT);

        NDArray array = mlp.getParameters().get("01Linear_weight").getArray();
        assertThat(array.getDataType()).isEqualTo(DataType.FLOAT64);
        Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5)));
        assertThat(array.toDoubleArray()).isEqualTo(kaiming.sampleDouble(Shape.of(64, 64), key("01Linear_weight")));
    }

    @Test
    void setInitializersLeavesTheFillToDjlsFirstTrainingForwardPass() {
        SequentialBlock lazy = Engines.mlp();
        JinitBlocks.setInitializers(lazy, SEED, Preset.PYTORCH);
        assertThat(lazy.isInitialized()).isFalse();
        try (NDManager batch = manager.newSubManager()) {
            lazy.forward(new ParameterStore(manager, false), new NDList(batch.ones(MLP_INPUT)), true);
        }
        SequentialBlock eager = Engines.mlp();
        JinitBlocks.initialize(eager, manager, DataType.FLOAT32, SEED, Preset.PYTORCH, MLP_INPUT);

        assertThat(lazy.isInitialized()).isTrue();
        for (String name : names(eager)) {
            assertThat(read(lazy, name)).as(name).isEqualTo(read(eager, name));
        }
    }

    @Test
    void setInitializersLeavesTheFillToTheTrainer() {
        SequentialBlock eager = Engines.mlp();
        JinitBlocks.initialize(eager, manager, DataType.FLOAT32, SEED, Preset.KERAS, MLP_INPUT);
        try (Model model = Model.newInstance("mlp")) {
            model.setBlock(Engines.mlp());
            // newTrainer sets the config's own initializers (none here), so jinit's are set after it.
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                JinitBlocks.setInitializers(model.getBlock(), SEED, Preset.KERAS);
                trainer.initialize(MLP_INPUT);

                for (String name : names(eager)) {
                    assertThat(read(model.getBlock(), name)).as(name).isEqualTo(read(eager, name));
                }
            }
        }
    }

    @Test
    void anyChoiceOfInitializersByName() {
        SequentialBlock mlp = Engines.mlp();
        Initializer orthogonal = Initializers.get("orthogonal_");
        Initializer zeros = Initializers.get("zeros_");
        Function<BlockParameter, Initializer> choice = p -> p.name().endsWith("_bias") ? zeros : orthogonal;
        JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, SEED, choice, MLP_INPUT);

        assertEveryParameterIsJinitsFill(mlp, choice);
        assertThat(values(mlp, "03Linear_bias")).containsOnly(0f);
    }

    @Test
    void embeddingUnderBothPresets() {
        for (Preset preset : Preset.values()) {
            TrainableWordEmbedding embedding = new TrainableWordEmbedding(new DefaultVocabulary(List.of("a", "b", "c")), 16);
            JinitBlocks.initialize(embedding, manager, DataType.FLOAT32, SEED, preset, new ai.djl.ndarray.types.Shape(2));

            Initializer expected = preset == Preset.KERAS
                    ? Initializers.get("random_uniform")                  // Keras Embedding: U(-0.05, 0.05)
                    : Initializers.get("torch_embedding_default");        // nn.Embedding: N(0, 1)
            Shape shape = Shape.copyOf(shape(embedding, "embedding").getShape());
            assertThat(shape.dim(1)).isEqualTo(16);
            assertThat(read(embedding, "embedding")).as(preset.name()).isEqualTo(bits(expected.sample(shape, key("embedding"))));
        }
    }

    @Test
    void refusesABlockAlreadyInitialized() {
        SequentialBlock mlp = Engines.mlp();
        mlp.initialize(manager, DataType.FLOAT32, MLP_INPUT);

        assertThatThrownBy(() -> JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, SEED, Preset.KERAS, MLP_INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("01Linear_weight");
    }

    @Test
    void presetNamesTheParameterItHasNoRuleFor() {
        SequentialBlock block = new SequentialBlock().add(Engines.mlp()).add(new Prelu());

        assertThatThrownBy(() -> JinitBlocks.initialize(block, manager, DataType.FLOAT32, SEED, Preset.KERAS, MLP_INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("02Prelu_alpha").hasMessageContaining("Prelu").hasMessageContaining("KERAS");
    }

    @Test
    void refusesIntegerAndBfloat16Parameters() {
        assertThatThrownBy(() -> JinitBlocks.initialize(Engines.mlp(), manager, DataType.INT32, SEED, Preset.KERAS, MLP_INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataType must be float32, float64 or float16: int32");
        assertThatThrownBy(() -> JinitBlocks.initialize(Engines.mlp(), manager, DataType.BFLOAT16, SEED, Preset.KERAS, MLP_INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataType must be float32, float64 or float16: bfloat16");
    }

    private static void assertEveryParameterIsJinitsFill(Block block, Function<BlockParameter, ? extends Initializer> choice) {
        for (BlockParameter p : JinitBlocks.parameters(block)) {
            Shape shape = Shape.copyOf(p.parameter().getShape().getShape());
            float[] expected = choice.apply(p).sample(shape, key(p.name()));
            assertThat(read(block, p.name())).as(p.name()).isEqualTo(bits(expected));
        }
    }

    private static RandomKey key(String name) {
        return RandomKey.of(SEED).derive(name);
    }

    private static List<String> names(Block block) {
        return JinitBlocks.parameters(block).stream().map(BlockParameter::name).collect(Collectors.toList());
    }

    private static ai.djl.ndarray.types.Shape shape(Block block, String name) {
        return block.getParameters().get(name).getShape();
    }

    private static float[] values(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }

    /** The parameter's float32 bits, in C order, as the engine holds them. */
    private static int[] read(Block block, String name) {
        return bits(values(block, name));
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    private static float maxAbs(float[] values) {
        float m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
