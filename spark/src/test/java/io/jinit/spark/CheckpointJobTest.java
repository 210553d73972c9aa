package io.jinit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.ParallelFill;
import io.jinit.formats.DType;
import io.jinit.models.hf.HfCheckpoint;
import io.jinit.models.hf.HfConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CheckpointJob} on {@code local[2,4]}: the directory Spark writes is the one a single
 * machine writes, byte for byte and file for file, also when a task's write fails part way and the
 * task is retried, and however the files are grouped into tasks.
 */
class CheckpointJobTest {
    /** A Llama layout whose weights fill six shards of 8 KB, with an index. */
    static final String CONFIG = "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\", "
            + "\"vocab_size\": 100, \"hidden_size\": 32, \"intermediate_size\": 40, \"num_hidden_layers\": 2, "
            + "\"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"torch_dtype\": \"bfloat16\"}";
    static final long SEED = 5;
    static final long MAX_SHARD_SIZE = 8_000;
    /** The weight file whose first write fails on {@link FailOnceFileSystem}. */
    private static final String FAILING = "model-00003-of-00006";

    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        SparkConf conf = FailOnceFileSystem.localSpark(CheckpointJobTest.class.getSimpleName(), FAILING, 1000);
        spark = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** The directory {@code jinit generate --hf-config} writes on one machine, on all its cores. */
    static Path singleMachine(Path where) throws IOException {
        HfCheckpoint.write(where, HfConfig.parse(CONFIG), SEED, DType.BFLOAT16, ParallelFill.common(), MAX_SHARD_SIZE);
        return where;
    }

    private static CheckpointJob job() {
        return new CheckpointJob(CONFIG, SEED, DType.BFLOAT16, MAX_SHARD_SIZE);
    }

    @Test
    void sparkWritesTheDirectoryOfOneMachineByteForByte() throws IOException {
        Path whole = singleMachine(dir.resolve("whole"));
        Path out = dir.resolve("spark");

        CheckpointJob.Written written = job().run(spark, "file://" + out, 1);

        assertSameDirectory(out, whole);
        assertThat(written.weightFiles()).isEqualTo(6);
        assertThat(written.textFiles()).isEqualTo(2);
        assertThat(written.tasks()).isEqualTo(6);
        assertThat(written.weightBytes()).isEqualTo(weightBytes(whole));
    }

    @Test
    void aTaskWhoseWriteFailsIsRetriedAndTheDirectoryIsStillTheSame() throws IOException {
        Path whole = singleMachine(dir.resolve("whole"));
        Path out = dir.resolve("spark");

        CheckpointJob.Written written = job().run(spark, FailOnceFileSystem.SCHEME + "://" + out, 1);

        assertThat(FailOnceFileSystem.failed(out, FAILING)).as("the injected failure happened").isTrue();
        assertSameDirectory(out, whole);
        // The failed attempt's 1000 bytes are not counted: Spark keeps the updates of successful attempts.
        assertThat(written.weightBytes()).isEqualTo(weightBytes(whole));
    }

    @Test
    void aSecondRunAndAnyGroupingOfFilesIntoTasksGiveTheSameDirectory() throws IOException {
        Path whole = singleMachine(dir.resolve("whole"));
        Path out = dir.resolve("spark");

        assertThat(job().run(spark, "file://" + out, 4).tasks()).isEqualTo(2);
        assertSameDirectory(out, whole);
        // Again into the same directory, on a file system whose rename does not replace (HDFS's).
        assertThat(job().run(spark, FailOnceFileSystem.SCHEME + "://" + out, 6).tasks()).isEqualTo(1);
        assertSameDirectory(out, whole);
    }

    @Test
    void badInputIsRefusedBeforeAnyTaskRuns() throws IOException {
        assertThatThrownBy(() -> new CheckpointJob(CONFIG.replace("\"llama\"", "\"gpt_neox\""), SEED, DType.FLOAT32,
                MAX_SHARD_SIZE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model_type must be one of");
        assertThatThrownBy(() -> new CheckpointJob(CONFIG, SEED, DType.FLOAT32, 0))
                .hasMessage("maxShardSize must be positive: 0");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> job().run(spark, "file://" + file, 1))
                .hasMessage("out must be a directory, and is a file: file://" + file);
        assertThatThrownBy(() -> job().run(spark, "file://" + dir.resolve("out"), 0))
                .hasMessage("files per task must be positive: 0");
        assertThat(Files.readString(file)).isEqualTo("x");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** The same names, hidden ones included (no temporary or checksum file), and the same bytes. */
    static void assertSameDirectory(Path actual, Path expected) throws IOException {
        List<String> names = names(expected);
        assertThat(names(actual)).isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readAllBytes(actual.resolve(name))).as(name)
                    .isEqualTo(Files.readAllBytes(expected.resolve(name)));
        }
    }

    private static long weightBytes(Path directory) throws IOException {
        long bytes = 0;
        for (String name : names(directory)) {
            if (name.endsWith(".safetensors")) {
                bytes += Files.size(directory.resolve(name));
            }
        }
        return bytes;
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
