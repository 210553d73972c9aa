package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors in the user's words: one line naming what was typed (the option, the parameter as the
 * user named it), with a suggestion where a name was mistyped, and no file touched.
 */
class MessagesTest {
    @TempDir
    Path dir;

    @Test
    void parseErrorsAreOneLineWithSuggestions() {
        assertThat(CliRun.of("sampel").badInput().err()).contains("'sampel'").contains("did you mean sample")
                .contains("jinit --help");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--seed", "x").badInput().err()).contains("--seed")
                .contains("jinit sample --help");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--shape", "3").badInput().err())
                .contains("'--shape' (DIMS) should be specified only once");
        assertThat(CliRun.of("generate", "--layers", "3,2", "--layers", "2,2", "--out", "g.safetensors").badInput()
                .err()).contains("an option was given twice").doesNotContain("expected only one match");
        assertThat(CliRun.of("sample", "he_normal").badInput().err()).contains("--shape");
    }

    @Test
    void anUnknownInitializerSuggestsTheNearestNamesAndTheList() {
        assertThat(CliRun.of("sample", "he_norml", "--shape", "2").badInput().err())
                .contains("unknown initializer: he_norml (did you mean he_normal?)").contains("jinit list")
                .doesNotContain("Initializers.names");
        assertThat(CliRun.of("sample", "kaiming_normal", "--shape", "2,2").status()).isZero();
        assertThat(CliRun.of("sample", "xyzzy_frobnicate", "--shape", "2").badInput().err())
                .doesNotContain("did you mean");
        assertThat(CliRun.of("sample", "--config", "{\"class_name\": \"GlorotUnifrom\"}", "--shape", "2").badInput()
                .err()).contains("did you mean GlorotUniform?");
    }

    /** The list shows what is required, never an error message in place of a default. */
    @Test
    void listShowsRequiredParametersNotErrors() {
        CliRun run = CliRun.of("list");
        assertThat(run.status()).isZero();
        assertThat(run.out()).doesNotContain("must").doesNotContain("needs").doesNotContain("missing")
                .contains("{val=required}").contains("sparsity=required, std=0.01");
    }

    @Test
    void boundsAreNamedAsTheUserNamedThem() {
        assertThat(CliRun.of("sample", "random_uniform", "--set", "minval=2", "--set", "maxval=1", "--shape", "2")
                .badInput().err()).contains("minval=2.0").contains("maxval=1.0").doesNotContain("low");
        assertThat(CliRun.of("sample", "uniform_", "--set", "a=2", "--set", "b=1", "--shape", "2").badInput().err())
                .contains("a=2.0, b=1.0").doesNotContain("minval");
        assertThat(CliRun.of("sample", "random_uniform", "--set", "minval=-1e39", "--shape", "2").badInput().err())
                .contains("minval=-1.0E39").contains("float32");
        assertThat(CliRun.of("sample", "uniform_", "--set", "a=-1e308", "--set", "b=1e308", "--shape", "2").badInput()
                .err()).contains("uniform_ needs").contains("a=-1.0E308, b=1.0E308").doesNotContain("minval");
        assertThat(CliRun.of("sample", "normal_", "--set", "std=-1", "--shape", "2").badInput().err())
                .contains("std=-1.0").doesNotContain("stddev");
        assertThat(CliRun.of("sample", "trunc_normal_", "--set", "a=5", "--set", "b=4", "--shape", "2").badInput()
                .err()).contains("a=5.0, b=4.0").doesNotContain("low");
    }

    /** float32 cannot hold 1e39: refused, as a normal whose tail would overflow is, not written as inf. */
    @Test
    void constantsThatOverflowTheDtypeAreRefused() throws IOException {
        assertThat(CliRun.of("sample", "constant", "--set", "value=1e39", "--shape", "2").badInput().err())
                .contains("value overflows float32").contains("1.0E39");
        assertThat(CliRun.of("sample", "constant", "--set", "value=1e39", "--shape", "2", "--dtype", "float64")
                .out().strip()).isEqualTo("1.0E39 1.0E39");
        Path spec = Files.writeString(dir.resolve("half.json"), "{\"seed\": 1, \"parameters\": [{\"name\": \"w\", "
                + "\"shape\": [2], \"dtype\": \"float16\", \"initializer\": {\"class_name\": \"Constant\", "
                + "\"config\": {\"value\": 1e5}}}]}");
        Path out = dir.resolve("half.safetensors");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", out.toString()).badInput().err())
                .contains("tensor w overflows float16").contains("100000.0");
        assertThat(out).doesNotExist();
    }

    /** --dtype replaces the spec's default; a parameter's own dtype must agree with it. */
    @Test
    void theRunDtypeMustAgreeWithAParametersOwn() throws IOException {
        Path spec = Files.writeString(dir.resolve("d.json"), "{\"seed\": 1, \"dtype\": \"float64\", \"parameters\": ["
                + "{\"name\": \"a\", \"shape\": [2], \"initializer\": \"ones\"}, {\"name\": \"b\", \"shape\": [2], "
                + "\"initializer\": \"ones\", \"dtype\": \"bfloat16\"}]}");
        Path out = dir.resolve("d.safetensors");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--dtype", "float16", "--out", out.toString())
                .badInput().err()).contains("parameter b has dtype bfloat16 in the spec and --dtype is float16");
        assertThat(out).doesNotExist();
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--dtype", "bfloat16", "--out", out.toString())
                .status()).isZero();
        assertThat(io.jinit.formats.TensorFiles.open(out)).extracting(t -> t.dtype().name())
                .containsExactly("BFLOAT16", "BFLOAT16");
    }

    /** A parameter given twice, by --set or by --set and its own option, is an error, not the last one. */
    @Test
    void parametersAreGivenOnce() {
        assertThat(CliRun.of("sample", "normal_", "--set", "std=1", "--set", "std=2", "--shape", "2").badInput().err())
                .contains("--set std given twice");
        assertThat(CliRun.of("sample", "he_normal", "--set", "fan_convention=torch", "--fan-convention", "keras",
                "--shape", "2,2").badInput().err()).contains("--fan-convention keras")
                .contains("fan_convention=torch");
        assertThat(CliRun.of("generate", "--layers", "3,2", "--method", "he", "--activation", "bogus", "--out",
                "x.safetensors").badInput().err()).contains("--activation").contains("bogus");
    }

    /** Finite parameters that overflow the dtype are refused wherever the values go. */
    @Test
    void initializerValuesThatOverflowAreRefused() throws IOException {
        Path out = dir.resolve("w.npy");
        assertThat(CliRun.of("sample", "orthogonal_", "--set", "gain=1e300", "--shape", "4,4", "--seed", "1", "--out",
                out.toString()).badInput().err()).contains("tensor orthogonal_ gets Infinity at element 0")
                .contains("overflow float32");
        assertThat(out).doesNotExist();
        assertThat(CliRun.of("sample", "identity", "--set", "gain=1e39", "--shape", "2,2").badInput().err())
                .contains("gets Infinity");
        assertThat(CliRun.of("sample", "VarianceScaling", "--set", "scale=1e308", "--shape", "4,4", "--seed", "1")
                .badInput().err()).contains("reach beyond float32");
        Path spec = Files.writeString(dir.resolve("m.json"), "{\"seed\": 1, \"parameters\": [{\"name\": \"q\", "
                + "\"shape\": [4, 4], \"initializer\": {\"class_name\": \"orthogonal_\", \"config\": {\"gain\": "
                + "1e300}}}]}");
        Path model = dir.resolve("m.safetensors");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", model.toString()).badInput().err())
                .containsPattern("tensor q gets -?Infinity");
        assertThat(model).doesNotExist();
        assertThat(CliRun.of("sample", "orthogonal_", "--set", "gain=1e300", "--shape", "4,4", "--seed", "1",
                "--dtype", "float64").status()).as("float64 holds 1e300").isZero();
    }

    @Test
    void outputsTheSystemRefusesNameOutAndTheReason() throws IOException {
        Path longName = dir.resolve("x".repeat(300) + ".npy");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--out", longName.toString()).badInput().err())
                .contains("--out cannot be written").contains("File name too long");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "1000000,1000000", "--out",
                dir.resolve("huge.npy").toString()).badInput().err()).contains("--out cannot be written")
                .contains("No space left on device: needs 4.0 TB");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--out", dir.resolve("no/such/w.npy").toString())
                .badInput().err()).contains("--out is not writable, its directory does not exist");
        Path directory = Files.createDirectory(dir.resolve("d.npy"));
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--out", directory.toString()).badInput().err())
                .contains("--out is a directory");
        Files.delete(directory);
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--out", dir.resolve("w.NPY").toString())
                .badInput().err()).contains("--out must end in .npy, .safetensors, .npz or .txt, or be -");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    /** A config file cannot be its own output. */
    @Test
    void anOutputThatIsTheInputIsRefused() throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.txt"), "\"he_normal\"");
        assertThat(CliRun.of("sample", "--config", "@" + cfg, "--shape", "2", "--seed", "1", "--out", cfg.toString())
                .badInput().err()).contains("--out is the --config file");
        assertThat(cfg).hasContent("\"he_normal\"");
        String spec = "{\"seed\": 1, \"parameters\": [{\"name\": \"w\", \"shape\": [2], \"initializer\": "
                + "\"he_normal\"}]}";
        Path specFile = Files.writeString(dir.resolve("model.npz"), spec);
        assertThat(CliRun.of("generate", "--spec", specFile.toString(), "--out", specFile.toString()).badInput().err())
                .contains("--out is the --spec file");
        assertThat(specFile).hasContent(spec);
    }

    /**
     * Text is the same on every JDK: JDK 17's Double.toString writes 2e23 as
     * 1.9999999999999998E23, JDK 19 and later as 2.0E23; jinit writes the shortest form on both.
     */
    @Test
    void textValuesAreTheShortestOnEveryJdk() {
        assertThat(CliRun.of("sample", "constant", "--set", "value=2e23", "--shape", "2", "--dtype", "float64").out())
                .isEqualTo("2.0E23 2.0E23\n");
        assertThat(CliRun.of("sample", "constant", "--set", "value=1e-5", "--shape", "1").out()).isEqualTo("1.0E-5\n");
        assertThat(CliRun.of("sample", "constant", "--set", "value=-0.0", "--shape", "1").out()).as("the sign of zero")
                .isEqualTo("-0.0\n");
    }

    @Test
    void inspectSaysWhatItsFileIs() {
        assertThat(CliRun.of("inspect", dir.resolve("missing.npy").toString()).badInput().err())
                .contains("FILE does not exist");
        assertThat(CliRun.of("inspect", dir.toString()).badInput().err()).contains("FILE is a directory");
        assertThat(CliRun.of("inspect", "/dev/zero").badInput().err()).contains("not a regular file");
        assertThat(CliRun.of("inspect", "").badInput().err()).contains("FILE must name a file");
        assertThat(CliRun.of("inspect", "a\u202Eyp.npy\u001b[2J").badInput().err()).as("no terminal control")
                .contains("a\\u202eyp.npy\\x1b[2J");
    }

    @Test
    void shapesAndThreadsAreChecked() {
        for (String shape : List.of("3,-1", "+3", "x", ",", "3,,2", "\u0663")) {
            assertThat(CliRun.of("sample", "he_normal", "--shape", shape).badInput().err()).as(shape)
                    .isEqualTo("jinit: --shape must be whole numbers separated by commas, e.g. 784,128: " + shape + "\n");
        }
        assertThat(CliRun.of("sample", "constant", "--shape", "").out()).as("'' is a scalar").isEqualTo("0.0\n");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--threads", "0").badInput().err())
                .contains("--threads must be between 1 and");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2", "--threads", "100000").badInput().err())
                .contains("--threads must be between 1 and");
    }
}
