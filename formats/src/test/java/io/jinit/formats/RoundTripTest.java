package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jinit.HalfFloats;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.init.Constant;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every writer and dtype: what the readers give back is the expected conversion of the
 * initializer's fill ({@link DType} value paths), whatever the chunk size, with statistics that
 * match the values.
 */
class RoundTripTest {
    private static final long SEED = 20240611L;

    @TempDir
    Path dir;

    /** Initializers: random element-wise, whole-tensor (orthogonal), deterministic. */
    static List<Initializer> initializers() {
        return List.of(
                Initializers.get("he_normal", Map.of("seed", 3L)),
                Initializers.get("uniform_", Map.of("a", -2.0, "b", 2.0, "seed", 4L)),
                Initializers.get("orthogonal", Map.of("seed", 5L)),
                new Constant(0.1));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Writers w : Writers.values()) {
            for (DType dtype : w.dtypes) {
                for (Initializer init : initializers()) {
                    for (int chunk : new int[] {1 << 20, 1000}) {
                        cases.add(Arguments.of(w, dtype, init, chunk));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} chunk {3}")
    @MethodSource("cases")
    void valuesAreTheConvertedFill(Writers writer, DType dtype, Initializer init, int chunk) throws IOException {
        Shape shape = Shape.of(37, 53);
        String name = "layer.0.weight";
        Path out = dir.resolve("t" + writer.extension);
        writer.write(out, List.of(InitializedTensor.of(name, shape, dtype, init, SEED)), chunk);

        double[] expected = expected(init, shape, RandomKey.of(SEED).derive(name), dtype);
        String readName = writer.readName(out, name);
        assertThat(TensorFiles.open(out)).containsExactly(new TensorInfo(readName, shape, dtype));
        double[] actual = new double[expected.length];
        TensorFiles.read(out, readName, 0, actual, 0, actual.length);
        assertThat(actual).isEqualTo(expected);
        assertStatsOf(TensorFiles.stats(out, readName), expected);
    }

    /** The value path of each dtype, computed here without the writers' code. */
    static double[] expected(Initializer init, Shape shape, RandomKey key, DType dtype) {
        int n = shape.intSize();
        double[] out = new double[n];
        if (dtype == DType.FLOAT32) {
            float[] f = new float[n];
            init.fill(shape, key, 0, f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
            return out;
        }
        init.fill(shape, key, 0, out, 0, n);
        for (int i = 0; i < n; i++) {
            if (dtype == DType.FLOAT16) {
                out[i] = HalfFloats.float16BitsToFloat(HalfFloats.toFloat16Bits(out[i]));
            } else if (dtype == DType.BFLOAT16) {
                out[i] = HalfFloats.bfloat16BitsToFloat(HalfFloats.toBfloat16Bits(out[i]));
            }
        }
        return out;
    }

    /** Asserts statistics against a direct computation: the finite values summarised, the others counted. */
    static void assertStatsOf(TensorStats s, double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
        double mean = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : finite) {
            mean += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        mean /= finite.length;
        double m2 = 0;
        for (double v : finite) {
            m2 += (v - mean) * (v - mean);
        }
        assertThat(s.count()).isEqualTo(values.length);
        assertThat(s.nans()).isEqualTo(Arrays.stream(values).filter(Double::isNaN).count());
        assertThat(s.positiveInfinities()).isEqualTo(Arrays.stream(values).filter(v -> v == Double.POSITIVE_INFINITY)
                .count());
        assertThat(s.negativeInfinities()).isEqualTo(Arrays.stream(values).filter(v -> v == Double.NEGATIVE_INFINITY)
                .count());
        assertThat(s.min()).isEqualTo(min);
        assertThat(s.max()).isEqualTo(max);
        assertThat(s.mean()).isCloseTo(mean, within(1e-12 * Math.max(1, Math.abs(mean))));
        assertThat(s.std()).isCloseTo(Math.sqrt(m2 / finite.length), within(1e-12 * Math.max(1, Math.abs(mean))));
    }

    @Test
    void manyTensorsInOneFileInOrder() throws IOException {
        List<InitializedTensor> tensors = List.of(
                InitializedTensor.of("embed", Shape.of(100, 16), DType.FLOAT32, Initializers.get("normal_", Map.of("seed", 1L)), SEED),
                InitializedTensor.of("conv", Shape.of(8, 4, 3, 3), DType.FLOAT16, Initializers.get("kaiming_uniform_", Map.of("seed", 1L)), SEED),
                InitializedTensor.of("bias", Shape.of(8), DType.FLOAT64, new Constant(0.0), SEED),
                InitializedTensor.of("scalar", Shape.scalar(), DType.FLOAT32, new Constant(2.5), SEED),
                InitializedTensor.of("empty", Shape.of(0, 7), DType.FLOAT64, new Constant(1.0), SEED));
        for (Writers w : List.of(Writers.NPZ, Writers.SAFETENSORS)) {
            Path out = dir.resolve("model" + w.extension);
            w.write(out, tensors, 77);
            List<TensorInfo> infos = TensorFiles.open(out);
            assertThat(infos).extracting(TensorInfo::name).containsExactly("embed", "conv", "bias", "scalar", "empty");
            for (InitializedTensor t : tensors) {
                double[] expected = expected(t.parameter().computed().orElseThrow().initializer(), t.shape(),
                        t.parameter().computed().orElseThrow().key(), t.dtype());
                double[] actual = new double[expected.length];
                TensorFiles.read(out, t.name(), 0, actual, 0, actual.length);
                assertThat(actual).as("%s %s", w, t.name()).isEqualTo(expected);
            }
            assertThat(TensorFiles.stats(out).get("empty").count()).isZero();
            assertThat(TensorFiles.stats(out).get("scalar")).isEqualTo(new TensorStats(1, 2.5, 0, 2.5, 2.5));
        }
    }

    @Test
    void safetensorsMetadataRecomputesEveryTensor() throws IOException {
        List<InitializedTensor> tensors = List.of(
                InitializedTensor.of("a", Shape.of(64, 32), DType.BFLOAT16, Initializers.get("glorot_uniform", Map.of("seed", 9L)), 77),
                InitializedTensor.of("b", Shape.of(32), DType.FLOAT32, Initializers.get("torch_linear_bias", Map.of("fan_in", 64L)), 77));
        Path out = dir.resolve("m.safetensors");
        SafetensorsWriter.of().withMetadata(Map.of("note", "test")).write(out, tensors);
        Map<String, String> metadata = TensorFiles.metadata(out);
        assertThat(metadata).containsEntry("format", "pt").containsEntry("jinit.version", JinitVersion.VERSION)
                .containsEntry("jinit.seed", "77").containsEntry("note", "test");
        for (InitializedTensor t : tensors) {
            Map<String, Object> dict = Json.MAPPER.readValue(metadata.get("jinit.init." + t.name()),
                    new TypeReference<Map<String, Object>>() { });
            Initializer again = Initializers.deserialize(dict);
            RandomKey key = RandomKey.of(Long.parseLong(metadata.get("jinit.seed"))).derive(t.name());
            double[] expected = expected(again, t.shape(), key, t.dtype());
            double[] actual = new double[expected.length];
            TensorFiles.read(out, t.name(), 0, actual, 0, actual.length);
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void bitsDoNotDependOnThreadsOrChunks() throws IOException {
        Initializer init = Initializers.get("truncated_normal", Map.of("seed", 11L));
        Shape shape = Shape.of(300, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Path a = dir.resolve("a.safetensors");
            Path b = dir.resolve("b.safetensors");
            SafetensorsWriter.of().write(a, List.of(InitializedTensor.of("w", shape, DType.FLOAT32, init, 1, ParallelFill.sequential())));
            SafetensorsWriter.of().withChunkElements(4099).write(b, List.of(InitializedTensor.of("w", shape, DType.FLOAT32, init, 1,
                    ParallelFill.on(pool, 3))));
            assertThat(java.nio.file.Files.readAllBytes(a)).isEqualTo(java.nio.file.Files.readAllBytes(b));
        } finally {
            pool.shutdownNow();
        }
    }
}
