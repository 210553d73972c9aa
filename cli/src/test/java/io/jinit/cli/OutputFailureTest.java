package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the environment, in real processes: a full device, a closed pipe, a full file
 * system, a signal, a heap too small. Each ends in exit status 2 and one line naming what failed,
 * leaves an existing output unchanged, and leaves no temporary file.
 */
class OutputFailureTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private record Finished(int status, String out, String err) {
        Finished oneLineOfBadInput() {
            assertThat(status).as("status; stderr: %s", err).isEqualTo(Main.BAD_INPUT);
            assertThat(err.strip().lines().count()).as("stderr: %s", err).isEqualTo(1);
            assertThat(err).startsWith("jinit: ").doesNotContain("\tat ");
            return this;
        }
    }

    private Finished run(ProcessBuilder builder) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".log");
        Path err = Files.createTempFile(dir, "err", ".log");
        if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            builder.redirectOutput(out.toFile());
        }
        Process p = builder.redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("exited in time").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Finished(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void standardOutputOnAFullDeviceIsAnError() throws IOException, InterruptedException {
        for (List<String> args : List.of(List.of("sample", "he_normal", "--shape", "512,512", "--seed", "1"),
                List.of("list"), List.of("recommend", "relu"))) {
            ProcessBuilder b = new ProcessBuilder(JinitProcess.command(List.of(), args.toArray(String[]::new)))
                    .redirectOutput(new File("/dev/full"));
            assertThat(run(b).oneLineOfBadInput().err()).as("%s", args).contains("standard output");
        }
    }

    /** {@code | head -c100}: the command stops at the first failed write instead of computing on. */
    @Test
    void aClosedPipeStopsTheRun() throws IOException, InterruptedException {
        Path err = dir.resolve("err.log");
        // 400 million values as text would take minutes and gigabytes
        Process p = new ProcessBuilder(JinitProcess.command(List.of(), "sample", "he_normal", "--shape",
                "20000,20000", "--seed", "1")).redirectError(err.toFile()).start();
        try (InputStream in = p.getInputStream()) {
            assertThat(in.readNBytes(100)).hasSize(100);
        }
        try {
            assertThat(p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("stopped after the pipe closed").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(Main.BAD_INPUT);
        assertThat(Files.readString(err).strip().lines()).singleElement().asString().contains("standard output");
    }

    /**
     * A file system that fills up during the write (a 64 kB tmpfs, mounted in a user and mount
     * namespace of the test's own so that no privilege is needed): exit 2 naming --out and the
     * system's reason, the previous file unchanged, no temporary file. The .txt output is the one
     * whose size is not known in advance, so the write itself must fail cleanly.
     */
    @Test
    void aFileSystemThatFillsUpLeavesTheOldFile() throws IOException, InterruptedException {
        Path mount = Files.createDirectory(dir.resolve("small"));
        Path target = mount.resolve("w.txt");
        String jinit = JinitProcess.shellWords(JinitProcess.command(List.of(), "sample", "he_normal", "--shape",
                "100,100", "--seed", "1", "--out", target.toString()));
        String script = "mount -t tmpfs -o size=64k tmpfs '" + mount + "' && echo old > '" + target + "' && "
                + jinit + "; status=$?; cat '" + target + "'; ls -a '" + mount + "' >&2; exit $status";
        Finished f = run(new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script));
        assertThat(f.status()).as(f.err()).isEqualTo(Main.BAD_INPUT);
        assertThat(f.err()).contains("--out cannot be written: " + target + " (No space left on device)");
        assertThat(f.out()).as("the old file").isEqualTo("old\n");
        assertThat(f.err()).doesNotContain(".jinit-tmp");
    }

    @Test
    void aSignalDuringTextOutputLeavesNoFile() throws IOException, InterruptedException {
        Path target = dir.resolve("w.txt");
        Process p = new ProcessBuilder(JinitProcess.command(List.of(), "sample", "he_normal", "--shape",
                "20000,20000", "--seed", "1", "--out", target.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log.txt").toFile()).start();
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
        assertThat(target).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    /**
     * A request that needs more memory than the heap ends in one line, not a trace: text output
     * converts a million values at a time, more than an 8 MB heap holds.
     */
    @Test
    void outOfMemoryIsOneLine() throws IOException, InterruptedException {
        Finished f = run(new ProcessBuilder(JinitProcess.command(List.of("-Xmx8m"), "sample", "he_normal",
                "--shape", "3000,3000", "--seed", "1", "--out", dir.resolve("w.txt").toString())));
        assertThat(f.oneLineOfBadInput().err()).contains("more memory than the Java heap");
        assertThat(dir.resolve("w.txt")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".jinit-tmp")).toList();
        }
    }
}
