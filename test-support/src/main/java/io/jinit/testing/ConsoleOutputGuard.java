package io.jinit.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test that writes to {@code System.out} or {@code System.err}, unless the test or its
 * class is marked {@link ExpectsConsoleOutput}. A library that prints from its code paths
 * pollutes every caller's console, and a test that prints hides the output of the one that
 * fails; EJML's test suite refuses both the same way.
 *
 * <p>Both streams are replaced by recorders before the test's {@code @BeforeEach} methods and
 * restored after its {@code @AfterEach} methods; what was recorded is quoted in the failure.
 * Every module registers the guard for all its tests through
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in its
 * {@code junit-platform.properties} and this module's
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}.
 *
 * @implNote The streams are process-wide, so the guard assumes the tests of one JVM run one at a
 *     time (JUnit's default); output of a thread that outlives its test can be charged to the
 *     next test.
 * @since 0.1
 */
public final class ConsoleOutputGuard implements BeforeEachCallback, AfterEachCallback {

    /** The longest part of the recorded output quoted in a failure, in characters. */
    static final int QUOTED_CHARACTERS = 2000;

    private static final Namespace NAMESPACE = Namespace.create(ConsoleOutputGuard.class);

    /** Creates the guard; JUnit does so through the service loader. */
    public ConsoleOutputGuard() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (expectsOutput(context)) {
            return;
        }
        Charset charset = Charset.defaultCharset();
        Recording recording = new Recording(System.out, System.err, new ByteArrayOutputStream(),
                new ByteArrayOutputStream(), charset);
        System.setOut(new PrintStream(recording.out(), true, charset));
        System.setErr(new PrintStream(recording.err(), true, charset));
        context.getStore(NAMESPACE).put(Recording.class, recording);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Recording recording = context.getStore(NAMESPACE).remove(Recording.class, Recording.class);
        if (recording == null) {
            return;
        }
        System.out.flush();
        System.err.flush();
        System.setOut(recording.originalOut());
        System.setErr(recording.originalErr());
        String out = recording.out().toString(recording.charset());
        String err = recording.err().toString(recording.charset());
        if (!out.isEmpty() || !err.isEmpty()) {
            throw new AssertionError("the test printed to the console; fix the code that prints, or mark the"
                    + " test @ExpectsConsoleOutput if printing is what it tests."
                    + quote("System.out", out) + quote("System.err", err));
        }
    }

    private static boolean expectsOutput(ExtensionContext context) {
        Optional<ExpectsConsoleOutput> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, ExpectsConsoleOutput.class));
        if (onMethod.isPresent()) {
            return true;
        }
        for (Optional<Class<?>> type = context.getTestClass(); type.isPresent();
                type = Optional.ofNullable(type.get().getEnclosingClass())) {
            if (AnnotationSupport.isAnnotated(type.get(), ExpectsConsoleOutput.class)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String stream, String text) {
        if (text.isEmpty()) {
            return "";
        }
        String shown = text.length() <= QUOTED_CHARACTERS ? text
                : text.substring(0, QUOTED_CHARACTERS) + "... (" + text.length() + " characters in all)";
        return "\n" + stream + ":\n" + shown;
    }

    /** The streams in place before the test, and what the test wrote in their stead. */
    private record Recording(PrintStream originalOut, PrintStream originalErr, ByteArrayOutputStream out,
            ByteArrayOutputStream err, Charset charset) {
    }
}
