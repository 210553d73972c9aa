package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializers;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheValuesOfTheLibrary() {
        CliRun run = CliRun.of("sample", "he_normal", "--shape", "3,4", "--seed", "7");
        assertThat(run.status()).isZero();
        assertThat(run.err()).isEmpty();
        float[] expected = Initializers.get("he_normal", Map.of("seed", 7L)).sample(Shape.of(3, 4));
        float[] printed = parse(run.out());
        assertThat(printed).containsExactly(expected);
        assertThat(run.out().lines()).hasSize(3);
    }

    @Test
    void setsConfigsConventionsAndDoubles() {
        CliRun run = CliRun.of("sample", "kaiming_normal_", "--shape", "8,4,3,3", "--seed", "1",
                "--set", "mode=fan_out", "--set", "a=0.2", "--fan-convention", "keras", "--dtype", "float64",
                "--threads", "3");
        assertThat(run.status()).as(run.err()).isZero();
        double[] expected = Initializers.get("kaiming_normal_", Map.of("mode", "fan_out", "a", 0.2, "seed", 1L,
                "fan_convention", "keras")).sampleDouble(Shape.of(8, 4, 3, 3));
        double[] printed = run.out().lines().flatMap(l -> Arrays.stream(l.split(" ")))
                .mapToDouble(Double::parseDouble).toArray();
        assertThat(printed).containsExactly(expected);
        CliRun config = CliRun.of("sample", "--config", "{\"class_name\": \"RandomUniform\", \"config\": "
                + "{\"seed\": 3, \"minval\": 0, \"maxval\": 2}}", "--shape", "5");
        assertThat(parse(config.out())).containsExactly(
                Initializers.get("RandomUniform", Map.of("seed", 3L, "minval", 0, "maxval", 2)).sample(Shape.of(5)));
    }

    @Test
    void threadsNeverChangeValues() {
        String one = CliRun.of("sample", "glorot_uniform", "--shape", "300,700", "--seed", "5", "--threads", "1").out();
        String seven = CliRun.of("sample", "glorot_uniform", "--shape", "300,700", "--seed", "5", "--threads", "7")
                .out();
        assertThat(seven).isEqualTo(one);
    }

    @Test
    void unseededRunsPrintTheirSeed() {
        CliRun run = CliRun.of("sample", "lecun_normal", "--shape", "4,4");
        assertThat(run.err()).matches("jinit: seed (\\d+) \\(repeat with --seed \\1\\)\\R");
        String seed = run.err().replaceAll("\\D+", " ").trim().split(" ")[0];
        assertThat(CliRun.of("sample", "lecun_normal", "--shape", "4,4", "--seed", seed).out()).isEqualTo(run.out());
    }

    @Test
    void writesTextFilesAtomically() throws IOException {
        Path file = dir.resolve("w.txt");
        CliRun run = CliRun.of("sample", "ones", "--shape", "2,2", "--out", file.toString());
        assertThat(run.status()).isZero();
        assertThat(Files.readString(file)).isEqualTo("1.0 1.0\n1.0 1.0\n".replace("\n", System.lineSeparator()));
        CliRun bad = CliRun.of("sample", "identity", "--shape", "2,2,2", "--out", dir.resolve("x.txt").toString());
        bad.badInput();
        assertThat(dir.resolve("x.txt")).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writesNpyAndSafetensors() throws IOException {
        Path npy = dir.resolve("w.npy");
        Path st = dir.resolve("w.safetensors");
        assertThat(CliRun.of("sample", "orthogonal", "--shape", "6,4", "--seed", "3", "--out", npy.toString())
                .status()).isZero();
        assertThat(CliRun.of("sample", "orthogonal", "--shape", "6,4", "--seed", "3", "--dtype", "float64",
                "--out", st.toString()).status()).isZero();
        double[] fromNpy = new double[24];
        io.jinit.formats.TensorFiles.read(npy, "w", 0, fromNpy, 0, 24);
        double[] fromSt = new double[24];
        io.jinit.formats.TensorFiles.read(st, "orthogonal", 0, fromSt, 0, 24);
        double[] expected = Initializers.get("orthogonal", Map.of("seed", 3L)).sampleDouble(Shape.of(6, 4));
        assertThat(fromSt).containsExactly(expected);
        for (int i = 0; i < 24; i++) {
            assertThat((float) fromNpy[i]).isEqualTo((float) expected[i]);
        }
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        CliRun.of("sample", "he_normal", "--shape", "3,-4").badInput();
        CliRun.of("sample", "he_normal", "--shape", "9999999999,9999999999,9999999999").badInput();
        CliRun.of("sample", "no_such_init", "--shape", "3").badInput();
        CliRun.of("sample", "he_normal", "--shape", "x").badInput();
        CliRun.of("sample", "he_normal").badInput();
        CliRun.of("sample", "random_normal", "--shape", "3", "--set", "stddev=NaN").badInput();
        CliRun.of("sample", "random_normal", "--shape", "3", "--set", "stddev=-1").badInput();
        CliRun.of("sample", "variance_scaling", "--shape", "3", "--set", "mode=sideways").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--threads", "0").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--dtype", "int8").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--out", "/no/such/dir/w.txt").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--out", "w.bin").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--dtype", "float64", "--out", "/no/such/dir/w.npy").badInput();
        CliRun.of("sample", "--config", "{\"class_name\": \"java.lang.Runtime\"}", "--shape", "3").badInput();
        CliRun.of("sample", "--config", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                "--shape", "3").badInput();
        CliRun.of("sample", "--config", "@/no/such/file.json", "--shape", "3").badInput();
        CliRun.of("sample", "he_normal", "--shape", "3", "--bogus").badInput();
        assertThat(CliRun.of("sample", "he_normal", "--shape", "3", "--set", "stddev=-1").err()).contains("stddev");
    }

    private static float[] parse(String text) {
        String[] parts = text.trim().split("\\s+");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }
}
