package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.ParallelFill;
import io.jinit.testing.Python;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint torch wrote as a {@link ModelTemplate}: the {@code state_dict} of a module of an
 * Embedding, a Conv2d, a BatchNorm2d (with its int64 {@code num_batches_tracked}), Linears and a
 * LayerNorm, saved with {@code safetensors.torch.save_file} in float32 and bfloat16, and in shards
 * with an index by {@code huggingface_hub.save_torch_state_dict}, initialized by rules that
 * restate torch's defaults; the output (the shards through the index jinit writes, which must be
 * the text of {@code json.dumps(indent=2, sort_keys=True)}) loads into a new module with
 * {@code load_state_dict(strict=True)}, and each tensor's mean and standard deviation agree with
 * its rule's distribution, as do torch's own initial values (tolerances in
 * src/test/resources/io/jinit/formats/template_check.py: 5 standard errors).
 *
 * <p>Runs {@code $JINIT_PYTHON} or {@code python3} with torch, safetensors and huggingface_hub
 * ({@code scripts/python-env.sh} builds one); skipped without them, failed under CI.
 */
class TemplateInteropTest {
    /** torch's defaults: kaiming_uniform_(a=sqrt(5)) weights, their fan's bias, N(0, 1) embeddings. */
    private static final String RULES = """
            {"seed": 77, "rules": [
              {"pattern": "*.num_batches_tracked", "initializer": "skip"},
              {"pattern": "bn.running_var", "initializer": "ones"},
              {"pattern": "*n.weight", "initializer": "ones"},
              {"pattern": "bn.*", "initializer": "zeros"},
              {"pattern": "norm.weight", "initializer": "ones"},
              {"pattern": "norm.bias", "initializer": "zeros"},
              {"pattern": "embed.weight", "initializer": "normal_"},
              {"pattern": "*.bias", "initializer": "torch_linear_bias"},
              {"pattern": "*", "initializer": "kaiming_uniform_", "config": {"a": 2.23606797749979}}
            ]}""";

    /** What BERT's _init_weights gives (initializer_range 0.02): LayerNorm ones and zeros, zero biases. */
    private static final String BERT_RULES = """
            {"seed": 5, "rules": [
              {"pattern": "*LayerNorm.weight", "initializer": "ones"},
              {"pattern": "*.bias", "initializer": "zeros"},
              {"pattern": "*", "initializer": "normal_", "config": {"std": 0.02}}
            ]}""";

    @TempDir
    Path dir;

    @Test
    void aShardedTransformersCheckpointAsTemplateLoadsWithFromPretrained() throws IOException, InterruptedException {
        Python.require(dir, "torch", "safetensors", "transformers");
        String script = Golden.file("../template_check.py").toString();
        Python.Result made = Python.run(dir, script, "make-bert", dir.toString());
        assertThat(made.exitCode()).as("template_check.py make-bert failed: %s", made.stderr()).isZero();
        ModelTemplate bert = ModelTemplate.read(dir.resolve("bert/model.safetensors.index.json"));
        assertThat(bert.shards()).hasSizeGreaterThan(2);
        Path out = dir.resolve("bert-init");
        bert.writeShards(out, bert.spec(BERT_RULES, OptionalLong.empty(), Optional.empty())
                .tensors(ParallelFill.common()));
        Files.copy(dir.resolve("bert/config.json"), out.resolve("config.json"));
        Python.Result r = Python.run(dir, script, "check-bert", dir.toString());
        assertThat(r.exitCode()).as("template_check.py check-bert failed: %s", r.stderr()).isZero();
        JsonNode checked = Json.read(r.stdout().getBytes(StandardCharsets.UTF_8));
        // Normal: 3 embeddings, 6 Linear weights per layer of 2, the head's transform and its decoder
        // (tied to the word embeddings); exact: every bias and LayerNorm weight of the state dict.
        assertThat(checked.get("normal").intValue()).isEqualTo(3 + 6 * 2 + 2);
        assertThat(checked.get("exact").intValue()).isEqualTo(27);
    }

    @Test
    void torchsCheckpointAsTemplateLoadsStrictlyWithEachRulesDistribution() throws IOException, InterruptedException {
        Python.require(dir, "torch", "safetensors", "huggingface_hub");
        String script = Golden.file("../template_check.py").toString();
        Python.Result made = Python.run(dir, script, "make", dir.toString());
        assertThat(made.exitCode()).as("template_check.py make failed: %s", made.stderr()).isZero();
        for (String dtype : List.of("float32", "bfloat16")) {
            ModelTemplate template = ModelTemplate.read(dir.resolve("template-" + dtype + ".safetensors"));
            assertThat(template.tensors()).extracting(TensorInfo::name).contains("bn.num_batches_tracked");
            ModelSpec spec = template.spec(RULES, OptionalLong.empty(), Optional.empty());
            assertThat(spec.parameters()).hasSize(template.tensors().size() - 1)
                    .allSatisfy(p -> assertThat(p.dtype().lowerCaseName()).isEqualTo(dtype));
            TensorFiles.write(dir.resolve("init-" + dtype + ".safetensors"), spec.tensors(ParallelFill.common()));
        }
        ModelTemplate sharded = ModelTemplate.read(dir.resolve("sharded/model.safetensors.index.json"));
        assertThat(sharded.shards()).hasSizeGreaterThan(2);
        sharded.writeShards(dir.resolve("init-sharded"),
                sharded.spec(RULES, OptionalLong.empty(), Optional.empty()).tensors(ParallelFill.common()));
        Python.Result r = Python.run(dir, script, "check", dir.toString());
        assertThat(r.exitCode()).as("template_check.py check failed: %s", r.stderr()).isZero();
        JsonNode checked = Json.read(r.stdout().getBytes(StandardCharsets.UTF_8));
        assertThat(checked.get("models").intValue()).isEqualTo(3);
        // Per model: conv, fc1 and fc2 weights and biases uniform; the embedding normal; the two
        // norms' weights and biases and BatchNorm's running statistics exact.
        assertThat(checked.get("uniform").intValue()).isEqualTo(3 * 6);
        assertThat(checked.get("normal").intValue()).isEqualTo(3);
        assertThat(checked.get("exact").intValue()).isEqualTo(3 * 6);
    }
}
