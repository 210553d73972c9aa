package io.jinit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkGenerate} as {@code spark-submit} runs it: Spark's own launcher class,
 * {@code org.apache.spark.deploy.SparkSubmit}, in a JVM of its own with the options of the
 * module's README, in local mode. The application's classes come from the class path here, and the
 * jar given to {@code spark-submit} is empty.
 */
class SparkSubmitTest {
    @TempDir
    Path dir;

    /** A finished {@code spark-submit}. */
    private record Submitted(int status, String out, String err) {
    }

    @Test
    void theReadmeExampleWritesTheCheckpointOfOneMachine() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.json"), CheckpointJobTest.CONFIG);
        Path out = dir.resolve("llama-init");

        // As the README's command: two cores per task, so each task fills on two threads.
        Submitted run = submit(List.of("--conf", "spark.task.cpus=2", "--conf", "spark.ui.showConsoleProgress=true"),
                "--hf-config", "file://" + config, "--out", "file://" + out, "--seed",
                Long.toString(CheckpointJobTest.SEED), "--max-shard-size", "8KB", "--dtype", "bfloat16");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("jinit: 6 weight files (").contains("and 2 text files in file://" + out
                + ", 6 tasks");
        CheckpointJobTest.assertSameDirectory(out, CheckpointJobTest.singleMachine(dir.resolve("whole")));
    }

    @Test
    void badInputIsOneLineNamingTheOptionWithStatus2() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.json"), CheckpointJobTest.CONFIG);
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        Submitted dtype = submit(List.of(), "--hf-config", config.toString(), "--out", dir.resolve("out").toString(),
                "--dtype", "float8");
        Submitted output = submit(List.of(), "--hf-config", config.toString(), "--out", file.toString(), "--seed", "1");
        Submitted missing = submit(List.of(), "--hf-config", dir.resolve("absent.json").toString(), "--out",
                dir.resolve("out").toString(), "--seed", "1");

        assertThat(dtype.status()).isEqualTo(2);
        assertThat(dtype.err()).isEqualTo("jinit: --dtype must be one of [float32, float64, bfloat16, float16]: "
                + "float8\n");
        assertThat(output.status()).isEqualTo(2);
        assertThat(output.err()).isEqualTo("jinit: --out must be a directory, and is a file: " + file + "\n");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("jinit: --hf-config: config file does not exist: "
                + dir.resolve("absent.json") + "\n");
        assertThat(Files.readString(file)).isEqualTo("x");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /**
     * Runs {@code spark-submit --master local[2] CONF --class io.jinit.spark.SparkGenerate app.jar
     * ARGS} with this JVM's module options (the launcher's) and Spark's logs in a file.
     */
    private Submitted submit(List<String> conf, String... args) throws IOException, InterruptedException {
        Path jar = dir.resolve("app.jar");
        if (!Files.exists(jar)) {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            new JarOutputStream(Files.newOutputStream(jar), manifest).close();
        }
        Path logConfig = Files.writeString(dir.resolve("log4j2.properties"), "rootLogger.level = warn\n"
                + "rootLogger.appenderRef.file.ref = file\n"
                + "appender.file.type = File\n"
                + "appender.file.name = file\n"
                + "appender.file.fileName = " + dir.resolve("spark.log") + "\n"
                + "appender.file.layout.type = PatternLayout\n"
                + "appender.file.layout.pattern = %p %c: %m%n\n");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-opens") || option.startsWith("-Djdk.reflect") || option.startsWith("-Dio.netty")
                    || option.startsWith("--enable-native-access") || option.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                command.add(option);
            }
        }
        command.add("-Dlog4j2.configurationFile=" + logConfig);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1"));
        command.addAll(conf);
        command.addAll(List.of("--class", SparkGenerate.class.getName(), jar.toString()));
        command.addAll(List.of(args));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("spark-submit did not end within 3 minutes: " + Files.readString(stderr));
        }
        return new Submitted(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
