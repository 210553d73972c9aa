package io.jinit.cli;

import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.formats.TensorStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jinit inspect}: per-tensor shape, dtype, mean, std, min and max of a file from any producer. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show each tensor's shape, dtype, mean, std, min and max of a .safetensors, .npy or .npz file "
                + "(written by jinit, NumPy, PyTorch or anything else).")
final class InspectCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .safetensors, .npy or .npz file.")
    private Path file;

    @Override
    public void run() {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("FILE does not exist or is not readable: " + file);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<TensorInfo> infos = TensorFiles.open(file);
            Map<String, TensorStats> stats = TensorFiles.stats(file);
            int nameWidth = Math.max(6, infos.stream().mapToInt(t -> t.name().length()).max().orElse(0));
            String format = "%-" + nameWidth + "s  %-18s %-8s %13s %13s %13s %13s%n";
            out.printf(format, "TENSOR", "SHAPE", "DTYPE", "MEAN", "STD", "MIN", "MAX");
            long total = 0;
            for (TensorInfo t : infos) {
                TensorStats s = stats.get(t.name());
                out.printf(format, t.name(), t.shape(), t.dtype().name().toLowerCase(java.util.Locale.ROOT),
                        number(s.mean()), number(s.std()), number(s.min()), number(s.max()));
                total += t.shape().size();
            }
            out.printf("%d tensors, %,d elements%n", infos.size(), total);
            Map<String, String> metadata = TensorFiles.metadata(file);
            metadata.forEach((k, v) -> out.printf("%s = %s%n", k, v));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }
}
