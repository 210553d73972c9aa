package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.init.Constant;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy header rules beyond the golden files: tuples, growth padding, alignment, version 2.0. */
class NpyWriterTest {
    @TempDir
    Path dir;

    @Test
    void tuplesAreWrittenAsPythonReprs() {
        assertThat(NpyHeader.tuple(new long[0])).isEqualTo("()");
        assertThat(NpyHeader.tuple(new long[] {3})).isEqualTo("(3,)");
        assertThat(NpyHeader.tuple(new long[] {2, 3})).isEqualTo("(2, 3)");
        assertThat(NpyHeader.tuple(new long[] {2147483653L, 1})).isEqualTo("(2147483653, 1)");
    }

    @Test
    void headersAreAlignedWithGrowthRoom() {
        for (long first : new long[] {0, 1, 9, 10, 123456789, Long.MAX_VALUE / 8}) {
            byte[] h = NpyHeader.of(DType.FLOAT64, Shape.of(first, 1)).encode();
            assertThat(h.length % 64).isZero();
            assertThat(h[6]).isEqualTo((byte) 1);
            assertThat(h[h.length - 1]).isEqualTo((byte) '\n');
            String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
            String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + first + ", 1), }";
            assertThat(text).startsWith(dict);
            // numpy: 21 - len(str(shape[0])) growth spaces, then at least one pad space, then '\n'
            assertThat(text.length() - dict.length() - 1).isGreaterThanOrEqualTo(21 - Long.toString(first).length() + 1);
            assertThat(ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF).isEqualTo(h.length - 10);
        }
    }

    /** The largest rank the writers accept, with the longest dimensions, still fits version 1.0. */
    @Test
    void theLargestHeaderIsVersion1() throws IOException {
        long[] dims = new long[TensorFiles.MAX_RANK];
        Arrays.fill(dims, 1);
        dims[1] = Long.MAX_VALUE;
        dims[2] = 0;
        Shape shape = Shape.copyOf(dims);
        Path out = dir.resolve("v1.npy");
        NpyWriter.of().write(out, InitializedTensor.of("v1", shape, DType.FLOAT16, new Constant(0.5), 0));
        byte[] bytes = Files.readAllBytes(out);
        assertThat(bytes[6]).isEqualTo((byte) 1);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(8) & 0xFFFF;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength);
        assertThat(TensorFiles.open(out)).containsExactly(new TensorInfo("v1", shape, DType.FLOAT16));
    }
}
