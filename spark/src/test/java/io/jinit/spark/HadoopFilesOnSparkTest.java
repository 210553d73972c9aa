package io.jinit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark tasks writing files through {@link HadoopFiles}: a task whose write fails is retried, and
 * the files are complete, and alone in their directory, whatever failed.
 */
class HadoopFilesOnSparkTest {
    private static final int FILES = 8;
    private static final int FILE_BYTES = 3 << 20;
    /** The part of the failing file's name that {@link FailOnceFileSystem} looks for. */
    private static final String FAILING = "file-3.bin";
    private static final int FAIL_AFTER_BYTES = 1 << 20;

    /** The attempt numbers of every task, by directory and file: executors are threads of this JVM. */
    private static final Map<String, List<Integer>> ATTEMPTS = new ConcurrentHashMap<>();

    private static JavaSparkContext spark;

    @TempDir
    java.nio.file.Path dir;

    @BeforeAll
    static void startSpark() {
        SparkConf conf = FailOnceFileSystem.localSpark(HadoopFilesOnSparkTest.class.getSimpleName(), FAILING, FAIL_AFTER_BYTES);
        spark = new JavaSparkContext(conf);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void retriesTheTaskWhoseWriteFailedAndLeavesCompleteFilesOnly() throws IOException {
        LongAccumulator bytes = spark.sc().longAccumulator("bytes written");

        writeFiles(uri(FailOnceFileSystem.SCHEME), 1, bytes);

        assertThat(FailOnceFileSystem.failed(dir, FAILING)).isTrue();
        for (int i = 0; i < FILES; i++) {
            assertThat(ATTEMPTS.get(dir + "/" + fileName(i))).as("attempts of file %d", i)
                    .containsExactlyInAnyOrderElementsOf(i == 3 ? List.of(0, 1) : List.of(0));
        }
        assertComplete(1);
        // Spark drops what a failed attempt added: the 1 MiB written before the failure is not counted.
        assertThat(bytes.value()).isEqualTo((long) FILES * FILE_BYTES);
    }

    @Test
    void aSecondRunReplacesTheFilesWhereRenameDoesNotReplace() throws IOException {
        String uri = uri(FailOnceFileSystem.SCHEME);
        writeFiles(uri, 1, spark.sc().longAccumulator());
        assertComplete(1);

        writeFiles(uri, 2, spark.sc().longAccumulator());

        assertComplete(2);
    }

    @Test
    void leavesNoChecksumFilesOnTheLocalFileSystem() throws IOException {
        writeFiles(uri("file"), 1, spark.sc().longAccumulator());

        assertComplete(1);
        assertThat(ATTEMPTS.get(dir + "/" + fileName(3))).containsExactly(0);
    }

    /** One task per file, each file written by {@link HadoopFiles#writeAtomically}. */
    private static void writeFiles(String directory, int run, LongAccumulator bytes) {
        Broadcast<SerializableConfiguration> hadoop =
                spark.broadcast(new SerializableConfiguration(spark.hadoopConfiguration()));
        List<Integer> files = IntStream.range(0, FILES).boxed().toList();
        String application = spark.sc().applicationId();
        spark.parallelize(files, FILES).foreach(i -> {
            TaskContext task = TaskContext.get();
            Path target = new Path(directory, fileName(i));
            ATTEMPTS.computeIfAbsent(target.toUri().getPath(), name -> new CopyOnWriteArrayList<>())
                    .add(task.attemptNumber());
            FileSystem fs = target.getFileSystem(hadoop.value().value());
            HadoopFiles.writeAtomically(fs, target, application + "-" + task.taskAttemptId(), bytes::add,
                    channel -> Contents.writeInSteps(channel, content(i, run), 1 << 16));
        });
    }

    /** Every file holds the bytes of the run, and the directory holds nothing else, hidden or not. */
    private void assertComplete(int run) throws IOException {
        List<String> expectedNames = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byte[] written = Files.readAllBytes(dir.resolve(fileName(i)));
            assertThat(Arrays.mismatch(written, content(i, run))).as("first wrong byte of file %d", i).isEqualTo(-1);
            expectedNames.add(fileName(i));
        }
        try (Stream<java.nio.file.Path> listed = Files.list(dir)) {
            assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expectedNames);
        }
    }

    private String uri(String scheme) {
        return URI.create(scheme + "://" + dir.toUri().getPath()).toString();
    }

    private static String fileName(int i) {
        return "file-" + i + ".bin";
    }

    private static byte[] content(int file, int run) {
        return Contents.bytes(FILE_BYTES, run * 1000L + file);
    }
}
