package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code jinit generate} stopped by a signal (SIGTERM, as Ctrl-C's SIGINT, runs the JVM's
 * shutdown) while it writes a 4.3 GB model leaves nothing: neither the destination nor the
 * hidden temporary file beside it.
 */
class InterruptedGenerateTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aTerminatedGenerateLeavesNoFile() throws IOException, InterruptedException {
        assumeTrue(File.separatorChar == '/', "signals as on Unix");
        long free = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(free > 8L << 30, "needs 8 GB free in " + dir + ", has " + (free >> 20) + " MB");
        StringBuilder spec = new StringBuilder("{\"seed\": 1, \"parameters\": [");
        for (int i = 0; i < 16; i++) {
            spec.append(i == 0 ? "" : ", ").append("{\"name\": \"layers.").append(i)
                    .append(".weight\", \"shape\": [8192, 8192], \"initializer\": \"he_normal\"}");
        }
        Path specFile = Files.writeString(dir.resolve("model.json"), spec.append("]}").toString());
        Path out = dir.resolve("model.safetensors");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "generate", "--spec", specFile.toString(), "--out", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (temporaryFiles().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(temporaryFiles()).as("the write had started").hasSize(1);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(out).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".jinit-tmp")).toList();
        }
    }
}
