package io.jinit.models.hf;

import static io.jinit.models.hf.LlamaRecipeTest.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.ParallelFill;
import io.jinit.formats.CheckpointPlan;
import io.jinit.formats.DType;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.formats.TensorSource;
import io.jinit.formats.TensorStats;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory {@link HfCheckpoint} writes: its two files, their metadata and values, and bad destinations. */
class HfCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void writesConfigAndOneSafetensorsFile() throws IOException {
        HfConfig config = HfConfig.parse(tiny(", \"dtype\": \"bfloat16\""));
        Path out = dir.resolve("model/nested");
        HfCheckpoint.write(out, config, 7, DType.BFLOAT16, ParallelFill.common());
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("config.json", "model.safetensors");
        }
        assertThat(HfConfig.read(out.resolve("config.json"))).isEqualTo(config);
        Path weights = out.resolve("model.safetensors");
        List<TensorInfo> tensors = TensorFiles.open(weights);
        assertThat(tensors).hasSize(21).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.BFLOAT16));
        Map<String, String> meta = TensorFiles.metadata(weights);
        assertThat(meta).containsEntry("format", "pt").containsEntry("jinit.seed", "7")
                .containsEntry("jinit.hf.model_type", "llama").containsKey("jinit.init.lm_head.weight");
        TensorStats norm = TensorFiles.stats(weights, "model.norm.weight");
        assertThat(norm.min()).isEqualTo(1.0);
        assertThat(norm.max()).isEqualTo(1.0);
        TensorStats embed = TensorFiles.stats(weights, "model.embed_tokens.weight");
        // 64,000 draws of N(0, 0.02): the sample std is within 6 of its standard errors
        // (0.02 / sqrt(2 * 64000) = 5.6e-5) of 0.02, a false alarm about once in 10^9 runs
        assertThat(embed.std()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(6 * 5.6e-5 + 1e-4));
    }

    @Test
    void sameInputGivesTheSameBytes() throws IOException {
        HfConfig config = HfConfig.parse(tiny(""));
        HfCheckpoint.write(dir.resolve("a"), config, 11, DType.FLOAT32, ParallelFill.common());
        HfCheckpoint.write(dir.resolve("b"), config, 11, DType.FLOAT32, ParallelFill.common());
        assertThat(Files.readAllBytes(dir.resolve("a/model.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("b/model.safetensors")));
    }

    @Test
    void outputThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        HfConfig config = HfConfig.parse(tiny(""));
        CheckpointPlan plan = HfCheckpoint.plan(config, DType.FLOAT32,
                LlamaRecipe.spec((LlamaConfig) config.model(), 3, false, DType.FLOAT32).tensors(ParallelFill.sequential()),
                ShardPlan.DEFAULT_MAX_SHARD_SIZE);
        assertThatThrownBy(() -> plan.checkDirectory(file, "--out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--out must be a directory, and is a file: " + file);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aFailurePartWayLeavesNothingBehind() throws IOException {
        HfConfig config = HfConfig.parse(tiny(""));
        List<TensorSource> tensors = new ArrayList<>(
                LlamaRecipe.spec((LlamaConfig) config.model(), 3, false, DType.FLOAT32).tensors(ParallelFill.sequential()));
        // The last tensor fails as a full disk would, after the earlier shards are written.
        TensorSource last = tensors.get(tensors.size() - 1);
        tensors.set(tensors.size() - 1, (TensorSource) Proxy.newProxyInstance(TensorSource.class.getClassLoader(),
                new Class<?>[] {TensorSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("fill")) {
                        throw new IllegalStateException("no space left on device");
                    }
                    return method.invoke(last, args);
                }));
        Path out = dir.resolve("new/model");
        assertThatThrownBy(() -> HfCheckpoint.write(out, config, DType.FLOAT32, tensors, 8_000))
                .hasMessageContaining("no space left on device");
        assertThat(dir.resolve("new")).as("the parent it created goes too").doesNotExist();

        // In a directory that existed, only the files of the run go; what was there stays.
        Files.createDirectories(out);
        Files.writeString(out.resolve("README.md"), "kept");
        assertThatThrownBy(() -> HfCheckpoint.write(out, config, DType.FLOAT32, tensors, 8_000))
                .hasMessageContaining("no space left on device");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("README.md");
        }
    }
}
