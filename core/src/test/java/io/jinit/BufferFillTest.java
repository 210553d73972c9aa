package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ParallelFill}'s buffer fills give the bits of its array fills, for heap and direct
 * buffers, every element type, any range and position, on one thread and several; and they
 * write nothing outside the buffer's position and limit.
 */
class BufferFillTest {
    /** 300 x 700 = 210,000 elements: more than three scratch pieces, not a multiple of one. */
    private static final Shape SHAPE = Shape.of(300, 700);
    private static final RandomKey KEY = RandomKey.of(2024).derive("encoder.0.weight");
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static List<Initializer> initializers() {
        return List.of(Initializers.get("glorot_uniform"), Initializers.get("he_normal"),
                Initializers.get("normal_", Map.of("std", 0.02)), Initializers.get("orthogonal"),
                Initializers.get("constant", Map.of("value", 0.5)));
    }

    private static List<ParallelFill> fillers() {
        return List.of(ParallelFill.sequential(), ParallelFill.common(), ParallelFill.on(pool, 3));
    }

    @ParameterizedTest
    @MethodSource("initializers")
    void floatAndDoubleBuffersHoldTheArrayFillsBits(Initializer init) {
        float[] floats = ParallelFill.sequential().sample(init, SHAPE, KEY);
        double[] doubles = ParallelFill.sequential().sampleDouble(init, SHAPE, KEY);
        for (ParallelFill filler : fillers()) {
            FloatBuffer heap = FloatBuffer.allocate(floats.length);
            FloatBuffer direct = ByteBuffer.allocateDirect(4 * floats.length).order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            DoubleBuffer directDoubles = ByteBuffer.allocateDirect(8 * doubles.length).order(ByteOrder.nativeOrder())
                    .asDoubleBuffer();
            filler.fill(init, SHAPE, KEY, 0, heap);
            filler.fill(init, SHAPE, KEY, 0, direct);
            filler.fill(init, SHAPE, KEY, 0, directDoubles);
            float[] heapValues = new float[floats.length];
            float[] directValues = new float[floats.length];
            double[] doubleValues = new double[doubles.length];
            heap.get(0, heapValues);
            direct.get(0, directValues);
            directDoubles.get(0, doubleValues);
            assertThat(heapValues).isEqualTo(floats);
            assertThat(directValues).isEqualTo(floats);
            assertThat(doubleValues).isEqualTo(doubles);
        }
    }

    @ParameterizedTest
    @MethodSource("initializers")
    void byteBuffersHoldTheLittleEndianElementsOfEachType(Initializer init) {
        float[] floats = ParallelFill.sequential().sample(init, SHAPE, KEY);
        double[] doubles = ParallelFill.sequential().sampleDouble(init, SHAPE, KEY);
        for (ElementType type : ElementType.values()) {
            ByteBuffer expected = ByteBuffer.allocate(type.byteSize() * floats.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < floats.length; i++) {
                switch (type) {
                    case FLOAT32 -> expected.putFloat(floats[i]);
                    case FLOAT64 -> expected.putDouble(doubles[i]);
                    case BFLOAT16 -> expected.putShort(HalfFloats.toBfloat16Bits(doubles[i]));
                    case FLOAT16 -> expected.putShort(HalfFloats.toFloat16Bits(doubles[i]));
                }
            }
            for (ParallelFill filler : fillers()) {
                ByteBuffer direct = ByteBuffer.allocateDirect(expected.capacity()).order(ByteOrder.LITTLE_ENDIAN);
                filler.fill(init, SHAPE, KEY, 0, direct, type);
                assertThat(direct).as("%s", type).isEqualTo(expected.rewind());
            }
        }
    }

    @Test
    void aRangeGoesFromTheBufferPositionToItsLimitAndLeavesTheRestAlone() {
        Initializer init = Initializers.get("he_normal");
        float[] whole = ParallelFill.sequential().sample(init, SHAPE, KEY);
        // Elements [12345, 12345 + 100000) into bytes [24, 24 + 200000) of a bfloat16 buffer.
        int from = 12_345;
        int length = 100_000;
        ByteBuffer bytes = ByteBuffer.allocateDirect(24 + 2 * length + 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes.capacity(); i++) {
            bytes.put(i, (byte) 0x5A);
        }
        bytes.position(24).limit(24 + 2 * length);
        ParallelFill.common().fill(init, SHAPE, KEY, from, bytes, ElementType.BFLOAT16);
        assertThat(bytes.position()).isEqualTo(24);
        assertThat(bytes.limit()).isEqualTo(24 + 2 * length);
        double[] doubles = ParallelFill.sequential().sampleDouble(init, SHAPE, KEY);
        bytes.clear();
        for (int i = 0; i < length; i++) {
            assertThat(bytes.getShort(24 + 2 * i)).isEqualTo(HalfFloats.toBfloat16Bits(doubles[from + i]));
        }
        for (int i : new int[] {0, 23, 24 + 2 * length, bytes.capacity() - 1}) {
            assertThat(bytes.get(i)).as("byte %d", i).isEqualTo((byte) 0x5A);
        }

        FloatBuffer floats = ByteBuffer.allocateDirect(4 * 1000).order(ByteOrder.nativeOrder()).asFloatBuffer();
        floats.position(10).limit(990);
        ParallelFill.on(pool, 3).fill(init, SHAPE, KEY, 70_000, floats);
        assertThat(floats.position()).isEqualTo(10);
        floats.clear();
        assertThat(floats.get(9)).isZero();
        assertThat(floats.get(990)).isZero();
        for (int i = 0; i < 980; i++) {
            assertThat(floats.get(10 + i)).isEqualTo(whole[70_000 + i]);
        }
        FloatBuffer slice = FloatBuffer.wrap(new float[2000], 500, 1000).slice();
        ParallelFill.common().fill(init, SHAPE, KEY, 5, slice);
        assertThat(slice.get(0)).isEqualTo(whole[5]);
        assertThat(slice.array()[499]).isZero();
        assertThat(slice.array()[500]).isEqualTo(whole[5]);
        assertThat(slice.array()[1500]).isZero();
    }

    @Test
    void unfitBuffersAreRefusedBeforeAnythingIsWritten() {
        Initializer init = Initializers.get("glorot_uniform");
        ByteBuffer bigEndian = ByteBuffer.allocateDirect(16);
        assertThatThrownBy(() -> ParallelFill.common().fill(init, SHAPE, KEY, 0, bigEndian, ElementType.FLOAT32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out must be little-endian (order(ByteOrder.LITTLE_ENDIAN)), as engines and files read "
                        + "elements: BIG_ENDIAN");
        ByteBuffer odd = ByteBuffer.allocateDirect(7).order(ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> ParallelFill.common().fill(init, SHAPE, KEY, 0, odd, ElementType.FLOAT16))
                .hasMessage("out's remaining bytes must be a whole number of FLOAT16 elements of 2 bytes: 7");
        ByteBuffer readOnly = ByteBuffer.allocateDirect(8).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> ParallelFill.common().fill(init, SHAPE, KEY, 0, readOnly, ElementType.FLOAT32))
                .hasMessage("out must be writable, and is a read-only buffer: 2 elements");
        assertThatThrownBy(() -> ParallelFill.common().fill(init, SHAPE, KEY, -1, FloatBuffer.allocate(4)))
                .hasMessage("from must be >= 0: -1");
        assertThat(odd.get(0)).isZero();
    }
}
