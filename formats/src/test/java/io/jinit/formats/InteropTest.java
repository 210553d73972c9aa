package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.HalfFloats;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.init.Constant;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import io.jinit.testing.Python;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files jinit writes, loaded by NumPy ({@code np.load}, {@code zipfile}, and a by-hand
 * safetensors parse) and by the safetensors library (with PyTorch for bfloat16, when installed):
 * values must equal, bit for bit, the conversions this test computes from the initializers'
 * fills. Float16 data is also compared with NumPy's own float64 -> float16 cast, and bfloat16
 * data is checked to be the nearest bfloat16 of the float64 fill, both independently of jinit's
 * rounding code.
 *
 * <p>Runs {@code $JINIT_PYTHON} or {@code python3} (src/test/resources/io/jinit/formats/interop_check.py);
 * {@code scripts/python-env.sh} builds a Python with numpy, safetensors and torch from local
 * wheels. Under CI ({@code CI=true}, where {@code .ci/run} sets {@code JINIT_PYTHON}) every check
 * runs and a missing module fails; elsewhere a check is skipped, with a message, where its module
 * is missing (numpy; safetensors; torch for the bfloat16 reads).
 */
class InteropTest {
    private static final long SEED = 31337;

    @TempDir
    static Path dir;

    private static Path manifest;

    @BeforeAll
    static void writeFiles() throws IOException {
        List<Map<String, Object>> cases = new ArrayList<>();

        Initializer he = Initializers.get("he_normal", Map.of("seed", 1L));
        Initializer uniform = Initializers.get("uniform_", Map.of("a", -3.0, "b", 3.0, "seed", 2L));
        Initializer normal = Initializers.get("normal_", Map.of("std", 0.02, "seed", 3L));
        Initializer ortho = Initializers.get("orthogonal", Map.of("seed", 4L));
        cases.add(npy(InitializedTensor.of("a", Shape.of(64, 33), DType.FLOAT32, he, SEED)));
        cases.add(npy(InitializedTensor.of("b", Shape.of(17), DType.FLOAT64, uniform, SEED)));
        cases.add(npy(InitializedTensor.of("c", Shape.of(5, 7, 3), DType.FLOAT16, normal, SEED)));
        cases.add(npy(InitializedTensor.of("d", Shape.scalar(), DType.FLOAT32, new Constant(-1.5), SEED)));
        cases.add(npy(InitializedTensor.of("e", Shape.of(0, 4), DType.FLOAT64, new Constant(1), SEED)));
        cases.add(npy(InitializedTensor.of("f", Shape.of(100_003), DType.FLOAT16, uniform, SEED)));
        // the highest rank the writers accept, NumPy's limit: np.load reads it whole
        long[] ones = new long[TensorFiles.MAX_RANK];
        Arrays.fill(ones, 1);
        ones[0] = 3;
        cases.add(npy(InitializedTensor.of("r64", Shape.copyOf(ones), DType.FLOAT32, new Constant(2), SEED)));

        List<InitializedTensor> mixed = List.of(
                InitializedTensor.of("encoder/kernel", Shape.of(48, 40), DType.FLOAT32, he, SEED),
                InitializedTensor.of("encoder/bias", Shape.of(40), DType.FLOAT64, new Constant(0.01), SEED),
                InitializedTensor.of("q", Shape.of(40, 40), DType.FLOAT16, ortho, SEED),
                InitializedTensor.of("big", Shape.of(300, 1001), DType.FLOAT16, uniform, SEED));
        cases.add(npz("mixed.npz", mixed, StoredZip.ZIP64_LIMIT));
        cases.add(npz("zip64.npz", mixed, 0));

        List<InitializedTensor> checkpoint = List.of(
                InitializedTensor.of("model.embed.weight", Shape.of(100, 24), DType.FLOAT32, normal, SEED),
                InitializedTensor.of("model.layer.0.weight", Shape.of(24, 24), DType.FLOAT64, ortho, SEED),
                InitializedTensor.of("model.layer.0.bias", Shape.of(24), DType.FLOAT16, uniform, SEED),
                InitializedTensor.of("model.layer.1.weight", Shape.of(64, 24), DType.BFLOAT16, he, SEED),
                InitializedTensor.of("model.head", Shape.of(3, 250, 40), DType.BFLOAT16, uniform, SEED));
        cases.add(safetensors("model.safetensors", checkpoint));

        manifest = dir.resolve("manifest.json");
        Json.MAPPER.writeValue(manifest.toFile(), Map.of("cases", cases));
    }

    private static Map<String, Object> npy(InitializedTensor t) throws IOException {
        String file = t.name() + ".npy";
        NpyWriter.of().withChunkElements(1000).write(dir.resolve(file), t);
        return entry(file, "npy", List.of(t));
    }

    private static Map<String, Object> npz(String file, List<InitializedTensor> tensors, long zip64Threshold)
            throws IOException {
        NpzWriter.write(dir.resolve(file), tensors, 1000, zip64Threshold);
        return entry(file, "npz", tensors);
    }

    private static Map<String, Object> safetensors(String file, List<InitializedTensor> tensors) throws IOException {
        SafetensorsWriter.of().withChunkElements(1000).write(dir.resolve(file), tensors);
        Map<String, Object> e = entry(file, "safetensors", tensors);
        Map<String, String> metadata = new LinkedHashMap<>(Map.of("format", "pt", "jinit.version", JinitVersion.VERSION,
                "jinit.seed", Long.toString(SEED)));
        for (InitializedTensor t : tensors) {
            metadata.put("jinit.init." + t.name(), InitializedTensor.configJson(
                    t.parameter().computed().orElseThrow().initializer(), t.parameter().computed().orElseThrow().key()));
        }
        e.put("metadata", metadata);
        return e;
    }

    /** A manifest entry, with the expected bits of each tensor (and its float64 fill for 16-bit types). */
    private static Map<String, Object> entry(String file, String kind, List<InitializedTensor> tensors) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (InitializedTensor t : tensors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("dtype", t.dtype().name());
            m.put("shape", t.shape().toArray());
            String stem = file + "." + t.name().replace('/', '_');
            m.put("expected", stem + ".bits");
            writeBits(dir.resolve(stem + ".bits"), t);
            if (t.dtype().byteSize() == 2) {
                m.put("fill64", stem + ".f64");
                double[] fill = new double[t.shape().intSize()];
                ModelSpec.Computed c = t.parameter().computed().orElseThrow();
                c.initializer().fill(t.shape(), c.key(), 0, fill, 0, fill.length);
                ByteBuffer b = ByteBuffer.allocate(8 * fill.length).order(ByteOrder.LITTLE_ENDIAN);
                b.asDoubleBuffer().put(fill);
                Files.write(dir.resolve(stem + ".f64"), b.array());
            }
            list.add(m);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", file);
        e.put("kind", kind);
        e.put("tensors", list);
        return e;
    }

    private static void writeBits(Path path, InitializedTensor t) throws IOException {
        RandomKey key = t.parameter().computed().orElseThrow().key();
        double[] values = RoundTripTest.expected(t.parameter().computed().orElseThrow().initializer(), t.shape(), key,
                t.dtype());
        ByteBuffer b = ByteBuffer.allocate(values.length * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (t.dtype()) {
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
                case FLOAT16 -> b.putShort(HalfFloats.toFloat16Bits(v));
                default -> b.putShort(HalfFloats.toBfloat16Bits(v));
            }
        }
        Files.write(path, b.array());
    }

    private static JsonNode check(String mode) throws IOException, InterruptedException {
        Path script = Golden.file("../interop_check.py");
        Python.Result r = Python.run(dir, script.toString(), manifest.toString(), mode);
        assertThat(r.exitCode()).as("interop_check.py %s failed: %s", mode, r.stderr()).isZero();
        return Json.read(r.stdout().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numpyLoadsJinitFiles() throws IOException, InterruptedException {
        Python.require(dir, "numpy");
        JsonNode checked = check("numpy");
        // 7 .npy arrays (one of rank 64), 2 x 4 .npz arrays, 5 safetensors tensors parsed by hand
        assertThat(checked.get("arrays").intValue()).isEqualTo(7 + 8 + 5);
        assertThat(checked.get("float16_vs_numpy_astype").intValue()).isEqualTo(2 + 4 + 1);
        assertThat(checked.get("bfloat16_nearest").intValue()).isEqualTo(2);
    }

    @Test
    void safetensorsLibraryLoadsJinitFiles() throws IOException, InterruptedException {
        Python.require(dir, "numpy", "safetensors");
        boolean torch = Python.has(dir, "torch");
        JsonNode checked = check("safetensors");
        assertThat(checked.get("safetensors_library").intValue()).isEqualTo(3);
        if (torch) {
            assertThat(checked.get("torch_bfloat16").intValue()).isEqualTo(2);
        }
    }
}
