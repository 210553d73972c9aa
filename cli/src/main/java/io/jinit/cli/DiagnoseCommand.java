package io.jinit.cli;

import io.jinit.cli.report.HtmlReport;
import io.jinit.cli.report.JsonReport;
import io.jinit.cli.report.TerminalReport;
import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jinit diagnose}: pushes a batch through a deep MLP under several initializers and
 * activations, forward and backward, and shows where signals vanish, explode or die, in a terminal
 * table, an HTML report with charts, and JSON. With no arguments it runs seed 002's experiments.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Diagnose initializers on a deep MLP: per layer activation std, dead and saturated units, "
                + "symmetry and gradient norms, with a verdict and a recommendation. With no arguments: "
                + "zeros, std=0.01, std=2.0, glorot_normal, he_normal, lecun_normal on 10 layers of 256 units, "
                + "relu, tanh, sigmoid and selu, batch 1024.")
final class DiagnoseCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(names = "--layers", split = ",", paramLabel = "256,256,...",
            description = "Layer widths, input first (default: 11 x 256, i.e. 10 layers).")
    private List<Integer> layers = Diagnoser.DEFAULT_WIDTHS;

    @Option(names = "--activation", split = ",", paramLabel = "relu,tanh,...",
            description = "Activations to compare (default relu,tanh,sigmoid,selu). Also leaky_relu(0.2), elu, gelu, "
                    + "swish, silu, softplus, mish, linear.")
    private List<String> activations = Diagnoser.DEFAULT_ACTIVATIONS;

    @Option(names = "--init", split = ",", paramLabel = "NAME,...",
            description = "Initializers to compare: any name of `jinit list`, std=S for N(0, S^2), or lsuv "
                    + "(default zeros,std=0.01,std=2.0,glorot_normal,he_normal,lecun_normal).")
    private List<String> initializers = Diagnoser.DEFAULT_INITIALIZERS;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default 1024).")
    private int batch = Diagnoser.DEFAULT_BATCH;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of input, weights and projection (default 42).")
    private long seed = Diagnoser.DEFAULT_SEED;

    @Option(names = "--data", paramLabel = "FILE.npy",
            description = "Input batch (batch x width) instead of standard normals; the batch is its row count.")
    private Path data;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "jinit-report",
            description = "HTML report with PNG charts (default ${DEFAULT-VALUE}/).")
    private Path report;

    @Option(names = "--no-report", description = "Write no HTML report.")
    private boolean noReport;

    @Option(names = "--json", paramLabel = "FILE", description = "The same figures as JSON.")
    private Path json;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
    private Integer threads;

    @Override
    public void run() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1: " + threads);
        }
        float[] input = null;
        int rows = batch;
        if (data != null) {
            input = loadData(data, layers.get(0));
            rows = input.length / layers.get(0);
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n - 1));
        Diagnosis diagnosis;
        try {
            diagnosis = Diagnoser.run(layers, activations, initializers, rows, seed, input, pool, n);
        } finally {
            pool.shutdownNow();
        }
        PrintWriter out = spec.commandLine().getOut();
        new TerminalReport(false).write(diagnosis, out);
        try {
            if (!noReport) {
                Path index = HtmlReport.write(diagnosis, report);
                out.println();
                out.println("Report: " + index.toAbsolutePath());
            }
            if (json != null) {
                JsonReport.write(diagnosis, json);
                out.println("JSON: " + json.toAbsolutePath());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("report cannot be written: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** Reads an .npy/.npz/.safetensors file's first tensor as a (rows x width) float batch. */
    private static float[] loadData(Path file, int width) {
        try {
            List<TensorInfo> infos = TensorFiles.open(file);
            if (infos.isEmpty()) {
                throw new IllegalArgumentException("--data holds no tensor: " + file);
            }
            TensorInfo t = infos.get(0);
            if (t.shape().rank() != 2 || t.shape().dim(1) != width || t.shape().dim(0) < 1
                    || t.shape().size() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("--data must be a (batch, " + width + ") matrix: " + t.shape()
                        + " in " + file);
            }
            double[] values = new double[(int) t.shape().size()];
            TensorFiles.read(file, t.name(), 0, values, 0, values.length);
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("--data cannot be read: " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
