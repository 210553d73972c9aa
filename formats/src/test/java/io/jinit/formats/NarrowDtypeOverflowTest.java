package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finite value that rounds to infinity in float16 or bfloat16 is refused, naming the tensor and
 * the value, and no file is written; the largest finite values and deliberate infinities pass.
 */
class NarrowDtypeOverflowTest {
    @TempDir
    Path dir;

    @Test
    void float16AndBfloat16RefuseFiniteOverflow() {
        Path out = dir.resolve("w.safetensors");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(out, List.of(new ArraySource("w", Shape.of(3),
                DType.FLOAT16, new double[] {1.0, -65520.0, 2.0})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value of tensor w overflows float16 (largest finite 65504), write a wider dtype: -65520.0");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(out, List.of(new ArraySource("b", Shape.of(2),
                DType.BFLOAT16, new double[] {1.0, 3.4e38})))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor b overflows bfloat16").hasMessageEndingWith(": 3.4E38");
        assertThat(out).doesNotExist();
    }

    @Test
    void theLargestFiniteValuesAndDeliberateInfinitiesPass() throws IOException {
        Path out = dir.resolve("w.safetensors");
        SafetensorsWriter.of().write(out, List.of(
                new ArraySource("h", Shape.of(3), DType.FLOAT16, new double[] {65504.0, Double.NEGATIVE_INFINITY,
                    Double.NaN}),
                new ArraySource("b", Shape.of(2), DType.BFLOAT16, new double[] {3.3e38, Double.POSITIVE_INFINITY})));
        double[] h = new double[3];
        TensorFiles.read(out, "h", 0, h, 0, 3);
        assertThat(h[0]).isEqualTo(65504.0);
        assertThat(h[1]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(h[2]).isNaN();
    }

    /**
     * An infinity or NaN from a source whose values must be finite (an initializer's) is refused
     * in every dtype, naming the tensor, the value and its index, also past the first chunk; the
     * 16-bit paths find it while narrowing.
     */
    @Test
    void nonFiniteValuesOfAnInitializerAreRefusedInEveryDtype() {
        double[] values = new double[40];
        java.util.Arrays.fill(values, 0.5);
        values[37] = Double.NEGATIVE_INFINITY;
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.BFLOAT16, DType.FLOAT16}) {
            Path out = dir.resolve("f.safetensors");
            assertThatThrownBy(() -> SafetensorsWriter.of().withChunkElements(16).write(out, List.of(
                    new InitializerValues(new ArraySource("f", Shape.of(40), dtype, values)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tensor f gets -Infinity at element 37: its initializer's parameters overflow "
                            + dtype.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(out).doesNotExist();
        }
    }

    /** NumPy 2 loads at most 64 dimensions; a file with 65 would be written and never read. */
    @Test
    void ranksAboveNumpysLimitAreRefused() throws IOException {
        long[] dims = new long[TensorFiles.MAX_RANK + 1];
        java.util.Arrays.fill(dims, 1);
        ArraySource r65 = new ArraySource("r65", Shape.copyOf(dims), DType.FLOAT32, new double[] {1});
        assertThatThrownBy(() -> NpyWriter.of().write(dir.resolve("r.npy"), r65))
                .hasMessage("tensor r65 has rank 65; NumPy and safetensors load at most 64 dimensions");
        assertThatThrownBy(() -> NpzWriter.of().write(dir.resolve("r.npz"), List.of(r65)))
                .hasMessageContaining("has rank 65");
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("r.safetensors"), List.of(r65)))
                .hasMessageContaining("has rank 65");
        long[] max = java.util.Arrays.copyOf(dims, TensorFiles.MAX_RANK);
        NpyWriter.of().write(dir.resolve("r64.npy"), new ArraySource("r64", Shape.copyOf(max), DType.FLOAT32,
                new double[] {1}));
        assertThat(TensorFiles.open(dir.resolve("r64.npy")).get(0).shape().rank()).isEqualTo(64);
    }

    /** A source whose values must be finite, as an initializer's are. */
    private record InitializerValues(ArraySource values) implements TensorSource {
        @Override
        public String name() {
            return values.name();
        }

        @Override
        public Shape shape() {
            return values.shape();
        }

        @Override
        public DType dtype() {
            return values.dtype();
        }

        @Override
        public void fill(long from, float[] out, int offset, int length) {
            values.fill(from, out, offset, length);
        }

        @Override
        public void fill(long from, double[] out, int offset, int length) {
            values.fill(from, out, offset, length);
        }

        @Override
        public boolean finiteValues() {
            return true;
        }
    }
}
