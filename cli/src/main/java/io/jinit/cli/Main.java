package io.jinit.cli;

import io.jinit.formats.AtomicFile;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.jinit.models.hf.PaddingRowNormal;
import io.jinit.models.keras.UnitForgetBias;
import picocli.CommandLine;

/**
 * The {@code jinit} command. Exit status: 0 on success; 2 on bad input or an environment failure
 * (no space, unwritable path, closed standard output, input too large for memory), with one line
 * on stderr naming the argument and the value, and no output file; 1 on an internal error.
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
        // Not System.out: a PrintStream swallows write errors, so `jinit list > /dev/full` would
        // exit 0. A PrintWriter over the file descriptor records them for checkError().
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out),
                StandardCharsets.UTF_8), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err),
                StandardCharsets.UTF_8), true);
        System.exit(run(args, out, err));
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
        // The initializers a model recipe records beside the catalogues' (a padding row, Keras's
        // unit forget bias), so that `sample --config` reproduces a tensor from its recorded
        // jinit.init.NAME; registering again changes nothing.
        PaddingRowNormal.register();
        UnitForgetBias.register();
        CommandLine cli = new CommandLine(new JinitCommand());
        // Shared options (--seed, --threads) worded for each command that has them.
        cli.setResourceBundle(new OptionTexts());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // `--config @cfg.json` is read by the command itself; picocli's own expansion of every
        // argument that starts with @ would read any file (or /dev/zero) as more arguments.
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("jinit: " + parseError(e));
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            String badInput = badInputMessage(e);
            if (badInput != null) {
                err.println("jinit: " + badInput);
                return BAD_INPUT;
            }
            err.println("jinit: internal error: " + oneLine(String.valueOf(e)));
            return INTERNAL_ERROR;
        });
        int status;
        try {
            status = cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler; an Error from the command lands here.
            err.println("jinit: " + outOfMemory());
            return BAD_INPUT;
        } catch (StackOverflowError e) {
            err.println("jinit: the input is nested too deeply to be read");
            return BAD_INPUT;
        }
        out.flush();
        // A command that failed has said why in its one line; one that succeeded may still have
        // lost its output.
        if (out.checkError() && status == OK) {
            err.println("jinit: standard output cannot be written (closed pipe, full disk or no terminal): "
                    + "the output is incomplete");
            status = BAD_INPUT;
        }
        err.flush();
        return status;
    }

    /**
     * The one line of a parse error, with picocli's suggestions for a mistyped option or command
     * and a pointer to the help.
     */
    private static String parseError(CommandLine.ParameterException e) {
        // A converter of ours (Spellings) names the option and the value itself; picocli's
        // "Invalid value for option '--rng': " in front would name the option twice. picocli's own
        // converters ("'x' is not an int") do not name it, and keep the prefix.
        Throwable cause = e.getCause();
        boolean namesItsOption = cause instanceof CommandLine.TypeConversionException
                && cause.getMessage() != null && cause.getMessage().startsWith("--");
        String message = oneLine(namesItsOption ? cause.getMessage() : e.getMessage());
        if (message.contains("expected only one match but got")) {
            // picocli prints the whole option group twice; what happened is one of its options
            // given twice, or two exclusive options given together.
            message = "an option was given twice, or together with one it excludes";
        }
        StringBuilder line = new StringBuilder(message);
        if (e instanceof CommandLine.UnmatchedArgumentException) {
            List<String> suggestions = ((CommandLine.UnmatchedArgumentException) e).getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", suggestions.subList(0,
                        Math.min(3, suggestions.size())))).append("?)");
            }
        }
        CommandLine command = e.getCommandLine();
        String name = command == null ? "jinit" : command.getCommandSpec().qualifiedName();
        return line.append("; see ").append(name).append(" --help").toString();
    }

    /** The message of a failure that bad input or the environment caused, or null for a bug. */
    private static String badInputMessage(Throwable e) {
        if (e instanceof IllegalArgumentException) {
            return oneLine(e.getMessage());
        }
        if (e instanceof UncheckedIOException) {
            IOException cause = ((UncheckedIOException) e).getCause();
            return oneLine(e.getMessage()) + " (" + AtomicFile.reason(cause) + ")";
        }
        return null;
    }

    private static String outOfMemory() {
        long heap = Runtime.getRuntime().maxMemory() >> 20;
        return "the input needs more memory than the Java heap of " + heap + " MB; if it is what you meant, "
                + "give more with JINIT_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g)";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else if (Character.getType(c) == Character.FORMAT) {
                // bidi overrides (U+202E) and other invisible format characters in a typed path
                // could reorder or hide the rest of the line; backslashes are left as they are,
                // since the readers' messages escape names already (TensorFiles.printable)
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString().strip();
    }
}
