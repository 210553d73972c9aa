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
        command.add(classPath());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A class path that holds the command and everything it needs: the test JVM's class path and,
     * when the tests run on the module path (the cli module and its dependencies patched in as
     * modules), the module path too. The child runs them as plain classes.
     */
    static String classPath() {
        String modules = System.getProperty("jdk.module.path", "");
        String classes = System.getProperty("java.class.path", "");
        return modules.isEmpty() ? classes : classes.isEmpty() ? modules : modules + java.io.File.pathSeparator + classes;
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
