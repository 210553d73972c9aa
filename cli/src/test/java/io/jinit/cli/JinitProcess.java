package io.jinit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code jinit} in a JVM of its own, for what only a real process shows. */
final class JinitProcess {
    private JinitProcess() {
    }

    /** {@code java [jvmOptions] -cp <test class path> io.jinit.cli.Main args...}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The command as one line for {@code sh -c}, every word single-quoted. */
    static String shellWords(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String word : command) {
            b.append(b.length() == 0 ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }
}
