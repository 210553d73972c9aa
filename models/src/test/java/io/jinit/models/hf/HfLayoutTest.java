package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.DType;
import io.jinit.formats.Json;
import io.jinit.formats.ModelSpec;
import io.jinit.testing.Python;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layouts of published models, without materializing them: for each config (typed from the
 * model's {@code config.json} on the Hugging Face hub, in src/test/resources/io/jinit/models/hf/layouts),
 * jinit's spec lists exactly the tensors, in order, with the shapes and dtypes that transformers
 * 5.18's {@code save_pretrained} would write for it: the {@code state_dict} of the class built by
 * {@code from_config} on the meta device (no memory for the tensors, nothing downloaded), without
 * the tied tensors it drops (script src/test/resources/io/jinit/models/hf/hf_layout_check.py, one
 * Python run for all). Neither side writes a tensor: jinit's list is its spec's, which is what its
 * safetensors headers list.
 *
 * <p>Runs {@code $JINIT_PYTHON} (see {@code scripts/python-env.sh}); skipped without torch and
 * transformers, except under CI ({@code CI=true}) where that fails.
 */
class HfLayoutTest {
    private static final List<String> LAYOUTS = List.of("tinyllama-1.1b", "mistral-7b", "qwen2-0.5b", "gpt2-124m",
            "gpt2-xl", "gpt2-classifier", "bert-base-uncased", "bert-large-model", "bert-base-classifier");

    @TempDir
    static Path dir;

    private static Map<String, Object> report;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void buildOnTheMetaDevice() throws IOException, InterruptedException {
        Python.require(dir, "torch", "transformers");
        List<String> args = new ArrayList<>();
        args.add(Path.of(resource("hf_layout_check.py")).toString());
        args.add(dir.toString());
        for (String name : LAYOUTS) {
            HfConfig config = config(name);
            Path model = Files.createDirectories(dir.resolve(name));
            Files.writeString(model.resolve(HfCheckpoint.CONFIG_FILE), config.toJson(dtype(config)));
            Files.writeString(model.resolve("jinit_architecture"), config.model().architecture());
            args.add(name);
        }
        Python.Result r = Python.run(dir, args.toArray(String[]::new));
        assertThat(r.exitCode()).as("hf_layout_check.py failed: %s", r.stderr()).isZero();
        report = (Map<String, Object>) Json.parse("hf_layout_check.py output", r.stdout());
    }

    private static String resource(String name) {
        try {
            return Path.of(HfLayoutTest.class.getResource(name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static HfConfig config(String name) throws IOException {
        try (InputStream in = HfLayoutTest.class.getResourceAsStream("layouts/" + name + ".json")) {
            return HfConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static DType dtype(HfConfig config) {
        return config.dtype().orElse(DType.FLOAT32);
    }

    @TestFactory
    Stream<DynamicTest> specListsWhatSavePretrainedWrites() {
        return LAYOUTS.stream().map(name -> DynamicTest.dynamicTest(name, () -> sameTensors(name)));
    }

    @SuppressWarnings("unchecked")
    private static void sameTensors(String name) throws IOException {
        assertThat(report.get("transformers")).isEqualTo("5.18.0");
        HfConfig config = config(name);
        ModelSpec spec = HfCheckpoint.spec(config, 1, false, dtype(config));
        List<List<Object>> ours = new ArrayList<>();
        for (ModelSpec.Parameter p : spec.parameters()) {
            List<Object> shape = new ArrayList<>();
            Arrays.stream(p.shape().toArray()).forEach(d -> shape.add((int) d));
            ours.add(List.of(p.name(), shape, p.dtype().lowerCaseName()));
        }
        Map<String, Object> layout = (Map<String, Object>) ((Map<String, Object>) report.get("layouts")).get(name);
        assertThat(layout.get("class")).isEqualTo(config.model().architecture());
        assertThat(ours).containsExactlyElementsOf((List<List<Object>>) layout.get("tensors"));
    }
}
