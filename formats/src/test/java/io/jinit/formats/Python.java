package io.jinit.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python interpreter for interop checks: {@code $JINIT_PYTHON} if set, else
 * {@code python3}. Output goes to files, never to the test's console.
 */
final class Python {
    /** The outcome of a run. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    static final String EXECUTABLE = System.getenv().getOrDefault("JINIT_PYTHON", "python3");

    private Python() {
    }

    /** Runs {@code python args...} in a directory, with a time limit. */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "py", ".out");
        Path err = Files.createTempFile(workDir, "py", ".err");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot start " + EXECUTABLE + ": " + e.getMessage());
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-2, "", EXECUTABLE + " timed out");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Whether the interpreter runs and imports every module. */
    static boolean imports(Path workDir, String... modules) throws IOException, InterruptedException {
        return run(workDir, "-c", "import " + String.join(", ", modules)).exitCode() == 0;
    }
}
