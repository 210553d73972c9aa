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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The "Use with DJL" example of the root README.md, run on the PyTorch engine, and the README's text checked against it. */
class ReadmeExampleTest {
    private static final String BEGIN = "// README example begins";
    private static final String END = "// README example ends";

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
    void readmeShowsTheCodeThisTestRuns() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/jinit/djl/ReadmeExampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("## Use with DJL"));
        int open = section.indexOf("```java\n") + "```java\n".length();
        String block = section.substring(open, section.indexOf("\n```\n", open));

        assertThat(block).isEqualTo(example(source));
    }

    /** The lines between the markers, without the indentation of the test method. */
    private static String example(String source) {
        List<String> lines = Arrays.asList(source.split("\n"));
        int begin = indexOfTrimmed(lines, BEGIN);
        int end = indexOfTrimmed(lines, END);
        int indent = lines.get(begin).indexOf(BEGIN);
        return lines.subList(begin + 1, end).stream()
                .map(line -> line.length() > indent ? line.substring(indent) : line.strip())
                .collect(Collectors.joining("\n"));
    }

    private static int indexOfTrimmed(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line " + marker + " in ReadmeExampleTest.java");
    }
}
