package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.init.Constant;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments to the writers: each is refused before any file is created, naming the argument and value. */
class BadInputTest {
    @TempDir
    Path dir;

    private static InitializedTensor tensor(String name, DType dtype) {
        return InitializedTensor.of(name, Shape.of(2, 3), dtype, new Constant(1), 0);
    }

    private void assertNoFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void bfloat16HasNoNumpyFile() throws IOException {
        assertThatThrownBy(() -> NpyWriter.of().write(dir.resolve("w.npy"), tensor("w", DType.BFLOAT16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dtype of tensor w cannot be written to .npy or .npz (they hold FLOAT32, FLOAT64 and"
                        + " FLOAT16; NumPy has no bfloat16, write it to .safetensors): BFLOAT16");
        assertThatThrownBy(() -> NpzWriter.of().write(dir.resolve("w.npz"),
                List.of(tensor("a", DType.FLOAT32), tensor("w", DType.BFLOAT16))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": BFLOAT16");
        assertThatThrownBy(DType.BFLOAT16::numpyDescr).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": BFLOAT16");
        assertNoFiles();
    }

    @Test
    void negativeAndOverflowingShapes() {
        assertThatThrownBy(() -> InitializedTensor.of("w", Shape.of(3, -1), DType.FLOAT32, new Constant(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("shape dimension 1 must be >= 0: -1 in [3, -1]");
        assertThatThrownBy(() -> Shape.of(1L << 32, 1L << 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
        InitializedTensor huge = InitializedTensor.of("w", Shape.of(1L << 61), DType.FLOAT64, new Constant(0), 0);
        assertThatThrownBy(() -> NpyWriter.of().write(dir.resolve("w.npy"), huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor byte count overflows a long: shape [2305843009213693952] of FLOAT64");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"), List.of(huge)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows a long");
    }

    @Test
    void namesMustBeDistinctAndNotReserved() throws IOException {
        assertThatThrownBy(() -> NpzWriter.of().write(dir.resolve("w.npz"), List.of(tensor("a", DType.FLOAT32),
                tensor("a", DType.FLOAT64)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor names must be distinct, repeated: a");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"),
                List.of(tensor("a", DType.FLOAT32), tensor("a", DType.FLOAT64)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor names must be distinct, repeated: a");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"),
                List.of(tensor("__metadata__", DType.FLOAT32)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name of tensor 0 must be a non-empty string other than __metadata__: __metadata__");
        assertThatThrownBy(() -> tensor("", DType.FLOAT32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a non-empty string: \"\"");
        assertThatThrownBy(() -> tensor("w", DType.INT32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dtype of tensor w must be FLOAT32, FLOAT64, BFLOAT16 or FLOAT16: INT32");
        assertNoFiles();
    }

    @Test
    void oneSeedPerSafetensorsFile() throws IOException {
        List<InitializedTensor> two = List.of(
                InitializedTensor.of("a", Shape.of(2), DType.FLOAT32, new Constant(1), 1),
                InitializedTensor.of("b", Shape.of(2), DType.FLOAT32, new Constant(1), 2));
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"), two))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata key jinit.seed of tensor b conflicts with an earlier value (1): 2");
        assertNoFiles();
    }

    @Test
    void writerParameters() {
        assertThatThrownBy(() -> NpyWriter.of().withChunkElements(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkElements must be in [1, 134217728]: 0");
        assertThatThrownBy(() -> NpzWriter.of().withChunkElements(1 << 28)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkElements must be in [1, 134217728]: 268435456");
        assertThatThrownBy(() -> SafetensorsWriter.of().withMetadata(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata must not be null: null");
        assertThatThrownBy(() -> NpyWriter.of().write(null, tensor("w", DType.FLOAT32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("out must not be null: null");
        assertThatThrownBy(() -> NpyWriter.of().write(Path.of("x.npy"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("source must not be null: null");
        assertThatThrownBy(() -> NpzWriter.of().write(Path.of("x.npz"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sources must not be null: null");
        assertThatThrownBy(() -> new SafetensorsWriter(1, Map.of()).write(Path.of("x.safetensors"),
                java.util.Arrays.asList((TensorSource) null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("source 0 must not be null: null");
    }

    @Test
    void readerArguments() throws IOException {
        Path out = dir.resolve("w.npy");
        NpyWriter.of().write(out, tensor("w", DType.FLOAT32));
        assertThatThrownBy(() -> TensorFiles.read(out, "v", 0, new double[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name is not a tensor of " + out + ": v");
        assertThatThrownBy(() -> TensorFiles.read(out, "w", 5, new double[2], 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be in [0, 4] to read 2 elements of tensor w of shape [2, 3]: 5");
        assertThatThrownBy(() -> TensorFiles.read(out, "w", 0, new double[2], 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset and length must lie within the array of length 2: offset=1, length=2");
        assertThatThrownBy(() -> TensorFiles.open(dir.resolve("nope.npy")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file does not exist or is not a regular file: " + dir.resolve("nope.npy"));
        assertThatThrownBy(() -> TensorFiles.open(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("file must not be null: null");
    }
}
