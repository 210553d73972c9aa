package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.ParallelFill;
import io.jinit.compat.InitMethod;
import io.jinit.compat.LayerStream;
import io.jinit.compat.WeightInits;
import io.jinit.testing.Python;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torch layout of {@link ModelSpec#ofLayers} loads unchanged into PyTorch: for each method, a
 * file of {@code nn.Sequential(nn.Linear, act, nn.Linear, ...)}'s names and shapes is read with
 * the safetensors library and loaded with {@code load_state_dict(strict=True)}, and each weight's
 * standard deviation is checked against the method's formula within 5 standard errors
 * (src/test/resources/io/jinit/formats/torch_layout_check.py states the bound).
 *
 * <p>Runs {@code $JINIT_PYTHON} or {@code python3} with torch and safetensors
 * ({@code scripts/python-env.sh} builds one); skipped without them, failed under CI.
 */
class TorchLayoutInteropTest {
    private static final long SEED = 2026;

    @TempDir
    Path dir;

    @Test
    void sequentialLoadsTheTorchLayoutStrictly() throws IOException, InterruptedException {
        Python.require(dir, "torch", "safetensors");
        List<Map<String, Object>> cases = new ArrayList<>();
        int[] mnist = {784, 128, 10};
        int[] deep = {256, 200, 100, 10};
        for (InitMethod method : InitMethod.values()) {
            cases.add(write(method, mnist, DType.FLOAT32));
        }
        cases.add(write(InitMethod.HE, deep, DType.BFLOAT16));
        cases.add(write(InitMethod.XAVIER, deep, DType.FLOAT64));
        Path manifest = dir.resolve("manifest.json");
        Json.MAPPER.writeValue(manifest.toFile(), Map.of("cases", cases));

        Python.Result r = Python.run(dir, Golden.file("../torch_layout_check.py").toString(), manifest.toString());
        assertThat(r.exitCode()).as("torch_layout_check.py failed: %s", r.stderr()).isZero();
        JsonNode checked = Json.read(r.stdout().getBytes(StandardCharsets.UTF_8));
        assertThat(checked.get("models").intValue()).isEqualTo(6);
        assertThat(checked.get("weights").intValue()).isEqualTo(4 * 2 + 3 + 3);
        assertThat(checked.get("random_biases").intValue()).isEqualTo(2);
        assertThat(checked.get("zero_biases").intValue()).isEqualTo(3 * 2 + 3 + 3);
    }

    private Map<String, Object> write(InitMethod method, int[] dims, DType dtype) throws IOException {
        String methodName = method.name().toLowerCase(Locale.ROOT);
        LayerStream stream = method == InitMethod.RANDOM ? WeightInits.philox().randomStream(dims, 0.01, SEED)
                : WeightInits.philox().stream(method, dims, SEED);
        ModelSpec spec = ModelSpec.ofLayers(stream, ModelSpec.Layout.TORCH, dtype, false);
        String file = methodName + "-" + dims.length + "-" + dtype.lowerCaseName() + ".safetensors";
        TensorFiles.write(dir.resolve(file), spec.tensors(ParallelFill.common()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("file", file);
        c.put("method", methodName);
        c.put("dims", dims);
        c.put("dtype", dtype.name());
        stream.scale().ifPresent(scale -> c.put("scale", scale));
        return c;
    }
}
