package io.jinit.spark;

import io.jinit.formats.DType;
import io.jinit.models.hf.HfConfig;
import io.jinit.models.hf.ShardPlan;
import io.jinit.random.Seeds;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark application {@code spark-submit} runs: {@code jinit generate --hf-config} with the
 * weight files written by Spark tasks into a directory of any Hadoop file system
 * ({@link CheckpointJob}). The files are those of {@code jinit generate --hf-config config.json
 * --seed N --max-shard-size SIZE --out DIR} on one machine, byte for byte.
 * <pre>{@code
 * spark-submit --class io.jinit.spark.SparkGenerate --conf spark.task.cpus=4 jinit-spark.jar \
 *     --hf-config hdfs:///models/llama/config.json --out hdfs:///checkpoints/llama-init \
 *     --seed 2024 --max-shard-size 5GB
 * }</pre>
 * Bad input is one line on standard error naming the option and the value, with exit status 2.
 *
 * @since 0.1
 */
@Command(name = "jinit-spark-generate", mixinStandardHelpOptions = true,
        description = "Initialize a Hugging Face model (model_type llama, mistral, qwen2, gpt2 or bert) into a checkpoint "
                + "directory on any Hadoop file system, one Spark task per group of weight files: the same files as "
                + "`jinit generate --hf-config` on one machine, byte for byte.")
public final class SparkGenerate implements Callable<Integer> {
    @Option(names = "--hf-config", required = true, paramLabel = "URI",
            description = "The model's config.json, on any Hadoop file system (hdfs://, s3a://, file://, or a path of "
                    + "the default file system).")
    private String hfConfig;

    @Option(names = "--out", required = true, paramLabel = "URI",
            description = "The checkpoint directory, created where missing: the weight files, then "
                    + "model.safetensors.index.json when there are several, then config.json.")
    private String out;

    @Option(names = "--seed", paramLabel = "N",
            description = "The model seed (drawn and printed when absent, as by jinit generate).")
    private Long seed;

    @Option(names = "--dtype", paramLabel = "float32|float64|bfloat16|float16",
            description = "Element type (default: the config's dtype, else float32).")
    private String dtype;

    @Option(names = "--max-shard-size", paramLabel = "SIZE", defaultValue = "50GB",
            description = "The most bytes of tensor data in one weight file, as transformers' max_shard_size "
                    + "(default ${DEFAULT-VALUE}).")
    private String maxShardSize;

    @Option(names = "--files-per-task", paramLabel = "K", defaultValue = "1",
            description = "Consecutive weight files each task writes (default ${DEFAULT-VALUE}).")
    private int filesPerTask;

    private SparkConf conf;
    private PrintWriter stdout;
    private PrintWriter stderr;

    private SparkGenerate() {
    }

    /**
     * Runs the application with the Spark configuration {@code spark-submit} gives it, and exits
     * with status 2 on bad input.
     *
     * @param args the options
     */
    public static void main(String[] args) {
        int status = run(args, new SparkConf(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the application.
     *
     * @param args the options
     * @param conf Spark's configuration (the master, resources); the application's name defaults
     *     to {@code jinit generate}
     * @param stdout where the summary goes
     * @param stderr where errors and a drawn seed go
     * @return the exit status: 0, or 2 on bad input or an output that cannot be written
     */
    public static int run(String[] args, SparkConf conf, PrintWriter stdout, PrintWriter stderr) {
        SparkGenerate command = new SparkGenerate();
        command.conf = conf;
        command.stdout = stdout;
        command.stderr = stderr;
        CommandLine cli = new CommandLine(command).setOut(stdout).setErr(stderr);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IOException) {
                stderr.println("jinit: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            stderr.println("jinit: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (dtype != null && DType.ofWritableName(dtype).isEmpty()) {
            throw new IllegalArgumentException("--dtype must be one of " + DType.writableNames() + ": " + dtype);
        }
        if (filesPerTask < 1) {
            throw new IllegalArgumentException("--files-per-task must be a positive number: " + filesPerTask);
        }
        long shardSize = ShardPlan.parseSize(maxShardSize, "--max-shard-size");
        if (!conf.contains("spark.app.name")) {
            conf.setAppName("jinit generate");
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            String configJson = readConfig(spark);
            HfConfig config;
            try {
                config = HfConfig.parse(configJson);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--hf-config " + hfConfig + ": " + e.getMessage(), e);
            }
            DType type = (dtype == null ? config.dtype() : DType.ofWritableName(dtype)).orElse(DType.FLOAT32);
            long usedSeed = seed == null ? Seeds.draw() : seed;
            if (seed == null) {
                stderr.println("jinit: seed " + usedSeed + " (repeat with --seed " + usedSeed + ")");
            }
            CheckpointJob job = new CheckpointJob(configJson, usedSeed, type, shardSize);
            long start = System.nanoTime();
            Path dir = new Path(out);
            FileSystem fs = dir.getFileSystem(spark.hadoopConfiguration());
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("--out must be a directory, and is a file: " + out);
            }
            CheckpointJob.Written written = job.run(spark, out, filesPerTask);
            stdout.printf(Locale.ROOT, "jinit: %d weight files (%d bytes) and %d text files in %s, %d tasks, %.1f s%n",
                    written.weightFiles(), written.weightBytes(), written.textFiles(), out, written.tasks(),
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    /** The config's text, at most {@link HfConfig#MAX_BYTES} of UTF-8, from its file system. */
    private String readConfig(JavaSparkContext spark) throws IOException {
        Path path = new Path(hfConfig);
        byte[] bytes;
        try {
            FileSystem fs = path.getFileSystem(spark.hadoopConfiguration());
            try (InputStream in = fs.open(path)) {
                bytes = in.readNBytes(HfConfig.MAX_BYTES + 1);
            }
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("--hf-config: config file does not exist: " + hfConfig, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--hf-config cannot be read: " + hfConfig + " (" + e.getMessage() + ")",
                    e);
        }
        if (bytes.length > HfConfig.MAX_BYTES) {
            throw new IllegalArgumentException("--hf-config is larger than " + HfConfig.MAX_BYTES + " bytes: "
                    + hfConfig);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("--hf-config is not UTF-8 text: " + hfConfig, e);
        }
    }
}
