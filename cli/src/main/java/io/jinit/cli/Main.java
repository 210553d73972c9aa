package io.jinit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The {@code jinit} command. Exit status: 0 on success; 2 on bad input, with one line on stderr
 * naming the argument and the value, and no output file; 1 on an internal error.
 *
 * @since 0.1
 */
public final class Main {
    /** Exit status of a run that did its job. */
    public static final int OK = 0;
    /** Exit status of an internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit status of bad input. */
    public static final int BAD_INPUT = 2;

    private Main() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new JinitCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("jinit: " + e.getMessage());
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("jinit: " + oneLine(e.getMessage()));
                return BAD_INPUT;
            }
            err.println("jinit: internal error: " + oneLine(String.valueOf(e)));
            return INTERNAL_ERROR;
        });
        int status = cli.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
    }
}
