package io.jinit.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.testing.ReadmeExample;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "Use with DJL" example of the root README.md, run on the PyTorch engine, and the README's text checked against it. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        try (NDManager manager = Engines.newManager()) {
            // README example begins
            SequentialBlock mlp = new SequentialBlock()
                    .add(Linear.builder().setUnits(256).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(10).build());
            // Every parameter filled under RandomKey.of(2024).derive(its path name), as PyTorch's nn.Linear would.
            JinitBlocks.initialize(mlp, manager, DataType.FLOAT32, 2024, Preset.PYTORCH, new Shape(32, 784));

            // Or any jinit initializer per parameter, chosen by its name, block or type; DJL fills them when it
            // initializes the block (block.initialize, trainer.initialize or the first training forward pass).
            SequentialBlock deep = new SequentialBlock()
                    .add(Linear.builder().setUnits(512).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(512).build());
            Initializer he = Initializers.get("he_uniform", Map.of("fan_convention", "torch"));
            JinitBlocks.setInitializers(deep, 2024, p -> p.name().endsWith("_bias") ? Preset.KERAS.apply(p) : he);
            deep.initialize(manager, DataType.FLOAT32, new Shape(32, 784));
            // README example ends

            RandomKey model = RandomKey.of(2024);
            Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5)));
            assertThat(mlp.getParameters().get("01Linear_weight").getArray().toFloatArray())
                    .isEqualTo(kaiming.sample(io.jinit.shape.Shape.of(256, 784), model.derive("01Linear_weight")));
            assertThat(deep.getParameters().get("03Linear_weight").getArray().toFloatArray())
                    .isEqualTo(he.sample(io.jinit.shape.Shape.of(512, 512), model.derive("03Linear_weight")));
            assertThat(deep.getParameters().get("03Linear_bias").getArray().toFloatArray()).containsOnly(0f);
        }
    }

    @Test
    void readmeShowsTheCodeThisTestRuns() {
        Path test = Path.of("src/test/java/io/jinit/djl/ReadmeExampleTest.java");
        assertThat(ReadmeExample.shownIn(Path.of("../README.md"), test)).as(ReadmeExample.in(test)).isTrue();
    }
}
