package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializers;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of formats/README.md and of the writers' Javadoc, compiled and run. */
class ExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExample() throws IOException {
        Path file = dir.resolve("model.safetensors");
        // --- README example, with Path.of("model.safetensors") replaced by file ---
        // One model, one seed: each tensor gets its own key from its name.
        List<InitializedTensor> model = List.of(
                InitializedTensor.of("layer.0.weight", Shape.of(512, 784), DType.BFLOAT16, Initializers.get("kaiming_uniform_"), 42),
                InitializedTensor.of("layer.0.bias", Shape.of(512), DType.FLOAT32, Initializers.get("zeros"), 42));
        TensorFiles.write(file, model);   // the writer by extension
        Map<String, TensorStats> stats = TensorFiles.stats(file);
        // --- end of example ---
        assertThat(stats.get("layer.0.bias")).isEqualTo(new TensorStats(512, 0, 0, 0, 0));
        assertThat(stats.get("layer.0.weight").count()).isEqualTo(512 * 784);
    }

    @Test
    void npyWriterJavadocExample() throws IOException {
        Path w = dir.resolve("w.npy");
        NpyWriter.of().write(w,
                InitializedTensor.of("w", Shape.of(784, 128), DType.FLOAT32, Initializers.get("he_normal"), 42));
        assertThat(Files.size(w)).isEqualTo(128 + 784 * 128 * 4);
    }
}
