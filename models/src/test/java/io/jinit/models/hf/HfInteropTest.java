package io.jinit.models.hf;

import static io.jinit.models.hf.LlamaRecipeTest.tiny;
import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.ParallelFill;
import io.jinit.formats.DType;
import io.jinit.formats.Json;
import io.jinit.testing.Python;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jinit's directory loaded by transformers 5.18: {@code AutoModelForCausalLM.from_pretrained}
 * reports no missing, unexpected or mismatched key, zero and one tensors are exact, and each
 * normal tensor's mean and standard deviation agree with those of transformers' own random
 * initialization of the same config ({@code from_config} under {@code torch.manual_seed(0)};
 * script src/test/resources/io/jinit/models/hf/hf_interop_check.py), for Llama, Mistral and Qwen2.
 *
 * <p>Tolerance: for n draws of N(0, σ²) the sample mean has standard error σ/√n and the sample
 * standard deviation about σ/√(2n). The difference of two independent samples' means then has
 * standard error σ√(2/n), and of their standard deviations σ/√n; each is allowed
 * {@value TensorStatistics#SIGMAS} standard errors, a false alarm with probability about 2·10<sup>-9</sup> per
 * comparison, below 10<sup>-6</sup> for the few dozen tensors here. The smallest normal tensor
 * (k_proj, 32 x 64 = 2048 elements) is thus allowed 0.0027 on a standard deviation of 0.02, which
 * still tells 0.02 from a wrong std such as 0.025 or torch's default Linear init (0.072).
 * Bfloat16 rounding (relative 2<sup>-9</sup> per element) moves the statistics by far less.
 *
 * <p>Runs {@code $JINIT_PYTHON} (see {@code scripts/python-env.sh}); skipped without torch and
 * transformers, except under CI ({@code CI=true}) where that fails.
 */
class HfInteropTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private Map<String, Object> load(String configJson, DType dtype) throws IOException, InterruptedException,
            URISyntaxException {
        Python.require(dir, "torch", "transformers");
        Path out = dir.resolve("model");
        HfCheckpoint.write(out, HfConfig.parse(configJson), 1234, dtype, ParallelFill.common());
        Path script = Path.of(HfInteropTest.class.getResource("hf_interop_check.py").toURI());
        Python.Result r = Python.run(dir, script.toString(), out.toString());
        assertThat(r.exitCode()).as("hf_interop_check.py failed: %s", r.stderr()).isZero();
        Map<String, Object> report = (Map<String, Object>) Json.parse("hf_interop_check.py output", r.stdout());
        assertThat(report.get("transformers")).isEqualTo("5.18.0");
        assertThat((List<?>) report.get("missing")).as("missing").isEmpty();
        assertThat((List<?>) report.get("unexpected")).as("unexpected").isEmpty();
        assertThat((List<?>) report.get("mismatched")).as("mismatched").isEmpty();
        assertThat((List<?>) report.get("errors")).as("errors").isEmpty();
        return report;
    }

    @Test
    void untiedFloat32WithBiasesLoadsAndMatchesTransformersInit() throws Exception {
        Map<String, Object> report = load(tiny(", \"attention_bias\": true, \"mlp_bias\": true, "
                + "\"initializer_range\": 0.03, \"dtype\": \"float32\""), DType.FLOAT32);
        assertThat(report.get("model_dtype")).isEqualTo("float32");
        assertThat(report.get("tied")).isEqualTo(false);
        // 1 + 2 x (7 weights + 7 biases + 2 norms) + norm + lm_head
        assertThat((Map<?, ?>) report.get("tensors")).hasSize(35);
        TensorStatistics.check(report, "float32", (jinit, transformers) -> 0.03);
    }

    @Test
    void tiedBfloat16WithPaddingLoadsWithTheHeadSharingTheEmbedding() throws Exception {
        Map<String, Object> report = load(tiny(", \"tie_word_embeddings\": true, \"head_dim\": 24, "
                + "\"pad_token_id\": 7, \"torch_dtype\": \"bfloat16\""), DType.BFLOAT16);
        assertThat(report.get("model_dtype")).isEqualTo("bfloat16");
        assertThat(report.get("reference_padding_row_zero")).isEqualTo(true);
        assertThat(report.get("padding_row_zero")).isEqualTo(true);
        assertThat(report.get("tied")).isEqualTo(true);
        TensorStatistics.check(report, "bfloat16", (jinit, transformers) -> 0.02);
    }

    @Test
    void mistralLoadsAndMatchesTransformersInit() throws Exception {
        Map<String, Object> report = load(tiny(", \"attention_bias\": true, \"sliding_window\": 16")
                .replace("\"llama\"", "\"mistral\"").replace("LlamaForCausalLM", "MistralForCausalLM"),
                DType.FLOAT32);
        assertThat((Map<?, ?>) report.get("tensors")).hasSize(21);
        TensorStatistics.check(report, "float32", (jinit, transformers) -> 0.02);
    }

    @Test
    void qwen2LoadsAndMatchesTransformersInit() throws Exception {
        Map<String, Object> report = load(tiny(", \"dtype\": \"float16\"").replace("\"llama\"", "\"qwen2\"")
                .replace("LlamaForCausalLM", "Qwen2ForCausalLM"), DType.FLOAT16);
        assertThat(report.get("model_dtype")).isEqualTo("float16");
        // 1 + 2 x (7 weights + 3 biases + 2 norms) + norm + lm_head
        assertThat((Map<?, ?>) report.get("tensors")).hasSize(27);
        TensorStatistics.check(report, "float16", (jinit, transformers) -> 0.02);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shardedOutputLoadsWithTheUnshardedTensors() throws Exception {
        Python.require(dir, "torch", "transformers");
        HfConfig config = HfConfig.parse(tiny(", \"dtype\": \"float32\""));
        Path whole = dir.resolve("whole");
        Path sharded = dir.resolve("sharded");
        HfCheckpoint.write(whole, config, 1234, DType.FLOAT32, ParallelFill.common());
        HfCheckpoint.write(sharded, config, 1234, DType.FLOAT32, ParallelFill.common(), 100_000);
        assertThat(sharded.resolve("model-00006-of-00006.safetensors")).exists();
        assertThat(sharded.resolve("model.safetensors")).doesNotExist();
        Path script = Path.of(HfInteropTest.class.getResource("hf_shard_check.py").toURI());
        Python.Result r = Python.run(dir, script.toString(), sharded.toString(), whole.toString());
        assertThat(r.exitCode()).as("hf_shard_check.py failed: %s", r.stderr()).isZero();
        Map<String, Object> report = (Map<String, Object>) Json.parse("hf_shard_check.py output", r.stdout());
        assertThat(report.get("transformers")).isEqualTo("5.18.0");
        assertThat((List<?>) report.get("missing")).as("missing").isEmpty();
        assertThat((List<?>) report.get("unexpected")).as("unexpected").isEmpty();
        assertThat((List<?>) report.get("mismatched")).as("mismatched").isEmpty();
        assertThat((List<?>) report.get("errors")).as("errors").isEmpty();
        assertThat(((Number) report.get("tensors")).intValue()).isEqualTo(21);
        assertThat((List<?>) report.get("different")).as("tensors differing from the unsharded output").isEmpty();
    }
}
