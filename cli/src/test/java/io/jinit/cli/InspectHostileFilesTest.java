package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jinit inspect} on files made to attack a terminal or to cost far more than their size, and
 * on files that are not tensor files: safe, linear output, or exit 2 with one line.
 */
class InspectHostileFilesTest {
    @TempDir
    Path dir;

    /** A safetensors file whose header is the given JSON and whose data are the given float32 values. */
    private Path safetensors(String name, String json, float... values) throws IOException {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(text.length).put(text);
        for (float v : values) {
            b.putFloat(v);
        }
        return Files.write(dir.resolve(name), b.array());
    }

    private static String tensor(String jsonName, long begin, long count) {
        return "\"" + jsonName + "\":{\"dtype\":\"F32\",\"shape\":[" + count + "],\"data_offsets\":[" + begin + ","
                + (begin + 4 * count) + "]}";
    }

    @Test
    void namesAndMetadataCannotDriveTheTerminal() throws IOException {
        // ESC [2J clears the screen; U+202E reverses the text after it; a newline would forge a row.
        Path f = safetensors("t.safetensors", "{\"__metadata__\":{\"k\\u001b]0;title\\u0007\":\"v\\r\\nw = 1\"},"
                + tensor("a\\u001b[2Jb", 0, 1) + "," + tensor("c\\u202eb\\nfake 1.0", 4, 1) + "}", 1, 2);
        CliRun run = CliRun.of("inspect", f.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).doesNotContain("\u001b", "\u202e", "\u0007", "\r")
                .contains("a\\x1b[2Jb ", "c\\u202eb\\x0afake 1.0 ", "k\\x1b]0;title\\x07 = v\\x0d\\x0aw = 1\n");
        assertThat(run.out().lines()).hasSize(5);
    }

    @Test
    void oneLongNameDoesNotWidenEveryRow() throws IOException {
        StringBuilder json = new StringBuilder("{").append(tensor("n".repeat(100_000), 0, 1));
        for (int i = 1; i <= 1000; i++) {
            json.append(',').append(tensor("t" + i, 4L * i, 1));
        }
        Path f = safetensors("wide.safetensors", json.append('}').toString(), new float[1001]);
        CliRun run = CliRun.of("inspect", f.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out().lines()).contains("n".repeat(100_000));
        assertThat(run.out().lines().filter(l -> l.startsWith("t")).mapToInt(String::length).max().orElseThrow())
                .isLessThan(120);
        assertThat(run.out().length()).isLessThan(100_000 + 1002 * 120);
    }

    @Test
    void longMetadataValuesAreCut() throws IOException {
        Path f = safetensors("m.safetensors", "{\"__metadata__\":{\"long\":\"" + "x".repeat(5000) + "\"}}");
        CliRun run = CliRun.of("inspect", f.toString());
        assertThat(run.out()).contains("long = " + "x".repeat(200) + "... (5,000 characters)\n");
    }

    @Test
    void nonFiniteElementsAreCountedAndComplexIsNamed() throws IOException {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Path f = safetensors("nf.safetensors", "{" + tensor("w", 0, 5) + "}", 1, nan, inf, -inf, 3);
        CliRun run = CliRun.of("inspect", f.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("2.00000", "1.00000", "3.00000", "1 nan, 1 +inf, 1 -inf; stats of the 2 finite",
                "1 tensors, 5 elements, 3 of them NaN or infinite");
        Path z = safetensors("z.safetensors", "{\"z\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 3, 4);
        assertThat(CliRun.of("inspect", z.toString()).out()).contains("complex64", "5.00000", "stats of |z|");
    }

    @Test
    void pytorchCheckpointsAndOtherZipsAreBadInput() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : new String[] {"archive/data.pkl", "archive/data/0", "archive/version"}) {
                out.putNextEntry(new ZipEntry(name));
                out.write(new byte[] {(byte) 0x80, 2, '.'});
                out.closeEntry();
            }
        }
        Path pt = Files.write(dir.resolve("model.pt"), bytes.toByteArray());
        assertThat(CliRun.of("inspect", pt.toString()).badInput().err())
                .contains("is a PyTorch checkpoint (torch.save, archive/data.pkl)", "safetensors.torch.save_file");
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(other)) {
            out.putNextEntry(new ZipEntry("readme.txt"));
            out.closeEntry();
        }
        Path zip = Files.write(dir.resolve("other.npz"), other.toByteArray());
        assertThat(CliRun.of("inspect", zip.toString()).badInput().err()).contains("none of them a .npy array");
    }

    @Test
    void moreTensorsThanTheHeapHoldsIsBadInputNotATrace() throws IOException, InterruptedException {
        // 400,000 empty tensors in a 24 MB header, within every limit, inspected in a 32 MB heap.
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 400_000; i++) {
            json.append(i == 0 ? "" : ",").append(tensor("t" + i, 0, 0));
        }
        Path f = safetensors("many.safetensors", json.append('}').toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", JinitProcess.classPath(),
                Main.class.getName(), "inspect", f.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String message = Files.readString(err);
        assertThat(p.exitValue()).as(message).isEqualTo(Main.BAD_INPUT);
        assertThat(message.lines()).hasSize(1).allMatch(l -> l.startsWith("jinit: " + f + ": ")
                && l.contains(" in the Java heap of "));
    }
}
