package io.jinit.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Python interpreter for interop checks: {@code $JINIT_PYTHON} if set, else
 * {@code python3}. Output goes to files, never to the test's console.
 *
 * <p>{@code scripts/python-env.sh} builds an interpreter with every module the checks use and
 * prints its path; {@code .ci/run} sets {@code JINIT_PYTHON} to it. Under CI ({@code CI=true}) a
 * missing interpreter or module fails the test that needs it; elsewhere that test is skipped with
 * the reason.
 *
 * @since 0.1
 */
public final class Python {
    /**
     * The outcome of a run.
     *
     * @param exitCode the exit code; -1 if the interpreter did not start, -2 if it timed out
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The interpreter: {@code $JINIT_PYTHON}, else {@code python3}. */
    public static final String EXECUTABLE = System.getenv().getOrDefault("JINIT_PYTHON", "python3");

    /** Whether the checks must run: under CI, where a missing Python is a failure, not a reason to skip. */
    public static final boolean REQUIRED = "true".equalsIgnoreCase(System.getenv("CI"));

    private Python() {
    }

    /**
     * Runs {@code python args...} in a directory, with a time limit of ten minutes.
     *
     * @param workDir the working directory, which also receives the output files while it runs
     * @param args the arguments
     * @return the outcome
     * @throws IOException if the output cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static Result run(Path workDir, String... args) throws IOException, InterruptedException {
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

    /**
     * Whether the interpreter runs and imports every module; under CI, a no fails the calling test
     * with the reason.
     *
     * @param workDir a scratch directory
     * @param modules the modules
     * @return whether they import
     * @throws IOException if the output cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean has(Path workDir, String... modules) throws IOException, InterruptedException {
        String why = missing(workDir, modules);
        if (why != null && REQUIRED) {
            Assertions.fail(why);
        }
        return why == null;
    }

    /**
     * Skips the calling test, or fails it under CI, unless the interpreter imports every module.
     *
     * @param workDir a scratch directory
     * @param modules the modules
     * @throws IOException if the output cannot be read
     * @throws InterruptedException if interrupted while waiting
     */
    public static void require(Path workDir, String... modules) throws IOException, InterruptedException {
        String why = missing(workDir, modules);
        if (why != null) {
            if (REQUIRED) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    /** Why the interpreter cannot import the modules, or null if it can. */
    private static String missing(Path workDir, String... modules) throws IOException, InterruptedException {
        String imports = String.join(", ", modules);
        Result r = run(workDir, "-c", "import " + imports);
        if (r.exitCode() == 0) {
            return null;
        }
        String[] lines = r.stderr().strip().split("\n");
        return EXECUTABLE + " cannot import " + imports + " (" + lines[lines.length - 1] + "): build an environment"
                + " with scripts/python-env.sh and set JINIT_PYTHON to the python it prints";
    }
}
