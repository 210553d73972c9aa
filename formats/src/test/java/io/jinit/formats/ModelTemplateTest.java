package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.jinit.ParallelFill;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelTemplate}: a checkpoint's names, shapes and dtypes read from its header alone, and
 * initialized by rules as a spec's parameters are.
 */
class ModelTemplateTest {
    private static final String RULES = """
            {"seed": 11, "rules": [
              {"pattern": "*.num_batches_tracked", "initializer": "skip"},
              {"pattern": "bn.weight", "initializer": "ones"},
              {"pattern": "bn.*", "initializer": "zeros"},
              {"pattern": "*.bias", "initializer": "torch_linear_bias"},
              {"pattern": "*", "initializer": "normal_", "config": {"std": 0.02}}
            ]}""";

    @TempDir
    Path dir;

    /**
     * A safetensors file of the given header entries ({@code name, dtype, dims...}) in order,
     * with zero data; written by hand, since jinit writes floating-point dtypes only.
     */
    private Path checkpoint(String file, String metadata, Object[]... tensors) throws IOException {
        StringBuilder json = new StringBuilder("{");
        if (metadata != null) {
            json.append("\"__metadata__\":").append(metadata).append(',');
        }
        long offset = 0;
        for (Object[] t : tensors) {
            DType dtype = DType.ofSafetensorsName((String) t[1]);
            long elements = 1;
            StringBuilder dims = new StringBuilder();
            for (int i = 2; i < t.length; i++) {
                elements *= (Integer) t[i];
                dims.append(i > 2 ? "," : "").append(t[i]);
            }
            long end = offset + elements * dtype.byteSize();
            json.append(Json.write(t[0])).append(":{\"dtype\":\"").append(t[1]).append("\",\"shape\":[").append(dims)
                    .append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]},");
            offset = end;
        }
        json.setCharAt(json.length() - 1, '}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        Path path = dir.resolve(file);
        try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            // A hole: the data is never read, so its size costs nothing here.
            out.setLength(8 + header.length + offset);
        }
        return path;
    }

    /** The layout of a small torch model: a Linear, a BatchNorm1d with its int64 counter. */
    private Path torchCheckpoint() throws IOException {
        return checkpoint("model.safetensors", "{\"format\":\"pt\",\"note\":\"from torch\",\"jinit.seed\":\"5\"}",
                new Object[] {"fc.weight", "F32", 16, 8},
                new Object[] {"fc.bias", "F32", 16},
                new Object[] {"bn.weight", "BF16", 16},
                new Object[] {"bn.bias", "BF16", 16},
                new Object[] {"bn.running_mean", "F16", 16},
                new Object[] {"bn.running_var", "F64", 16},
                new Object[] {"bn.num_batches_tracked", "I64"});
    }

    @Test
    void readsNamesShapesDtypesAndMetadataInDataOrder() throws IOException {
        ModelTemplate template = ModelTemplate.read(torchCheckpoint());
        assertThat(template.source()).isEqualTo("model.safetensors");
        assertThat(template.tensors()).containsExactly(
                new TensorInfo("fc.weight", Shape.of(16, 8), DType.FLOAT32),
                new TensorInfo("fc.bias", Shape.of(16), DType.FLOAT32),
                new TensorInfo("bn.weight", Shape.of(16), DType.BFLOAT16),
                new TensorInfo("bn.bias", Shape.of(16), DType.BFLOAT16),
                new TensorInfo("bn.running_mean", Shape.of(16), DType.FLOAT16),
                new TensorInfo("bn.running_var", Shape.of(16), DType.FLOAT64),
                new TensorInfo("bn.num_batches_tracked", Shape.copyOf(new long[0]), DType.INT64));
        assertThat(template.metadata()).containsExactly(entry("format", "pt"), entry("note", "from torch"),
                entry("jinit.seed", "5"));
    }

    @Test
    void readsTheHeaderOfAHugeCheckpointWithoutItsData() throws IOException {
        // 2^33 float32 elements: 32 GiB of data, a hole in the file; only the header is read.
        Path huge = checkpoint("huge.safetensors", null, new Object[] {"embed.weight", "F32", 1 << 17, 1 << 16});
        ModelSpec spec = ModelTemplate.read(huge).spec("{\"seed\": 1, \"rules\": [{\"pattern\": \"*\", "
                + "\"initializer\": \"normal_\"}]}", OptionalLong.empty(), Optional.empty());
        assertThat(spec.totalElements()).isEqualTo(1L << 33);
    }

    @Test
    void eachTensorTakesItsFirstMatchingRuleInTheTemplatesDtype() throws IOException {
        ModelSpec spec = ModelTemplate.read(torchCheckpoint()).spec(RULES, OptionalLong.empty(), Optional.empty());
        assertThat(spec.seed()).isEqualTo(11);
        assertThat(spec.seedDrawn()).isFalse();
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).containsExactly("fc.weight", "fc.bias",
                "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var");
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::dtype).containsExactly(DType.FLOAT32,
                DType.FLOAT32, DType.BFLOAT16, DType.BFLOAT16, DType.FLOAT16, DType.FLOAT64);
        Map<String, String> recorded = recorded(spec);
        assertThat(recorded.get("jinit.init.fc.weight")).contains("\"class_name\":\"normal_\"", "\"std\":0.02");
        // The bias's fan_in is its weight's, [16, 8] in torch's convention: 8.
        assertThat(recorded.get("jinit.init.fc.bias")).contains("\"class_name\":\"torch_linear_bias\"",
                "\"fan_in\":8");
        assertThat(recorded.get("jinit.init.bn.weight")).contains("Ones");
        assertThat(recorded.get("jinit.init.bn.running_var")).contains("Zeros");
    }

    @Test
    void valuesAreThoseOfTheSameSpecWrittenByHand() throws IOException {
        ModelSpec fromTemplate = ModelTemplate.read(torchCheckpoint()).spec(RULES, OptionalLong.empty(),
                Optional.empty());
        ModelSpec byHand = ModelSpecReader.parse("""
                {"seed": 11, "parameters": [
                  {"name": "fc.weight", "shape": [16, 8], "initializer": "normal_", "config": {"std": 0.02}},
                  {"name": "fc.bias", "shape": [16], "initializer": "torch_linear_bias"},
                  {"name": "bn.weight", "shape": [16], "initializer": "ones", "dtype": "bfloat16"},
                  {"name": "bn.bias", "shape": [16], "initializer": "zeros", "dtype": "bfloat16"},
                  {"name": "bn.running_mean", "shape": [16], "initializer": "zeros", "dtype": "float16"},
                  {"name": "bn.running_var", "shape": [16], "initializer": "zeros", "dtype": "float64"}
                ]}""", OptionalLong.empty());
        assertThat(fromTemplate.parameters()).isEqualTo(byHand.parameters());
        List<TensorSource> a = fromTemplate.tensors(ParallelFill.sequential());
        List<TensorSource> b = byHand.tensors(ParallelFill.sequential());
        double[] x = new double[128];
        double[] y = new double[128];
        a.get(0).fill(0, x, 0, 128);
        b.get(0).fill(0, y, 0, 128);
        assertThat(x).isEqualTo(y).doesNotContain(0.0);
    }

    @Test
    void recordsTheTemplateAndCarriesItsMetadataButFormatAndJinitEntries() throws IOException {
        ModelSpec spec = ModelTemplate.read(torchCheckpoint()).spec(RULES, OptionalLong.empty(), Optional.empty());
        assertThat(spec.metadata()).containsExactly(entry("jinit.template", "model.safetensors"),
                entry("note", "from torch"));
        Path out = dir.resolve("out.safetensors");
        TensorFiles.write(out, spec.tensors(ParallelFill.sequential()));
        assertThat(TensorFiles.metadata(out)).containsEntry("format", "pt").containsEntry("jinit.seed", "11")
                .containsEntry("jinit.template", "model.safetensors").containsEntry("note", "from torch");
        assertThat(TensorFiles.open(out)).extracting(TensorInfo::name).containsExactly("fc.weight", "fc.bias",
                "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var");
    }

    @Test
    void runDtypeReplacesEveryWrittenDtype() throws IOException {
        ModelSpec spec = ModelTemplate.read(torchCheckpoint()).spec(RULES, OptionalLong.empty(),
                Optional.of(DType.FLOAT32));
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::dtype).containsOnly(DType.FLOAT32);
    }

    @Test
    void theRunSeedServesRulesWithoutSeedAndMustAgreeWithTheirs() throws IOException {
        ModelTemplate template = ModelTemplate.read(torchCheckpoint());
        String unseeded = RULES.replace("\"seed\": 11, ", "");
        assertThat(template.spec(unseeded, OptionalLong.of(4), Optional.empty()).seed()).isEqualTo(4);
        assertThat(template.spec(unseeded, OptionalLong.empty(), Optional.empty()).seedDrawn()).isTrue();
        assertThatThrownBy(() -> template.spec(RULES, OptionalLong.of(4), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("11").hasMessageContaining("4");
    }

    @Test
    void aTensorNoRuleMatchesIsNamed() throws IOException {
        ModelTemplate template = ModelTemplate.read(torchCheckpoint());
        assertThatThrownBy(() -> template.spec("{\"rules\": [{\"pattern\": \"bn.*\", \"initializer\": \"skip\"},"
                + " {\"pattern\": \"*.weight\", \"initializer\": \"normal_\"}]}", OptionalLong.of(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no rule matches tensor fc.bias (float32 [16]): add a rule for it");
    }

    @Test
    void aTensorJinitCannotWriteMustBeSkipped() throws IOException {
        ModelTemplate template = ModelTemplate.read(torchCheckpoint());
        String everything = "{\"rules\": [{\"pattern\": \"*\", \"initializer\": \"zeros\"}]}";
        assertThatThrownBy(() -> template.spec(everything, OptionalLong.of(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor bn.num_batches_tracked (int64 []) is matched by rule *, but jinit writes [float32,"
                        + " float64, bfloat16, float16] only: put {\"pattern\": \"bn.num_batches_tracked\","
                        + " \"initializer\": \"skip\"} before it to leave it out");
        String floatsOnly = "{\"rules\": [{\"pattern\": \"*.*ght\", \"initializer\": \"zeros\"},"
                + " {\"pattern\": \"*.*s\", \"initializer\": \"zeros\"},"
                + " {\"pattern\": \"*_*n\", \"initializer\": \"zeros\"}, {\"pattern\": \"*_var\", \"initializer\": \"zeros\"}]}";
        assertThatThrownBy(() -> template.spec(floatsOnly, OptionalLong.of(1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no rule matches tensor bn.num_batches_tracked (int64 []): add a rule for it, such as"
                        + " {\"pattern\": \"bn.num_batches_tracked\", \"initializer\": \"skip\"}");
    }

    @Test
    void badRulesAreRefusedNamingTheProblem() throws IOException {
        ModelTemplate template = ModelTemplate.read(torchCheckpoint());
        assertThatThrownBy(() -> template.spec("[]", OptionalLong.of(1), Optional.empty()))
                .hasMessageStartingWith("rules file must hold a JSON object");
        assertThatThrownBy(() -> template.spec("{\"rules\": [], \"parameters\": []}", OptionalLong.of(1),
                Optional.empty())).hasMessageStartingWith("unknown key in rules file").hasMessageEndingWith(
                ": parameters");
        assertThatThrownBy(() -> template.spec("{\"seed\": 1}", OptionalLong.empty(), Optional.empty()))
                .hasMessage("rules must be a JSON array: null");
        assertThatThrownBy(() -> template.spec("{\"rules\": [{\"initializer\": \"zeros\"}]}", OptionalLong.of(1),
                Optional.empty())).hasMessage("rule 0 must be a JSON object with a string pattern: "
                        + "{\"initializer\":\"zeros\"}");
        // Checked by the spec's reader, rules that match nothing included.
        assertThatThrownBy(() -> template.spec(RULES.replace("]}", ", {\"pattern\": \"x\", \"initializer\": \"zeros\","
                + " \"extra\": 1}]}"), OptionalLong.empty(), Optional.empty()))
                .hasMessage("unknown key in rule: extra");
        assertThatThrownBy(() -> template.spec(RULES.replace("\"normal_\"", "\"no_such_init\""), OptionalLong.empty(),
                Optional.empty())).hasMessageStartingWith("initializer of fc.weight: ");
    }

    @Test
    void aFileThatIsNotATensorFileIsRefusedNamingIt() throws IOException {
        Path text = Files.writeString(dir.resolve("config.txt"), "hello, world: not a checkpoint");
        assertThatThrownBy(() -> ModelTemplate.read(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.toString());
        Path json = Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        assertThatThrownBy(() -> ModelTemplate.read(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(json + " is JSON but not a sharded checkpoint's index, an object whose \"weight_map\" maps"
                        + " tensor names to shard files");
        assertThatThrownBy(() -> ModelTemplate.read(dir.resolve("missing.safetensors")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.safetensors");
        Path unknownDtype = checkpoint("f8.safetensors", null, new Object[] {"w", "F32", 2});
        byte[] bytes = Files.readAllBytes(unknownDtype);
        String patched = new String(bytes, StandardCharsets.ISO_8859_1).replace("\"F32\"", "\"F8X\"");
        Files.write(unknownDtype, patched.getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ModelTemplate.read(unknownDtype)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported safetensors dtype: F8X");
    }

    /** Two shards as save_pretrained names them, and their index. */
    private Path shardedCheckpoint(String weightMap) throws IOException {
        checkpoint("model-00001-of-00002.safetensors", "{\"format\":\"pt\"}",
                new Object[] {"embed.weight", "BF16", 32, 8},
                new Object[] {"layers.0.weight", "BF16", 8, 8});
        checkpoint("model-00002-of-00002.safetensors", "{\"format\":\"pt\"}",
                new Object[] {"layers.0.bias", "BF16", 8},
                new Object[] {"position_ids", "I64", 1, 32});
        return Files.writeString(dir.resolve("model.safetensors.index.json"), "{\"metadata\": {\"total_size\": 912},"
                + " \"weight_map\": " + weightMap + "}");
    }

    private static final String WEIGHT_MAP = "{\"embed.weight\": \"model-00001-of-00002.safetensors\","
            + " \"layers.0.weight\": \"model-00001-of-00002.safetensors\","
            + " \"layers.0.bias\": \"model-00002-of-00002.safetensors\","
            + " \"position_ids\": \"model-00002-of-00002.safetensors\"}";

    @Test
    void anIndexGivesItsShardsLayoutReadFromTheirHeaders() throws IOException {
        ModelTemplate template = ModelTemplate.read(shardedCheckpoint(WEIGHT_MAP));
        assertThat(template.sharded()).isTrue();
        assertThat(template.source()).isEqualTo("model.safetensors.index.json");
        assertThat(template.shards()).containsExactly(
                new ModelTemplate.Shard("model-00001-of-00002.safetensors", List.of("embed.weight", "layers.0.weight")),
                new ModelTemplate.Shard("model-00002-of-00002.safetensors", List.of("layers.0.bias", "position_ids")));
        assertThat(template.tensors()).extracting(TensorInfo::name).containsExactly("embed.weight", "layers.0.weight",
                "layers.0.bias", "position_ids");
        assertThat(template.metadata()).containsExactly(entry("format", "pt"));
        assertThat(ModelTemplate.read(dir.resolve("model-00001-of-00002.safetensors")).sharded()).isFalse();
    }

    @Test
    void writeShardsWritesTheSameShardFilesAndAnIndexAsTransformersDoes() throws IOException {
        ModelTemplate template = ModelTemplate.read(shardedCheckpoint(WEIGHT_MAP));
        ModelSpec spec = template.spec("{\"seed\": 3, \"rules\": [{\"pattern\": \"position_ids\", \"initializer\":"
                + " \"skip\"}, {\"pattern\": \"*.bias\", \"initializer\": \"torch_linear_bias\"},"
                + " {\"pattern\": \"*\", \"initializer\": \"normal_\"}]}", OptionalLong.empty(), Optional.empty());
        Path out = dir.resolve("out/model");
        template.writeShards(out, spec.tensors(ParallelFill.sequential()));
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                    "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                    "model.safetensors.index.json");
        }
        assertThat(TensorFiles.open(out.resolve("model-00002-of-00002.safetensors"))).containsExactly(
                new TensorInfo("layers.0.bias", Shape.of(8), DType.BFLOAT16));
        assertThat(TensorFiles.metadata(out.resolve("model-00001-of-00002.safetensors")))
                .containsEntry("jinit.template", "model.safetensors.index.json")
                .containsKeys("jinit.init.embed.weight", "jinit.init.layers.0.weight");
        // json.dumps(index, indent=2, sort_keys=True) + "\n"; the skipped position_ids is not listed.
        assertThat(Files.readString(out.resolve("model.safetensors.index.json"))).isEqualTo("""
                {
                  "metadata": {
                    "total_parameters": 328,
                    "total_size": 656
                  },
                  "weight_map": {
                    "embed.weight": "model-00001-of-00002.safetensors",
                    "layers.0.bias": "model-00002-of-00002.safetensors",
                    "layers.0.weight": "model-00001-of-00002.safetensors"
                  }
                }
                """);
    }

    @Test
    void aShardLeftWithoutTensorsIsNotWrittenAndAFailedWriteLeavesNothing() throws IOException {
        ModelTemplate template = ModelTemplate.read(shardedCheckpoint(WEIGHT_MAP));
        ModelSpec spec = template.spec("{\"seed\": 3, \"rules\": [{\"pattern\": \"embed.weight\", \"initializer\":"
                + " \"zeros\"}, {\"pattern\": \"*\", \"initializer\": \"skip\"}]}", OptionalLong.empty(),
                Optional.empty());
        Path out = dir.resolve("one");
        template.writeShards(out, spec.tensors(ParallelFill.sequential()));
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
                    "model-00001-of-00002.safetensors", "model.safetensors.index.json");
        }
        // orthogonal_ on a rank-1 tensor fails in the second shard, once the first is written.
        ModelSpec failing = template.spec("{\"seed\": 3, \"rules\": [{\"pattern\": \"position_ids\", \"initializer\":"
                + " \"skip\"}, {\"pattern\": \"*\", \"initializer\": \"orthogonal_\"}]}", OptionalLong.empty(),
                Optional.empty());
        Path none = dir.resolve("fresh/sub");
        assertThatThrownBy(() -> template.writeShards(none, failing.tensors(ParallelFill.sequential())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.0.bias");
        assertThat(dir.resolve("fresh")).doesNotExist();
    }

    @Test
    void anIndexAndShardsThatDisagreeAreRefusedNamingTheTensor() throws IOException {
        Path index = shardedCheckpoint(WEIGHT_MAP.replace("\"layers.0.bias\": \"model-00002", "\"layers.0.bias\": \"model-00001"));
        assertThatThrownBy(() -> ModelTemplate.read(index)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(index + ": shard model-00002-of-00002.safetensors holds tensor layers.0.bias, which"
                        + " weight_map gives to model-00001-of-00002.safetensors");
        Path extra = shardedCheckpoint(WEIGHT_MAP.replace("}", ", \"lm_head.weight\": \"model-00002-of-00002.safetensors\"}"));
        assertThatThrownBy(() -> ModelTemplate.read(extra)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(extra + ": weight_map gives tensor lm_head.weight to shard model-00002-of-00002.safetensors,"
                        + " which does not hold it");
        Path missing = shardedCheckpoint(WEIGHT_MAP.replace("\"position_ids\": \"model-00002-of-00002.safetensors\"",
                "\"position_ids\": \"model-00003-of-00003.safetensors\""));
        assertThatThrownBy(() -> ModelTemplate.read(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model-00003-of-00003.safetensors");
        Path outside = shardedCheckpoint(WEIGHT_MAP.replace("\"position_ids\": \"model-00002-of-00002.safetensors\"",
                "\"position_ids\": \"../model-00002-of-00002.safetensors\""));
        assertThatThrownBy(() -> ModelTemplate.read(outside)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(outside + ": weight_map gives tensor position_ids a shard that is not a file name beside the"
                        + " index: \"../model-00002-of-00002.safetensors\"");
    }

    private static Map<String, String> recorded(ModelSpec spec) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (TensorSource t : spec.tensors(ParallelFill.sequential())) {
            m.putAll(t.metadata());
        }
        return m;
    }
}
