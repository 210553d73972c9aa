package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options commands share ({@link SeedOption}, {@link Threads}) are declared once and worded
 * per command ({@link OptionTexts}); {@code --method} and {@code --rng} are enums.
 */
class SharedOptionsTest {
    @TempDir
    Path dir;

    /** The help text of one option, its lines joined as picocli wraps them. */
    private static String help(String command, String option) {
        String text = CliRun.of(command, "--help").out();
        int at = text.indexOf("      " + option + "=N");
        assertThat(at).as("%s in %s --help", option, command).isNotNegative();
        StringBuilder b = new StringBuilder();
        for (String line : text.substring(at).split("\n")) {
            if (b.length() > 0 && !line.startsWith("                ")) {
                break;
            }
            b.append(' ').append(line.strip());
        }
        return b.toString().replaceAll("\\s+", " ").strip();
    }

    @Test
    void eachCommandWordsTheSharedOptionsItsOwnWay() {
        assertThat(help("generate", "--seed")).endsWith("A spec's own seed must agree with it.");
        assertThat(help("sample", "--seed")).endsWith("Initializers that draw no random numbers ignore it.");
        assertThat(help("diagnose", "--seed")).endsWith("Seed of input, weights and projection (default 42).");
        assertThat(help("generate", "--threads")).endsWith("Threads (default: all cores). Never changes the values.");
        assertThat(help("sample", "--threads")).endsWith("Threads (default: all cores). Never changes the values.");
        assertThat(help("diagnose", "--threads")).endsWith("Threads (default: all cores).");
    }

    @Test
    void oneThreadsCheckForEveryCommand() {
        for (String command : new String[] {"generate --layers 3,2", "sample zeros --shape 2", "diagnose --layers 4,4"}) {
            String[] args = (command + " --threads 0 --out " + dir.resolve("x.npz")).split(" ");
            if (command.startsWith("diagnose")) {
                args = (command + " --threads 0 --no-report").split(" ");
            }
            assertThat(CliRun.of(args).badInput().err()).isEqualTo("jinit: --threads must be between 1 and "
                    + Threads.MAX + ": 0" + System.lineSeparator());
        }
    }

    @Test
    void methodAndRngAreEnumsReadInTheirCommandLineSpelling() throws IOException {
        Path a = dir.resolve("a.npz");
        assertThat(CliRun.of("generate", "--layers", "5,4", "--rng", "numpy-legacy", "--method", "xavier", "--seed",
                "3", "--out", a.toString()).status()).isZero();
        assertThat(TensorFiles.open(a)).hasSize(2);
        // The spellings of the help, exactly: no Java constant names, no other case.
        assertThat(CliRun.of("generate", "--layers", "5,4", "--rng", "NUMPY_LEGACY", "--out", a.toString()).badInput()
                .err()).contains("--rng must be philox or numpy-legacy: NUMPY_LEGACY");
        assertThat(CliRun.of("generate", "--layers", "5,4", "--rng", "mt", "--out", a.toString()).badInput().err())
                .startsWith("jinit: --rng must be philox or numpy-legacy: mt; see jinit generate --help");
        assertThat(CliRun.of("generate", "--layers", "5,4", "--rng", "", "--out", a.toString()).badInput().err())
                .contains("--rng must be philox or numpy-legacy: \"\"");
        assertThat(CliRun.of("generate", "--layers", "5,4", "--method", "best", "--out", a.toString()).badInput()
                .err()).contains("--method must be auto, he, xavier, lecun or random: best");
    }
}
