package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jinit's writers and readers against files numpy and safetensors wrote
 * (scripts/reference/formats_reference.py; versions in {@link Golden}). The writers must give the
 * same bytes for the same values; the readers must give the values and statistics numpy gives.
 */
class GoldenFilesTest {
    @TempDir
    Path dir;

    static Stream<String> writerCases() {
        List<String> names = new ArrayList<>();
        Golden.REFERENCE.get("writer").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Stream<String> files() {
        List<String> names = new ArrayList<>();
        Golden.REFERENCE.get("files").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("writerCases")
    void npyWriterGivesNumpysBytes(String name) throws IOException {
        JsonNode c = Golden.REFERENCE.get("writer").get(name);
        ArraySource numpysSource = new ArraySource(name, Shape.copyOf(Golden.longs(c.get("shape"))),
                DType.valueOf(c.get("dtype").textValue()), Golden.doubles(c.get("source")));
        ArraySource source = numpysSource;
        Path out = dir.resolve(name + ".npy");
        byte[] numpys = Files.readAllBytes(Golden.file(c.get("file").textValue()));
        if (name.equals(OVERFLOWING_CASE)) {
            // NumPy rounds 65520.0 to float16 infinity silently; jinit refuses to write a finite
            // value as infinity. The other seven values still give NumPy's bytes.
            assertThatThrownBy(() -> NpyWriter.of().withChunkElements(5).write(out, numpysSource))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("value of tensor f2_rounding overflows float16 (largest finite 65504), write a wider "
                            + "dtype: 65520.0");
            assertThat(out).doesNotExist();
            double[] values = Golden.doubles(c.get("source"));
            values[OVERFLOWING_INDEX] = 65504.0;
            source = new ArraySource(name, source.shape(), source.dtype(), values);
            int at = numpys.length - 2 * (values.length - OVERFLOWING_INDEX);
            assertThat(numpys[at] & 0xFF | (numpys[at + 1] & 0xFF) << 8).as("NumPy's infinity").isEqualTo(0x7C00);
            numpys[at] = (byte) 0xFF; // 65504 is 0x7BFF, little-endian
            numpys[at + 1] = (byte) 0x7B;
        }
        NpyWriter.of().withChunkElements(5).write(out, source);
        assertThat(Files.readAllBytes(out)).isEqualTo(numpys);
    }

    /** The writer case whose fourth value, 65520.0, rounds to infinity in float16. */
    private static final String OVERFLOWING_CASE = "f2_rounding";
    private static final int OVERFLOWING_INDEX = 3;

    @ParameterizedTest
    @MethodSource("files")
    void readersGiveNumpysTensorsValuesAndStats(String file) throws IOException {
        Path path = Golden.file(file);
        JsonNode expected = Golden.REFERENCE.get("files").get(file);
        List<TensorInfo> infos = TensorFiles.open(path);
        assertThat(infos).hasSize(expected.size());
        Map<String, TensorStats> stats = TensorFiles.stats(path);
        for (int k = 0; k < infos.size(); k++) {
            JsonNode e = expected.get(k);
            TensorInfo info = infos.get(k);
            String name = e.get("name").textValue();
            assertThat(info).isEqualTo(new TensorInfo(name, Shape.copyOf(Golden.longs(e.get("shape"))),
                    DType.valueOf(e.get("dtype").textValue())));
            double[] values = Golden.doubles(e.get("values"));
            TensorStats s = stats.get(name);
            assertThat(s.count()).isEqualTo(values.length);
            if (Arrays.stream(values).anyMatch(v -> !Double.isFinite(v))) {
                // numpy's stats of these include the infinities; jinit's count them apart.
                RoundTripTest.assertStatsOf(s, values);
            } else if (values.length > 0) {
                JsonNode ref = e.get("stats");
                assertThat(s.min()).isEqualTo(ref.get("min").doubleValue());
                assertThat(s.max()).isEqualTo(ref.get("max").doubleValue());
                assertClose(s.mean(), ref.get("mean").doubleValue());
                assertClose(s.std(), ref.get("std").doubleValue());
            }
            if (file.startsWith("fortran")) {
                assertThatThrownBy(() -> TensorFiles.read(path, name, 0, new double[1], 0, 1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fortran order");
                continue;
            }
            double[] read = new double[values.length];
            TensorFiles.read(path, name, 0, read, 0, read.length);
            assertThat(read).as("%s %s", file, name).isEqualTo(values);
            if (values.length > 3) {
                double[] middle = new double[2];
                TensorFiles.read(path, name, 2, middle, 0, 2);
                assertThat(middle).isEqualTo(Arrays.copyOfRange(values, 2, 4));
            }
        }
    }

    private static void assertClose(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else if (Double.isInfinite(expected)) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void npzWriterMembersAreNumpysMembers() throws IOException {
        List<TensorSource> sources = List.of(
                source("w", DType.FLOAT32, Shape.of(3, 4), i -> (i - 6) / 9.0),
                source("b", DType.FLOAT64, Shape.of(5), i -> -1 + 0.5 * i),
                source("h", DType.FLOAT16, Shape.of(3, 4), i -> (i - 6) / 11.0),
                source("scalar", DType.FLOAT32, Shape.scalar(), i -> 2.25));
        Path out = dir.resolve("mine.npz");
        NpzWriter.of().write(out, sources);
        Map<String, byte[]> mine = members(out);
        Map<String, byte[]> numpys = members(Golden.file("stored.npz"));
        assertThat(mine.keySet()).containsExactlyElementsOf(numpys.keySet());
        for (String member : numpys.keySet()) {
            assertThat(mine.get(member)).as(member).isEqualTo(numpys.get(member));
        }
        try (ZipFile zip = new ZipFile(out.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
            }
        }
    }

    @Test
    void safetensorsHeaderAndDataAreTheLibrarys() throws IOException {
        List<TensorSource> sources = List.of(
                source("a_f64", DType.FLOAT64, Shape.of(3, 4), i -> (i - 6) / 13.0),
                source("b_f32", DType.FLOAT32, Shape.of(3, 4), i -> (i - 6) / 17.0),
                source("d_empty", DType.FLOAT32, Shape.of(0, 2), i -> 0),
                source("c_f16", DType.FLOAT16, Shape.of(3, 4), i -> (i - 6) / 19.0));
        byte[] golden = Files.readAllBytes(Golden.file("floats.safetensors"));
        int n = (int) ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = SafetensorsHeader.of(Map.of("format", "pt"), sources).encode();
        assertThat(header).isEqualTo(Arrays.copyOfRange(golden, 8, 8 + n));

        Path out = dir.resolve("mine.safetensors");
        SafetensorsWriter.of().write(out, sources);
        byte[] mine = Files.readAllBytes(out);
        int m = (int) ByteBuffer.wrap(mine).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(m % 8).isZero();
        assertThat(Arrays.copyOfRange(mine, 8 + m, mine.length)).isEqualTo(Arrays.copyOfRange(golden, 8 + n, golden.length));
        JsonNode mineJson = Json.read(Arrays.copyOfRange(mine, 8, 8 + m));
        JsonNode goldenJson = Json.read(Arrays.copyOfRange(golden, 8, 8 + n));
        assertThat(fieldNames(mineJson)).isEqualTo(fieldNames(goldenJson));
        assertThat(mineJson.get("__metadata__").get("format").textValue()).isEqualTo("pt");
        assertThat(mineJson.get("__metadata__").get("jinit.version").textValue()).isEqualTo(JinitVersion.VERSION);
        assertThat(JinitVersion.VERSION).doesNotContain("${").isNotBlank();
        for (String name : List.of("a_f64", "b_f32", "d_empty", "c_f16")) {
            assertThat(mineJson.get(name)).isEqualTo(goldenJson.get(name));
        }
    }

    @Test
    void bfloat16DataIsTorchsForFloat32Values() throws IOException {
        // torch rounds float32 -> bfloat16 once, so values that are floats must agree bit for bit.
        List<TensorSource> sources = List.of(
                source("bf", DType.BFLOAT16, Shape.of(3, 4), i -> (double) (float) ((i - 6) / 23.0)));
        Path out = dir.resolve("bf.safetensors");
        SafetensorsWriter.of().write(out, sources);
        byte[] golden = Files.readAllBytes(Golden.file("bf16.safetensors"));
        byte[] mine = Files.readAllBytes(out);
        assertThat(Arrays.copyOfRange(mine, mine.length - 24, mine.length))
                .isEqualTo(Arrays.copyOfRange(golden, golden.length - 24, golden.length));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static ArraySource source(String name, DType dtype, Shape shape, IntToDoubleFunction value) {
        double[] values = new double[shape.intSize()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.applyAsDouble(i);
        }
        return new ArraySource(name, shape, dtype, values);
    }

    private static Map<String, byte[]> members(Path npz) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    members.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return members;
    }
}
