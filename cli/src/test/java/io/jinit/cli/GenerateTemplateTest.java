package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.DType;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jinit generate --template FILE --rules FILE}: a checkpoint's layout initialized by rules,
 * and bad input in one line naming the option and the value, with the output left as it was. The
 * output loading into the torch module that wrote the template is {@code TemplateInteropTest}
 * (formats).
 */
class GenerateTemplateTest {
    private static final String RULES = """
            {"seed": 9, "rules": [
              {"pattern": "*.num_batches_tracked", "initializer": "skip"},
              {"pattern": "norm.weight", "initializer": "ones"},
              {"pattern": "norm.*", "initializer": "zeros"},
              {"pattern": "*.bias", "initializer": "torch_linear_bias"},
              {"pattern": "*", "initializer": "kaiming_uniform_", "config": {"a": 2.23606797749979}}
            ]}""";

    @TempDir
    Path dir;

    /**
     * A safetensors checkpoint of a Linear(8, 16) and a BatchNorm1d(16) in bfloat16, with its
     * int64 counter, as torch's save_file lays it out (sorted by name within a dtype, wider dtypes
     * first); zero data, written by hand since jinit writes floating-point dtypes only.
     */
    private Path template() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\",\"origin\":\"torch\"},"
                + "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[16,8],\"data_offsets\":[0,512]},"
                + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[16],\"data_offsets\":[512,576]},"
                + "\"norm.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[576,584]},"
                + "\"norm.bias\":{\"dtype\":\"BF16\",\"shape\":[16],\"data_offsets\":[584,616]},"
                + "\"norm.running_mean\":{\"dtype\":\"BF16\",\"shape\":[16],\"data_offsets\":[616,648]},"
                + "\"norm.running_var\":{\"dtype\":\"BF16\",\"shape\":[16],\"data_offsets\":[648,680]},"
                + "\"norm.weight\":{\"dtype\":\"BF16\",\"shape\":[16],\"data_offsets\":[680,712]}}";
        return safetensors("model.safetensors", header, 712);
    }

    private Path safetensors(String name, String header, long dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Path path = dir.resolve(name);
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            out.setLength(8 + json.length + dataBytes);
        }
        return path;
    }

    private Path rules(String text) throws IOException {
        return Files.writeString(dir.resolve("rules.json"), text);
    }

    @Test
    void writesTheTemplatesLayoutInitializedByTheRules() throws IOException {
        Path template = template();
        Path out = dir.resolve("init.safetensors");
        CliRun run = CliRun.of("generate", "--template", template.toString(), "--rules", rules(RULES).toString(),
                "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(TensorFiles.open(out)).containsExactly(
                new TensorInfo("fc.weight", Shape.of(16, 8), DType.FLOAT32),
                new TensorInfo("fc.bias", Shape.of(16), DType.FLOAT32),
                new TensorInfo("norm.bias", Shape.of(16), DType.BFLOAT16),
                new TensorInfo("norm.running_mean", Shape.of(16), DType.BFLOAT16),
                new TensorInfo("norm.running_var", Shape.of(16), DType.BFLOAT16),
                new TensorInfo("norm.weight", Shape.of(16), DType.BFLOAT16));
        Map<String, String> meta = TensorFiles.metadata(out);
        assertThat(meta.keySet()).startsWith("format", "jinit.version", "jinit.seed", "jinit.template", "origin",
                "jinit.init.fc.weight");
        assertThat(meta).containsEntry("jinit.seed", "9").containsEntry("jinit.template", "model.safetensors")
                .containsEntry("origin", "torch");
        // torch_linear_bias takes the fan_in of fc.weight [16, 8]: U(-1/sqrt(8), 1/sqrt(8)).
        assertThat(meta.get("jinit.init.fc.bias")).contains("\"fan_in\":8");
        double[] bias = new double[16];
        TensorFiles.read(out, "fc.bias", 0, bias, 0, 16);
        double bound = 1 / Math.sqrt(8);
        assertThat(Arrays.stream(bias).max().orElseThrow()).isLessThanOrEqualTo(bound);
        assertThat(Arrays.stream(bias).min().orElseThrow()).isGreaterThanOrEqualTo(-bound);
        double[] weight = new double[16];
        TensorFiles.read(out, "norm.weight", 0, weight, 0, 16);
        assertThat(weight).containsOnly(1.0);
    }

    @Test
    void theSameInputGivesTheSameBytesOnAnyThreadCountAndTheValuesOfTheSpecWrittenOut() throws IOException {
        Path template = template();
        Path rules = rules(RULES);
        Path one = dir.resolve("one.safetensors");
        Path two = dir.resolve("two.safetensors");
        assertThat(CliRun.of("generate", "--template", template.toString(), "--rules", rules.toString(), "--out",
                one.toString(), "--threads", "1").status()).isZero();
        assertThat(CliRun.of("generate", "--template", template.toString(), "--rules", rules.toString(), "--out",
                two.toString(), "--threads", "2").status()).isZero();
        assertThat(Files.readAllBytes(two)).isEqualTo(Files.readAllBytes(one));

        Path spec = Files.writeString(dir.resolve("spec.json"), """
                {"seed": 9, "parameters": [
                  {"name": "fc.weight", "shape": [16, 8], "initializer": "kaiming_uniform_",
                   "config": {"a": 2.23606797749979}},
                  {"name": "fc.bias", "shape": [16], "initializer": "torch_linear_bias"}
                ]}""");
        Path bySpec = dir.resolve("spec.safetensors");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", bySpec.toString()).status()).isZero();
        for (String name : List.of("fc.weight", "fc.bias")) {
            int n = (int) TensorFiles.open(bySpec).stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow().shape().size();
            double[] a = new double[n];
            double[] b = new double[n];
            TensorFiles.read(one, name, 0, a, 0, n);
            TensorFiles.read(bySpec, name, 0, b, 0, n);
            assertThat(a).as(name).isEqualTo(b);
        }
    }

    @Test
    void dtypeReplacesTheTemplatesDtypesAndSeedServesRulesWithoutOne() throws IOException {
        Path out = dir.resolve("f64.safetensors");
        CliRun run = CliRun.of("generate", "--template", template().toString(), "--rules",
                rules(RULES.replace("\"seed\": 9, ", "")).toString(), "--dtype", "float64", "--seed", "3", "--out",
                out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(TensorFiles.open(out)).extracting(TensorInfo::dtype).containsOnly(DType.FLOAT64);
        assertThat(TensorFiles.metadata(out)).containsEntry("jinit.seed", "3");
    }

    @Test
    void aDrawnSeedIsPrinted() throws IOException {
        CliRun run = CliRun.of("generate", "--template", template().toString(), "--rules",
                rules(RULES.replace("\"seed\": 9, ", "")).toString(), "--out", dir.resolve("o.safetensors").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).matches("jinit: seed -?[0-9]+ \\(repeat with --seed -?[0-9]+\\)\\s*");
    }

    /** Runs a bad command and checks one line on stderr and an output left as it was. */
    private String refused(String... options) throws IOException {
        Path out = dir.resolve("kept.safetensors");
        Files.writeString(out, "kept");
        String[] args = new String[options.length + 3];
        args[0] = "generate";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--out";
        args[options.length + 2] = out.toString();
        CliRun run = CliRun.of(args).badInput();
        assertThat(Files.readString(out)).isEqualTo("kept");
        return run.err().strip();
    }

    @Test
    void aBadTemplateIsNamedInOneLine() throws IOException {
        String rules = rules(RULES).toString();
        Path missing = dir.resolve("missing.safetensors");
        assertThat(refused("--template", missing.toString(), "--rules", rules))
                .isEqualTo("jinit: --template: file does not exist or is not a regular file: " + missing);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a checkpoint at all");
        assertThat(refused("--template", text.toString(), "--rules", rules))
                .startsWith("jinit: --template: " + text + ": not .npy or .npz, and as .safetensors");
        Path json = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"bert\"}");
        assertThat(refused("--template", json.toString(), "--rules", rules))
                .startsWith("jinit: --template: " + json + " is JSON but not a sharded checkpoint's index");
        Path truncated = safetensors("truncated.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
        assertThat(refused("--template", truncated.toString(), "--rules", rules))
                .startsWith("jinit: --template: " + truncated + ": data_offsets of tensor w [0, 16] run past the end");
        Path corrupt = safetensors("corrupt.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],", 0);
        assertThat(refused("--template", corrupt.toString(), "--rules", rules))
                .startsWith("jinit: --template: " + corrupt + ": malformed safetensors header JSON");
        Path f8 = safetensors("f8.safetensors", "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", 4);
        assertThat(refused("--template", f8.toString(), "--rules", rules))
                .isEqualTo("jinit: --template: " + f8 + ": tensor w: unsupported safetensors dtype: F8_E4M3");
    }

    @Test
    void badRulesAreNamedInOneLine() throws IOException {
        String template = template().toString();
        assertThat(refused("--template", template))
                .isEqualTo("jinit: --template needs --rules FILE, the rules that initialize its tensors: " + template);
        Path missing = dir.resolve("none.json");
        assertThat(refused("--template", template, "--rules", missing.toString()))
                .isEqualTo("jinit: --rules: rules file does not exist: " + missing);
        Path everything = rules("{\"seed\": 1, \"rules\": [{\"pattern\": \"*\", \"initializer\": \"zeros\"}]}");
        assertThat(refused("--template", template, "--rules", everything.toString()))
                .isEqualTo("jinit: --rules " + everything + ": tensor norm.num_batches_tracked (int64 []) is matched by"
                        + " rule *, but jinit writes [float32, float64, bfloat16, float16] only: put {\"pattern\":"
                        + " \"norm.num_batches_tracked\", \"initializer\": \"skip\"} before it to leave it out");
        Path partial = rules("{\"seed\": 1, \"rules\": [{\"pattern\": \"norm.*\", \"initializer\": \"skip\"},"
                + " {\"pattern\": \"*.weight\", \"initializer\": \"normal_\"}]}");
        assertThat(refused("--template", template, "--rules", partial.toString()))
                .isEqualTo("jinit: --rules " + partial + ": no rule matches tensor fc.bias (float32 [16]): add a rule"
                        + " for it");
        Path seeded = rules(RULES);
        assertThat(refused("--template", template, "--rules", seeded.toString(), "--seed", "4"))
                .startsWith("jinit: --rules " + seeded + ": seed 9 ").contains("--seed 4");
        assertThat(refused("--layers", "4,2", "--rules", seeded.toString()))
                .isEqualTo("jinit: --rules needs --template or --hf-config: " + seeded);
        assertThat(refused("--template", template, "--spec", seeded.toString(), "--rules", seeded.toString()))
                .contains("--template").contains("--spec").contains("mutually exclusive");
    }

    /** The template's tensors in two shards and their index, in {@code dir/sharded}. */
    private Path shardedTemplate() throws IOException {
        Files.createDirectories(dir.resolve("sharded"));
        safetensors("sharded/model-00001-of-00002.safetensors", "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[16,8],\"data_offsets\":[0,512]}}", 512);
        safetensors("sharded/model-00002-of-00002.safetensors", "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[16],\"data_offsets\":[0,64]},"
                + "\"norm.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[64,72]}}", 72);
        return Files.writeString(dir.resolve("sharded/model.safetensors.index.json"), """
                {"metadata": {"total_size": 584}, "weight_map": {
                  "fc.bias": "model-00002-of-00002.safetensors",
                  "fc.weight": "model-00001-of-00002.safetensors",
                  "norm.num_batches_tracked": "model-00002-of-00002.safetensors"}}""");
    }

    @Test
    void anIndexAsTemplateGivesTheSameShardsAndAnIndexInTheOutputDirectory() throws IOException {
        Path index = shardedTemplate();
        Path out = dir.resolve("init");
        CliRun run = CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(), "--out",
                out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(TensorFiles.open(out.resolve("model-00001-of-00002.safetensors"))).extracting(TensorInfo::name)
                .containsExactly("fc.weight");
        assertThat(TensorFiles.open(out.resolve("model-00002-of-00002.safetensors"))).extracting(TensorInfo::name)
                .containsExactly("fc.bias");
        assertThat(Files.readString(out.resolve("model.safetensors.index.json"))).contains(
                "\"total_size\": 576", "\"fc.bias\": \"model-00002-of-00002.safetensors\"")
                .doesNotContain("num_batches_tracked");
        // The bias finds its weight in the other shard; values as from one file.
        assertThat(TensorFiles.metadata(out.resolve("model-00002-of-00002.safetensors")).get("jinit.init.fc.bias"))
                .contains("\"fan_in\":8");
        Path single = dir.resolve("single.safetensors");
        assertThat(CliRun.of("generate", "--template", template().toString(), "--rules", rules(RULES).toString(),
                "--out", single.toString()).status()).isZero();
        double[] a = new double[16];
        double[] b = new double[16];
        TensorFiles.read(out.resolve("model-00002-of-00002.safetensors"), "fc.bias", 0, a, 0, 16);
        TensorFiles.read(single, "fc.bias", 0, b, 0, 16);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void eachShardOfAnIndexTemplateCanBeWrittenAloneWithTheSameBytes() throws IOException {
        Path index = shardedTemplate();
        Path whole = dir.resolve("whole");
        assertThat(CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(), "--out",
                whole.toString()).status()).isZero();
        Path parts = dir.resolve("parts");
        for (String shard : List.of("2/2", "1/2")) {
            CliRun run = CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(),
                    "--out", parts.toString(), "--shard", shard);
            assertThat(run.status()).as(run.err()).isZero();
        }
        for (String file : List.of("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "model.safetensors.index.json")) {
            assertThat(Files.readAllBytes(parts.resolve(file))).as(file).isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
        CliRun plan = CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(),
                "--plan");
        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("\"file\": \"model-00002-of-00002.safetensors\"", "\"name\": \"fc.bias\"",
                "\"file\": \"model.safetensors.index.json\"").doesNotContain("num_batches_tracked");
        assertThat(CliRun.of("generate", "--template", template().toString(), "--rules", rules(RULES).toString(),
                "--out", dir.resolve("one.safetensors").toString(), "--shard", "1/1").badInput().err())
                .isEqualTo("jinit: --shard 1/1 needs a checkpoint directory: --hf-config, or the --template of a sharded "
                        + "checkpoint's model.safetensors.index.json\n");
    }

    @Test
    void aBadShardIsNamedWithTheIndex() throws IOException {
        Path index = shardedTemplate();
        Path shard = index.resolveSibling("model-00002-of-00002.safetensors");
        Files.writeString(shard, "truncated");
        assertThat(refused("--template", index.toString(), "--rules", rules(RULES).toString()))
                .startsWith("jinit: --template " + index + ": " + shard + ": ");
    }

    @Test
    void theShardsMayNotBeWrittenOverTheTemplatesOwn() throws IOException {
        Path index = shardedTemplate();
        byte[] before = Files.readAllBytes(index.resolveSibling("model-00001-of-00002.safetensors"));
        CliRun run = CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(), "--out",
                index.getParent().toString()).badInput();
        assertThat(run.err().strip()).startsWith("jinit: --out is the --template file, which it would overwrite: ");
        assertThat(Files.readAllBytes(index.resolveSibling("model-00001-of-00002.safetensors"))).isEqualTo(before);
        Path file = Files.writeString(dir.resolve("file"), "kept");
        assertThat(CliRun.of("generate", "--template", index.toString(), "--rules", rules(RULES).toString(), "--out",
                file.toString()).badInput().err().strip()).isEqualTo("jinit: --out must be a directory for the shards"
                        + " of model.safetensors.index.json, and is a file: " + file);
        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    void theOutputMayNotBeTheTemplate() throws IOException {
        Path template = template();
        byte[] before = Files.readAllBytes(template);
        CliRun run = CliRun.of("generate", "--template", template.toString(), "--rules", rules(RULES).toString(),
                "--out", template.toString()).badInput();
        assertThat(run.err().strip()).isEqualTo("jinit: --out is the --template file, which it would overwrite: "
                + TensorOutput.asTyped(template.toAbsolutePath()));
        assertThat(Files.readAllBytes(template)).isEqualTo(before);
    }
}
