package io.jinit.cli;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.formats.KerasJson;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.SpecTensor;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jinit sample}: one initialized tensor, to a file or standard output. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Initialize one tensor and write it to FILE.npy, FILE.safetensors, FILE.npz, FILE.txt, or - "
                + "(text on standard output).")
final class SampleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "Initializer name (Keras identifier or torch function), e.g. he_normal, kaiming_uniform_.")
    private String name;

    @Option(names = "--shape", required = true, paramLabel = "DIMS", split = ",",
            description = "Tensor shape, e.g. 784,128 (Keras layout for Keras names, torch layout for torch names).")
    private List<Long> shape;

    @Option(names = "--seed", paramLabel = "N", description = "Seed; drawn and printed to stderr when absent.")
    private Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An initializer parameter, e.g. mode=fan_out.")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--config", paramLabel = "JSON|@FILE", description = "A Keras config dict, inline or from a file.")
    private String config;

    @Option(names = "--fan-convention", paramLabel = "keras|torch",
            description = "Read fans as Keras (..., in, out) or PyTorch (out, in, ...) does.")
    private FanConventionName fanConvention;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Element type (default ${DEFAULT-VALUE}).")
    private TextDType dtype;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores). Never changes the values.")
    private Integer threads;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE|-",
            description = "FILE.npy, FILE.safetensors, FILE.npz, FILE.txt, or - for text on standard output (default).")
    private String out;

    /** The fan conventions the command line names. */
    enum FanConventionName { keras, torch }

    /** The element types of text output. */
    enum TextDType { float32, float64 }

    @Override
    public void run() {
        Initializer init = initializer();
        Shape tensorShape = Shape.copyOf(shape.stream().mapToLong(Long::longValue).toArray());
        boolean text = out.equals("-") || out.endsWith(".txt");
        Path target = out.equals("-") ? null : text ? outputPath(out) : TensorOutput.validate(out, 1);
        ExecutorService pool = threads == null ? null : Executors.newFixedThreadPool(threads);
        try {
            ParallelFill filler = pool == null ? ParallelFill.common() : ParallelFill.on(pool, threads);
            if (target == null) {
                writeText(init, tensorShape, filler, spec.commandLine().getOut());
            } else if (text) {
                writeTextAtomically(init, tensorShape, filler, target);
            } else {
                String tensorName = name != null ? name : init.className();
                ModelSpec.Parameter parameter = new ModelSpec.Parameter(tensorName, tensorShape, init, dtype.name(),
                        init.key());
                TensorOutput.write(target, List.of(new SpecTensor(parameter, init.key().asLong(), filler)));
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (seed == null && init.config().containsKey("seed")) {
            spec.commandLine().getErr().println("jinit: seed " + init.config().get("seed")
                    + " (repeat with --seed " + init.config().get("seed") + ")");
        }
    }

    private Initializer initializer() {
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1: " + threads);
        }
        Map<String, Object> params = new LinkedHashMap<>(ConfigValues.parseSets(sets));
        if (seed != null) {
            params.put("seed", seed);
        }
        if (fanConvention != null) {
            params.put("fan_convention", fanConvention.name());
        }
        if (config != null) {
            if (name != null || !params.isEmpty()) {
                throw new IllegalArgumentException("--config replaces NAME, --set, --seed and --fan-convention: "
                        + config);
            }
            return KerasJson.read(ConfigValues.configText(config));
        }
        if (name == null) {
            throw new IllegalArgumentException("NAME or --config is required: none given");
        }
        return Initializers.get(name, params);
    }

    private static Path outputPath(String out) {
        Path path = Path.of(out).toAbsolutePath();
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("--out directory does not exist or is not writable: " + out);
        }
        return path;
    }

    private void writeTextAtomically(Initializer init, Shape tensorShape, ParallelFill filler, Path target) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                PrintWriter pw = new PrintWriter(w);
                writeText(init, tensorShape, filler, pw);
                pw.flush();
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException e) {
            throw new IllegalArgumentException("--out cannot be written: " + target + " (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is in the destination directory; nothing else to undo
                }
            }
        }
    }

    /** Rows of the last dimension, one per line; values print so that they read back exactly. */
    private void writeText(Initializer init, Shape tensorShape, ParallelFill filler, PrintWriter w) {
        long size = tensorShape.size();
        int row = tensorShape.rank() == 0 ? 1 : (int) Math.max(1, Math.min(tensorShape.dim(-1), 1 << 20));
        int chunk = (int) Math.min(Math.max(row, (1 << 20) / row * row), Math.max(size, 1));
        StringBuilder line = new StringBuilder();
        if (dtype == TextDType.float32) {
            float[] buf = new float[chunk];
            for (long from = 0; from < size; from += chunk) {
                int n = (int) Math.min(chunk, size - from);
                filler.fill(init, tensorShape, init.key(), from, buf, 0, n);
                for (int i = 0; i < n; i++) {
                    line.append(buf[i]);
                    endOfValue(line, from + i, row, w);
                }
            }
        } else {
            double[] buf = new double[chunk];
            for (long from = 0; from < size; from += chunk) {
                int n = (int) Math.min(chunk, size - from);
                filler.fill(init, tensorShape, init.key(), from, buf, 0, n);
                for (int i = 0; i < n; i++) {
                    line.append(buf[i]);
                    endOfValue(line, from + i, row, w);
                }
            }
        }
        w.flush();
    }

    private static void endOfValue(StringBuilder line, long index, int row, PrintWriter w) {
        if ((index + 1) % row == 0) {
            w.println(line);
            line.setLength(0);
        } else {
            line.append(' ');
        }
    }
}
