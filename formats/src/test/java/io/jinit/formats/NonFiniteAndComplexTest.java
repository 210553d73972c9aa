package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NaN and infinite elements are counted apart from the statistics of the finite ones, and complex
 * tensors, which numpy writes with descrs {@code '<c8'} and {@code '<c16'} and safetensors as
 * {@code C64}, are listed with their dtype and summarised by magnitude.
 */
class NonFiniteAndComplexTest {
    @TempDir
    Path dir;

    private Path npy(String name, DType dtype, ByteOrder order, double... parts) throws IOException {
        int count = dtype.isComplex() ? parts.length / 2 : parts.length;
        byte[] header = new NpyHeader(dtype, order, false, Shape.of(count)).encode();
        ByteBuffer b = ByteBuffer.allocate(header.length + count * dtype.byteSize()).order(order);
        b.put(header);
        for (double p : parts) {
            if (dtype == DType.FLOAT32 || dtype == DType.COMPLEX64) {
                b.putFloat((float) p);
            } else {
                b.putDouble(p);
            }
        }
        return Files.write(dir.resolve(name + ".npy"), b.array());
    }

    @Test
    void nonFiniteElementsAreCountedAndTheFiniteOnesSummarised() throws IOException {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Path f = npy("w", DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, 1, nan, inf, -inf, 3, nan, -inf);
        // numpy: a = np.load(f); a[np.isfinite(a)] is [1, 3]: mean 2, std 1, min 1, max 3.
        assertThat(TensorFiles.stats(f, "w")).isEqualTo(new TensorStats(7, 2, 1, 1, 3, 2, 1, 2));
        assertThat(TensorFiles.stats(f, "w").nonFinite()).isEqualTo(5);
        Path none = npy("n", DType.FLOAT64, ByteOrder.BIG_ENDIAN, nan, inf);
        assertThat(TensorFiles.stats(none, "n")).isEqualTo(new TensorStats(2, nan, nan, nan, nan, 1, 1, 0));
    }

    @Test
    void statisticsRejectImpossibleCounts() {
        assertThatThrownBy(() -> new TensorStats(2, 0, 0, 0, 0, 2, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nans, positiveInfinities and negativeInfinities must be >= 0 and sum to at most count 2:"
                        + " 2, 1, 0");
    }

    @Test
    void complexNpyIsListedAndSummarisedByMagnitude() throws IOException {
        // np.save(f, np.array([3+4j, -1j, 0], np.complex64)) writes descr '<c8'.
        Path c8 = npy("c8", DType.COMPLEX64, ByteOrder.LITTLE_ENDIAN, 3, 4, 0, -1, 0, 0);
        assertThat(TensorFiles.open(c8)).containsExactly(new TensorInfo("c8", Shape.of(3), DType.COMPLEX64));
        assertThat(TensorFiles.stats(c8, "c8")).isEqualTo(new TensorStats(3, 2, Math.sqrt(14.0 / 3), 0, 5));
        Path c16 = npy("c16", DType.COMPLEX128, ByteOrder.BIG_ENDIAN, 5, 12, Double.NaN, 0);
        assertThat(TensorFiles.open(c16)).containsExactly(new TensorInfo("c16", Shape.of(2), DType.COMPLEX128));
        assertThat(TensorFiles.stats(c16, "c16")).isEqualTo(new TensorStats(2, 13, 0, 13, 13, 1, 0, 0));
        assertThatThrownBy(() -> TensorFiles.read(c8, "c8", 0, new double[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor c8 of " + c8 + " is complex; read gives real elements only: COMPLEX64");
    }

    @Test
    void complexSafetensorsIsC64() throws IOException {
        String json = "{\"z\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(text.length).put(text).putFloat(-6).putFloat(8);
        Path f = Files.write(dir.resolve("z.safetensors"), b.array());
        assertThat(TensorFiles.open(f)).containsExactly(new TensorInfo("z", Shape.of(1), DType.COMPLEX64));
        assertThat(TensorFiles.stats(f, "z")).isEqualTo(new TensorStats(1, 10, 0, 10, 10));
    }
}
