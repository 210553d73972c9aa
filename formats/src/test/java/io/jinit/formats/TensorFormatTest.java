package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.init.Constant;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TensorFiles#write}: the writer its extension names, and its refusals. */
class TensorFormatTest {
    @TempDir
    Path dir;

    private static final List<InitializedTensor> TWO = List.of(
            InitializedTensor.of("a", Shape.of(2, 3), DType.FLOAT32, new Constant(1.5), 7),
            InitializedTensor.of("b", Shape.of(4), DType.FLOAT64, new Constant(-2), 7));

    @Test
    void extensionsNameTheirFormats() {
        assertThat(TensorFormat.ofFileName("m.safetensors")).contains(TensorFormat.SAFETENSORS);
        assertThat(TensorFormat.ofFileName("dir/m.npz")).contains(TensorFormat.NPZ);
        assertThat(TensorFormat.ofFileName("w.npy")).contains(TensorFormat.NPY);
        assertThat(TensorFormat.ofFileName("w.NPY")).isEmpty();
        assertThat(TensorFormat.ofFileName("w.npy.txt")).isEmpty();
    }

    @Test
    void writesWhatEachWriterWrites() throws IOException {
        for (TensorFormat f : List.of(TensorFormat.SAFETENSORS, TensorFormat.NPZ)) {
            Path byExtension = dir.resolve("x" + f.extension());
            Path direct = dir.resolve("direct" + f.extension());
            TensorFiles.write(byExtension, TWO);
            if (f == TensorFormat.NPZ) {
                NpzWriter.of().write(direct, TWO);
            } else {
                SafetensorsWriter.of().write(direct, TWO);
            }
            assertThat(Files.readAllBytes(byExtension)).isEqualTo(Files.readAllBytes(direct));
        }
        Path npy = dir.resolve("a.npy");
        TensorFiles.write(npy, TWO.subList(0, 1));
        assertThat(TensorFiles.open(npy)).extracting(TensorInfo::shape).containsExactly(Shape.of(2, 3));
    }

    @Test
    void refusesUnknownExtensionsAndNpyOfManyTensors() {
        Path txt = dir.resolve("m.txt");
        assertThatThrownBy(() -> TensorFiles.write(txt, TWO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file name must end in .safetensors, .npz or .npy: m.txt");
        Path npy = dir.resolve("m.npy");
        assertThatThrownBy(() -> TensorFiles.write(npy, TWO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(".npy holds one tensor, not 2: " + npy);
        assertThat(Files.exists(txt) || Files.exists(npy)).isFalse();
    }

    @Test
    void refusesBfloat16InNumpyFiles() {
        List<InitializedTensor> half = List.of(
                InitializedTensor.of("h", Shape.of(3), DType.BFLOAT16, new Constant(1), 7));
        assertThatThrownBy(() -> TensorFiles.write(dir.resolve("h.npz"), half))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NumPy has no bfloat16");
    }
}
