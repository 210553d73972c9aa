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
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jinit inspect}: per-tensor shape, dtype, mean, std, min and max of a file from any producer.
 *
 * <p>The output is safe to print whatever the file holds, and linear in its size: names and
 * metadata are shown through {@link TensorFiles#printable} (a name cannot clear the screen, move
 * the cursor or forge a row), the name column is at most {@value #NAME_WIDTH} characters wide and
 * a longer name gets a line of its own above its row, and metadata keys and values are cut after
 * {@value #TEXT_LIMIT} characters. NaN and infinite elements are counted in the NOTE column; the
 * statistics are those of the finite elements, and of the magnitude for complex dtypes.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show each tensor's shape, dtype, mean, std, min and max of a .safetensors, .npy or .npz file "
                + "(written by jinit, NumPy, PyTorch or anything else).")
final class InspectCommand implements Runnable {
    /** Widest name column; longer names are printed on a line of their own. */
    static final int NAME_WIDTH = 40;
    /** Longest metadata key or value shown, in characters after escaping. */
    static final int TEXT_LIMIT = 200;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .safetensors, .npy or .npz file.")
    private Path file;

    @Override
    public void run() {
        if (file.toString().isEmpty()) {
            throw new IllegalArgumentException("FILE must name a file: ''");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("FILE does not exist: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("FILE is a directory: " + file);
        }
        // Devices and pipes have no length to check a header against, and /dev/zero never ends.
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("FILE is not a regular file (a device or a pipe): " + file);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("FILE is not readable: " + file);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<TensorInfo> infos = TensorFiles.open(file);
            Map<String, TensorStats> stats = TensorFiles.stats(file);
            int nameWidth = 6;
            for (TensorInfo t : infos) {
                int width = TensorFiles.printable(t.name()).length();
                if (width <= NAME_WIDTH) {
                    nameWidth = Math.max(nameWidth, width);
                }
            }
            String format = "%-" + nameWidth + "s  %-18s %-10s %13s %13s %13s %13s  %s";
            out.println(String.format(format, "TENSOR", "SHAPE", "DTYPE", "MEAN", "STD", "MIN", "MAX", "NOTE"));
            long total = 0;
            long nonFinite = 0;
            for (TensorInfo t : infos) {
                TensorStats s = stats.get(t.name());
                String name = TensorFiles.printable(t.name());
                if (name.length() > nameWidth) {
                    out.println(name);
                    name = "";
                }
                out.println(String.format(format, name, t.shape(), t.dtype().name().toLowerCase(Locale.ROOT),
                        number(s.mean()), number(s.std()), number(s.min()), number(s.max()), note(t, s))
                        .stripTrailing());
                total += t.shape().size();
                nonFinite += s.nonFinite();
            }
            out.printf(Locale.ROOT, "%d tensors, %,d elements%s%n", infos.size(), total,
                    nonFinite == 0 ? "" : String.format(Locale.ROOT, ", %,d of them NaN or infinite", nonFinite));
            Map<String, String> metadata = TensorFiles.metadata(file);
            metadata.forEach((k, v) -> out.printf("%s = %s%n", cut(TensorFiles.printable(k)),
                    cut(TensorFiles.printable(v))));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        } catch (OutOfMemoryError e) {
            // The readers bound every allocation by the file; what is left is a file of millions of
            // tensors, whose names, shapes and statistics are all held to print aligned rows.
            throw new IllegalArgumentException(file + ": too many tensors to inspect in the Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; give jinit more with JINIT_JAVA_OPTS=-Xmx4g", e);
        }
    }

    /** What the statistics leave out: non-finite elements, and that complex ones count as |z|. */
    private static String note(TensorInfo t, TensorStats s) {
        StringBuilder note = new StringBuilder();
        if (s.nonFinite() > 0) {
            count(note, s.nans(), "nan");
            count(note, s.positiveInfinities(), "+inf");
            count(note, s.negativeInfinities(), "-inf");
            note.append(String.format(Locale.ROOT, "; stats of the %,d finite", s.count() - s.nonFinite()));
        }
        if (t.dtype().isComplex()) {
            note.append(note.length() == 0 ? "" : "; ").append("stats of |z|");
        }
        return note.toString();
    }

    private static void count(StringBuilder note, long n, String what) {
        if (n > 0) {
            note.append(note.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", n, what));
        }
    }

    private static String cut(String text) {
        if (text.length() <= TEXT_LIMIT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(TEXT_LIMIT - 1)) ? TEXT_LIMIT - 1 : TEXT_LIMIT;
        return text.substring(0, end) + "... (" + String.format(Locale.ROOT, "%,d", text.length()) + " characters)";
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
