package io.jinit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A README's Java example kept in a test: the lines of the test's source between
 * {@value #BEGIN} and {@value #END}, which the test compiles and runs, must stand verbatim, without
 * the test's indentation, in a {@code ```java} block of the README, so that the README shows code
 * that compiles and runs.
 *
 * @since 0.1
 */
public final class ReadmeExample {
    /** The comment line that opens the example in the test's source. */
    public static final String BEGIN = "// README example begins";
    /** The comment line that closes the example in the test's source. */
    public static final String END = "// README example ends";

    private ReadmeExample() {
    }

    /**
     * The example of a test source, unindented by the indentation of its {@value #BEGIN} line.
     *
     * @param testSource the test's {@code .java} file
     * @return the example's lines, joined by {@code \n}, without a trailing newline
     * @throws IllegalArgumentException if the source has no example between the markers
     */
    public static String in(Path testSource) {
        String source = read(testSource);
        int begin = source.indexOf(BEGIN);
        int end = source.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no README example between \"" + BEGIN + "\" and \"" + END + "\": "
                    + testSource);
        }
        int lineStart = source.lastIndexOf('\n', begin) + 1;
        String indent = source.substring(lineStart, begin);
        String body = source.substring(source.indexOf('\n', begin) + 1, source.lastIndexOf('\n', end) + 1);
        StringBuilder example = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            example.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
        }
        return example.toString().strip();
    }

    /**
     * Whether a README shows a test's example verbatim, as a {@code ```java} block of its own.
     *
     * @param readme the README
     * @param testSource the test's {@code .java} file
     * @return whether the README holds {@code ```java}, the example and {@code ```}, each on its own lines
     */
    public static boolean shownIn(Path readme, Path testSource) {
        return read(readme).contains("```java\n" + in(testSource) + "\n```");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
