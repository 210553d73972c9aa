package io.jinit.spark;

import io.jinit.ParallelFill;
import io.jinit.formats.CheckpointPlan;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.models.hf.HfCheckpoint;
import io.jinit.models.hf.HfConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A Hugging Face checkpoint written by a Spark job into a directory of any Hadoop file system
 * ({@code hdfs://}, {@code s3a://}, {@code gs://}, {@code file://}): one task per group of
 * consecutive weight files of the {@link CheckpointPlan}, then the index and the config, written
 * by the driver. The job carries only the config's text, the seed, the dtype and the maximum
 * shard size, and every task builds the plan from them: a weight file's bytes are a pure function
 * of these four, so the files equal those {@code jinit generate} writes on one machine, whichever
 * executor writes them, with however many cores ({@code spark.task.cpus} threads fill each
 * task's tensors), and however often.
 *
 * <p>Each file is written under a temporary name and renamed ({@link HadoopFiles}), so a task
 * that fails and is retried, or runs twice under speculative execution, leaves each file whole
 * or absent, never partial. The index and config come after every weight file, so a directory
 * holding jinit's {@code config.json} holds the whole checkpoint. The temporary files that
 * attempts killed with their executors left are removed before and after the job.
 *
 * <p>Progress is Spark's own: the stage's tasks in the console progress bar and the UI, and two
 * named accumulators, {@value #BYTES_ACCUMULATOR} and {@value #FILES_ACCUMULATOR}, updated as each
 * task writes (Spark keeps only the updates of successful attempts).
 *
 * @since 0.1
 */
public final class CheckpointJob implements Serializable {
    /** The accumulator of the bytes of weight files written. */
    public static final String BYTES_ACCUMULATOR = "jinit weight bytes written";
    /** The accumulator of the weight files written. */
    public static final String FILES_ACCUMULATOR = "jinit weight files written";

    private static final long serialVersionUID = 1L;

    /** The text of the model's {@code config.json}. */
    private final String configJson;
    /** The model seed. */
    private final long seed;
    /** The tensors' dtype. */
    private final DType dtype;
    /** The most bytes of tensor data in one weight file. */
    private final long maxShardSize;

    /**
     * What the job writes.
     *
     * @param configJson the text of the model's {@code config.json}
     * @param seed the model seed
     * @param dtype the tensors' dtype
     * @param maxShardSize the most bytes of tensor data in one weight file, positive
     * @throws IllegalArgumentException if the config is not one jinit builds, or the size is not
     *     positive: the plan is built once here, on the driver, so that bad input fails before
     *     any task runs
     */
    public CheckpointJob(String configJson, long seed, DType dtype, long maxShardSize) {
        if (configJson == null || dtype == null) {
            throw new IllegalArgumentException("config and dtype must not be null: " + configJson + ", " + dtype);
        }
        this.configJson = configJson;
        this.seed = seed;
        this.dtype = dtype;
        this.maxShardSize = maxShardSize;
        plan(ParallelFill.sequential());
    }

    /**
     * The checkpoint's files, the same on every machine.
     *
     * @param filler fills the tensors' chunks, possibly in parallel (threads never change values)
     * @return the plan
     */
    public CheckpointPlan plan(ParallelFill filler) {
        HfConfig config = HfConfig.parse(configJson);
        ModelSpec spec = HfCheckpoint.spec(config, seed, false, dtype);
        return HfCheckpoint.plan(config, dtype, spec.tensors(filler), maxShardSize);
    }

    /**
     * What a run wrote.
     *
     * @param weightFiles the weight files
     * @param textFiles the text files (index and config)
     * @param weightBytes the bytes of the weight files, as the accumulator counted them
     * @param tasks the tasks of the job
     */
    public record Written(int weightFiles, int textFiles, long weightBytes, int tasks) {
    }

    /**
     * Runs the job: the weight files by tasks, then the text files by the driver.
     *
     * @param spark the context
     * @param out the output directory, a Hadoop file system URI; created where missing
     * @param filesPerTask how many consecutive weight files one task writes, positive
     * @return what was written
     * @throws IllegalArgumentException if {@code filesPerTask} is not positive or {@code out} is
     *     a file
     * @throws IOException if the directory cannot be written. A task that fails more than
     *     {@code spark.task.maxFailures} times makes Spark throw its {@code SparkException}
     *     (undeclared, as Spark's Java API throws it); the files written so far stay, each whole,
     *     and no index or config is written.
     */
    public Written run(JavaSparkContext spark, String out, int filesPerTask) throws IOException {
        if (filesPerTask < 1) {
            throw new IllegalArgumentException("files per task must be positive: " + filesPerTask);
        }
        Path dir = new Path(out);
        FileSystem fs = dir.getFileSystem(spark.hadoopConfiguration());
        if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
            throw new IllegalArgumentException("out must be a directory, and is a file: " + out);
        }
        CheckpointPlan plan = plan(ParallelFill.sequential());
        fs.mkdirs(dir);
        HadoopFiles.removeLeftovers(fs, dir);

        int files = plan.weights().size();
        List<List<Integer>> groups = new ArrayList<>();
        for (int first = 1; first <= files; first += filesPerTask) {
            List<Integer> group = new ArrayList<>();
            for (int n = first; n <= Math.min(files, first + filesPerTask - 1); n++) {
                group.add(n);
            }
            groups.add(group);
        }
        LongAccumulator bytes = spark.sc().longAccumulator(BYTES_ACCUMULATOR);
        LongAccumulator written = spark.sc().longAccumulator(FILES_ACCUMULATOR);
        Broadcast<SerializableConfiguration> hadoop =
                spark.broadcast(new SerializableConfiguration(spark.hadoopConfiguration()));
        String application = spark.sc().applicationId();
        String uri = dir.toString();
        spark.setJobDescription("jinit: " + files + " weight files into " + uri);
        try {
            spark.parallelize(groups, groups.size()).foreach(group ->
                    writeWeightFiles(group, new Path(uri), hadoop.value(), application, bytes, written));
        } finally {
            spark.setJobDescription(null);
            hadoop.destroy();
        }

        for (CheckpointPlan.TextFile text : plan.texts()) {
            HadoopFiles.writeAtomically(fs, new Path(dir, text.file()), application + "-driver",
                    channel -> channel.write(ByteBuffer.wrap(text.bytes())));
        }
        HadoopFiles.removeLeftovers(fs, dir);
        return new Written(files, plan.texts().size(), bytes.value(), groups.size());
    }

    /** On an executor: the weight files of one group, filled on {@code spark.task.cpus} threads. */
    private void writeWeightFiles(List<Integer> group, Path dir, SerializableConfiguration hadoop, String application,
            LongAccumulator bytes, LongAccumulator written) throws IOException {
        TaskContext task = TaskContext.get();
        int cpus = Math.max(1, task.cpus());
        ExecutorService helpers = cpus > 1 ? Executors.newFixedThreadPool(cpus - 1, r -> {
            Thread t = new Thread(r, "jinit-fill");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            CheckpointPlan plan = plan(helpers == null ? ParallelFill.sequential() : ParallelFill.on(helpers, cpus));
            FileSystem fs = dir.getFileSystem(hadoop.value());
            for (int n : group) {
                CheckpointPlan.WeightFile file = plan.weights().get(n - 1);
                HadoopFiles.writeAtomically(fs, new Path(dir, file.file()), application + "-" + task.taskAttemptId(),
                        bytes::add, file::write);
                written.add(1);
            }
        } finally {
            if (helpers != null) {
                helpers.shutdownNow();
            }
        }
    }
}
