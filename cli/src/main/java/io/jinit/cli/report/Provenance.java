package io.jinit.cli.report;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a report comes from: the command that made it, as a shell would take it again, the
 * version of jinit and the day. A reader who finds the page alone can run the same diagnosis.
 *
 * @param command the command line, each argument quoted for a POSIX shell where it needs it
 * @param version the jinit version, e.g. {@code 0.1.0}
 * @param date the day the report was made (UTC), or the day of {@code SOURCE_DATE_EPOCH}
 * @since 0.1
 */
public record Provenance(String command, String version, LocalDate date) {
    /** Arguments made only of these characters need no quotes in sh, bash or zsh. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./,=:@%+-]+");

    /**
     * Checks every part is given.
     *
     * @param command the command line
     * @param version the jinit version
     * @param date the day
     * @throws IllegalArgumentException if any is null
     */
    public Provenance {
        if (command == null || version == null || date == null) {
            throw new IllegalArgumentException("command, version and date must be given: " + command + ", "
                    + version + ", " + date);
        }
    }

    /**
     * The command line of {@code words} for a POSIX shell: a word of plain characters as it is,
     * any other in single quotes (a quote inside as {@code '\''}).
     *
     * @param words the program, the command and its arguments
     * @return the line
     */
    public static String commandLine(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
