package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.utils.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contract every fuzz target checks: an input is either accepted or refused with an
 * {@link IllegalArgumentException} whose message is not blank. Anything else thrown (another
 * runtime exception, an {@link IOException} from a file that lies on a working disk, an
 * {@link Error} such as {@link OutOfMemoryError} or {@link StackOverflowError}) escapes to Jazzer
 * and is a finding, as is an input that runs past Jazzer's time limit.
 */
final class Contract {
    /** A body that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Contract() {
    }

    /**
     * Pins Jazzer's log to the streams of the whole test run: its agent reports on standard error
     * each class it instruments when a test first loads it, which would otherwise count as that
     * test's printing ({@code io.jinit.testing.ConsoleOutputGuard}). Called from {@code @BeforeAll},
     * before any test replaces the streams.
     */
    static void pinJazzerLog() {
        Log.fixOutErr(System.out, System.err);
    }

    /** Runs the body; lets everything but a well-formed refusal through. */
    static void acceptOrRefuse(Body body) throws Exception {
        try {
            body.run();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refused without saying why: " + e, e);
            }
        }
    }

    /** A file that each execution of a target overwrites, deleted when the JVM exits. */
    static Path scratchFile(String name) {
        try {
            Path dir = Files.createTempDirectory("jinit-fuzz");
            Path file = dir.resolve(name);
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
