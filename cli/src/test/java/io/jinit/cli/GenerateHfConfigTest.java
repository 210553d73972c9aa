package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.DType;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.formats.TensorStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jinit generate --hf-config}: the directory it writes, and bad input in one line naming the option. */
class GenerateHfConfigTest {
    private static final String CONFIG = "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\", "
            + "\"vocab_size\": 100, \"hidden_size\": 32, \"intermediate_size\": 40, \"num_hidden_layers\": 2, "
            + "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"torch_dtype\": \"bfloat16\"}";

    @TempDir
    Path dir;

    @Test
    void writesTheModelDirectory() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path out = dir.resolve("tiny");
        CliRun run = CliRun.of("generate", "--hf-config", config.toString(), "--out", out.toString(), "--seed", "5",
                "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        List<TensorInfo> tensors = TensorFiles.open(out.resolve("model.safetensors"));
        assertThat(tensors).hasSize(21).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.BFLOAT16));
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"dtype\":\"bfloat16\"");

        Path float32 = dir.resolve("f32");
        assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", float32.toString(), "--seed", "5",
                "--dtype", "float32").status()).isZero();
        assertThat(TensorFiles.open(float32.resolve("model.safetensors")))
                .allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT32));
        assertThat(Files.readString(float32.resolve("config.json"))).contains("\"dtype\":\"float32\"")
                .doesNotContain("torch_dtype");
    }

    /**
     * --rules with --hf-config: GPT-2's residual scaling in a Llama checkpoint. The o_proj and
     * down_proj weights are N(0, (0.02 / sqrt(4))²), every other tensor is the config's own, byte
     * for byte as without the rules.
     */
    @Test
    void rulesGiveTheTensorsTheyMatchAnotherInitializer() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path rules = Files.writeString(dir.resolve("gpt2.rules.json"), "{\"rules\": ["
                + "{\"pattern\": \"*.self_attn.o_proj.weight\", \"initializer\": \"normal_\", \"config\": {\"std\": 0.01}},"
                + "{\"pattern\": \"*.mlp.down_proj.weight\", \"initializer\": \"normal_\", \"config\": {\"std\": 0.01}}]}");
        Path plain = dir.resolve("plain");
        Path scaled = dir.resolve("scaled");
        assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", plain.toString(), "--seed", "5",
                "--dtype", "float32").status()).isZero();
        CliRun run = CliRun.of("generate", "--hf-config", config.toString(), "--rules", rules.toString(), "--out",
                scaled.toString(), "--seed", "5", "--dtype", "float32");
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, TensorStats> before = TensorFiles.stats(plain.resolve("model.safetensors"));
        Map<String, TensorStats> after = TensorFiles.stats(scaled.resolve("model.safetensors"));
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String name : after.keySet()) {
            if (name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight")) {
                // 32 x 32 and 32 x 40 normals: the sample std within 15 % (5 standard errors)
                assertThat(after.get(name).std()).as(name).isBetween(0.0085, 0.0115);
            } else {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            }
        }
        String bad = Files.writeString(dir.resolve("bad.rules.json"), "{\"rules\": [{\"pattern\": \"*.c_proj.weight\", "
                + "\"initializer\": \"zeros_\"}]}").toString();
        CliRun refused = CliRun.of("generate", "--hf-config", config.toString(), "--rules", bad, "--out",
                dir.resolve("none").toString(), "--seed", "5");
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("jinit: --rules " + bad + ": rule *.c_proj.weight matches no tensor of the "
                + "model\n");
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void maxShardSizeSplitsTheWeightsAsSavePretrained() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path whole = dir.resolve("whole");
        Path sharded = dir.resolve("sharded");
        assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", whole.toString(), "--seed", "5")
                .status()).isZero();
        CliRun run = CliRun.of("generate", "--hf-config", config.toString(), "--out", sharded.toString(), "--seed",
                "5", "--max-shard-size", "8KB");
        assertThat(run.status()).as(run.err()).isZero();
        List<String> files;
        try (var list = Files.list(sharded)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).contains("config.json", "model.safetensors.index.json", "model-00001-of-00006.safetensors",
                "model-00006-of-00006.safetensors").doesNotContain("model.safetensors");
        Map<String, TensorStats> shardStats = new TreeMap<>();
        for (String file : files) {
            if (file.startsWith("model-")) {
                assertThat(Files.size(sharded.resolve(file))).isLessThan(8_000 + 4_000);
                shardStats.putAll(TensorFiles.stats(sharded.resolve(file)));
            }
        }
        assertThat(shardStats).isEqualTo(new TreeMap<>(TensorFiles.stats(whole.resolve("model.safetensors"))));
        String index = Files.readString(sharded.resolve("model.safetensors.index.json"));
        assertThat(index).startsWith("{\n  \"metadata\": {\n    \"total_parameters\": ")
                .contains("\"lm_head.weight\": \"model-00006-of-00006.safetensors\"");

        Path one = dir.resolve("one");
        assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", one.toString(), "--seed", "5",
                "--max-shard-size", "1GiB").status()).isZero();
        assertThat(Files.readAllBytes(one.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("model.safetensors")));
    }

    @Test
    void badMaxShardSizeIsOneLineNamingTheOption() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path out = dir.resolve("out");
        for (String bad : List.of("0", "-5", "5XB")) {
            assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", out.toString(),
                    "--max-shard-size", bad).badInput().err())
                    .isEqualTo("jinit: --max-shard-size must be a positive whole number of bytes, optionally followed"
                            + " by KB, MB, GB, TB, KiB, MiB, GiB or TiB: " + bad + "\n");
        }
        assertThat(CliRun.of("generate", "--layers", "4,3", "--out", dir.resolve("x.safetensors").toString(),
                "--max-shard-size", "5GB").badInput().err())
                .isEqualTo("jinit: --max-shard-size needs --hf-config: 5GB\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void badInputIsOneLineNamingTheOption() throws IOException {
        Path out = dir.resolve("out");
        Path unknown = Files.writeString(dir.resolve("neox.json"), CONFIG.replace("\"llama\"", "\"gpt_neox\""));
        assertThat(CliRun.of("generate", "--hf-config", unknown.toString(), "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --hf-config " + unknown + ": model_type must be one of [llama, mistral, qwen2, gpt2, bert]: \"gpt_neox\"\n");
        Path missing = Files.writeString(dir.resolve("missing.json"), CONFIG.replace("\"vocab_size\": 100, ", ""));
        assertThat(CliRun.of("generate", "--hf-config", missing.toString(), "--out", out.toString()).badInput().err())
                .contains("config.json has no vocab_size");
        Path negative = Files.writeString(dir.resolve("negative.json"), CONFIG.replace("\"hidden_size\": 32",
                "\"hidden_size\": -32"));
        assertThat(CliRun.of("generate", "--hf-config", negative.toString(), "--out", out.toString()).badInput().err())
                .contains("hidden_size must be a positive integer: -32");
        Path absent = dir.resolve("absent.json");
        assertThat(CliRun.of("generate", "--hf-config", absent.toString(), "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --hf-config: config file does not exist: " + absent + "\n");
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(CliRun.of("generate", "--hf-config", config.toString(), "--out", file.toString()).badInput().err())
                .isEqualTo("jinit: --out must be a directory, and is a file: " + file + "\n");
        CliRun.of("generate", "--hf-config", config.toString(), "--spec", config.toString(), "--out", out.toString())
                .badInput();
        assertThat(out).doesNotExist();
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
