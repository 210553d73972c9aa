package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate --plan} and {@code --shard}: the plan a worker prints describes the files a
 * whole run writes, and workers that each write some weight files of it, on any thread count,
 * together leave the directory the whole run leaves, byte for byte.
 */
class GenerateShardsTest {
    private static final String CONFIG = "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\", "
            + "\"vocab_size\": 100, \"hidden_size\": 32, \"intermediate_size\": 40, \"num_hidden_layers\": 2, "
            + "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"torch_dtype\": \"bfloat16\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] args(Path config, String... more) {
        String[] base = {"generate", "--hf-config", config.toString(), "--seed", "5", "--max-shard-size", "8KB"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void workersWritingDisjointShardsLeaveTheDirectoryOfOneRun() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path whole = dir.resolve("whole");
        assertThat(CliRun.of(args(config, "--out", whole.toString())).status()).isZero();
        List<String> files = names(whole);
        assertThat(files).contains("model-00006-of-00006.safetensors", "model.safetensors.index.json", "config.json")
                .hasSize(8);

        Path shared = dir.resolve("shared");
        // Four workers of different thread counts; each leaves the index and config of the whole run.
        String[][] workers = {{"6/6", "1"}, {"1,3/6", "2"}, {"2/6", "3"}, {"4-5/6", "1"}};
        for (String[] worker : workers) {
            CliRun run = CliRun.of(args(config, "--out", shared.toString(), "--shard", worker[0], "--threads",
                    worker[1]));
            assertThat(run.status()).as(run.err()).isZero();
            for (String text : List.of("model.safetensors.index.json", "config.json")) {
                assertThat(Files.readAllBytes(shared.resolve(text))).as(text)
                        .isEqualTo(Files.readAllBytes(whole.resolve(text)));
            }
        }
        assertThat(names(shared)).isEqualTo(files);
        for (String file : files) {
            assertThat(Files.readAllBytes(shared.resolve(file))).as(file).isEqualTo(Files.readAllBytes(whole.resolve(file)));
        }
    }

    @Test
    void thePlanDescribesTheFilesAndWritesNothing() throws IOException, NoSuchAlgorithmException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path whole = dir.resolve("whole");
        assertThat(CliRun.of(args(config, "--out", whole.toString())).status()).isZero();
        Path absent = dir.resolve("absent");
        CliRun run = CliRun.of(args(config, "--plan", "--out", absent.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(absent).doesNotExist();
        assertThat(CliRun.of(args(config, "--plan", "--threads", "2")).out()).isEqualTo(run.out());

        JsonNode plan = JSON.readTree(run.out());
        assertThat(plan.get("weight_files")).hasSize(6);
        long total = 0;
        for (JsonNode w : plan.get("weight_files")) {
            Path file = whole.resolve(w.get("file").asText());
            assertThat(w.get("bytes").asLong()).as(file.toString()).isEqualTo(Files.size(file));
            assertThat(w.get("file").asText()).endsWith(String.format("-of-00006.safetensors"))
                    .contains(String.format("%05d", w.get("number").asInt()));
            total += Files.size(file);
        }
        for (JsonNode t : plan.get("text_files")) {
            byte[] bytes = Files.readAllBytes(whole.resolve(t.get("file").asText()));
            assertThat(t.get("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            total += bytes.length;
        }
        assertThat(plan.get("total_bytes").asLong()).isEqualTo(total);
        JsonNode index = JSON.readTree(whole.resolve("model.safetensors.index.json").toFile());
        assertThat(plan.get("total_size")).isEqualTo(index.get("metadata").get("total_size"));
        assertThat(plan.get("total_parameters")).isEqualTo(index.get("metadata").get("total_parameters"));
    }

    @Test
    void aDrawnSeedIsPrintedWithThePlanSinceTheHeadersRecordIt() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        CliRun run = CliRun.of("generate", "--hf-config", config.toString(), "--plan");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).matches("jinit: seed -?[0-9]+ \\(repeat with --seed -?[0-9]+\\)\n");
    }

    @Test
    void badShardsAreOneLineNamingTheOptionAndWriteNothing() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path out = dir.resolve("out");
        assertThat(CliRun.of(args(config, "--out", out.toString(), "--shard", "1/5")).badInput().err())
                .isEqualTo("jinit: --shard counts 5 weight files, and this model's plan has 6 (print it with --plan): "
                        + "1/5\n");
        assertThat(CliRun.of(args(config, "--out", out.toString(), "--shard", "7/6")).badInput().err())
                .isEqualTo("jinit: --shard numbers must be between 1 and 6: 7/6\n");
        assertThat(CliRun.of(args(config, "--out", out.toString(), "--shard", "0/6")).badInput().err())
                .isEqualTo("jinit: --shard numbers must be between 1 and 6: 0/6\n");
        assertThat(CliRun.of(args(config, "--out", out.toString(), "--shard", "4-2/6")).badInput().err())
                .isEqualTo("jinit: --shard range 4-2 runs backwards: 4-2/6\n");
        for (String bad : List.of("3", "1,,2/6", "1/6/6", "-1/6", "a/6", "1/", "/6", "99999999999/6")) {
            assertThat(CliRun.of(args(config, "--out", out.toString(), "--shard", bad)).badInput().err())
                    .isEqualTo("jinit: --shard must be I/N or a list of files and ranges of N, such as 3/8 or 1,4-6/8: "
                            + bad + "\n");
        }
        assertThat(CliRun.of(args(config, "--plan", "--shard", "1/6")).badInput().err())
                .isEqualTo("jinit: --shard writes files and --plan writes none; give one of them: --shard 1/6\n");
        assertThat(CliRun.of(args(config)).badInput().err())
                .isEqualTo("jinit: --out is required: the file or directory to write (or --plan to print the layout of a "
                        + "checkpoint directory)\n");
        assertThat(CliRun.of("generate", "--layers", "4,3", "--plan").badInput().err())
                .isEqualTo("jinit: --plan needs a checkpoint directory: --hf-config, or the --template of a sharded "
                        + "checkpoint's model.safetensors.index.json\n");
        assertThat(out).doesNotExist();
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
