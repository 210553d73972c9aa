package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jinit.compat.WeightInits;
import io.jinit.formats.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small inputs that once exhausted memory or time, and the seed and naming rules of
 * {@code jinit generate}: each ends in the file or in exit 2 with one line naming what was typed.
 */
class GenerateHostileInputTest {
    @TempDir
    Path dir;

    @Test
    void layersStreamInAHeapSmallerThanTheModel() throws Exception {
        // 2 * 6144 * 6144 float32 = 302 MB in a 64 MB heap: the in-memory WeightInits layers needed 604 MB
        // of doubles. NumPy legacy too, on a smaller model: its stream is sequential.
        Path philox = dir.resolve("philox.safetensors");
        GenerateReproducibilityTest.childJvm(List.of("-Xmx64m"), List.of("generate", "--layers", "6144,6144,6144",
                "--seed", "1", "--out", philox.toString()));
        assertThat(Files.size(philox)).isGreaterThan(2L * 6144 * 6144 * 4);
        Path numpy = dir.resolve("numpy.npz");
        GenerateReproducibilityTest.childJvm(List.of("-Xmx64m"), List.of("generate", "--layers", "4096,4096,64",
                "--rng", "numpy-legacy", "--seed", "42", "--dtype", "float64", "--out", numpy.toString()));
        double[] last = new double[64];
        TensorFiles.read(numpy, "layers.1.weight", 4095L * 64, last, 0, 64);
        double[] expected = WeightInits.numpyLegacy().smartInit(new int[] {4096, 4096, 64}, "relu", 42).layer(1)
                .weights();
        for (int i = 0; i < 64; i++) {
            assertThat(last[i]).isEqualTo(expected[4095 * 64 + i]);
        }
    }

    @Test
    void endlessSpecInputsAreRefusedAtTheCap() throws Exception {
        Path out = dir.resolve("m.safetensors");
        CliRun zero = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> CliRun.of("generate", "--spec", "/dev/zero", "--out", out.toString())).badInput();
        assertThat(zero.err()).isEqualTo("jinit: --spec: spec file is larger than 67108864 bytes (64 MB): /dev/zero\n");

        Path fifo = dir.resolve("spec.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            // A pipe that never ends, as `yes | jinit generate --spec /dev/stdin` gives.
            Future<?> endless = writer.submit(() -> {
                try (var o = Files.newOutputStream(fifo)) {
                    byte[] spaces = " ".repeat(1 << 16).getBytes();
                    while (true) {
                        o.write(spaces);
                    }
                } catch (IOException readerGone) {
                    return null;
                }
            });
            CliRun pipe = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> CliRun.of("generate", "--spec", fifo.toString(), "--out", out.toString())).badInput();
            assertThat(pipe.err()).contains("--spec", "larger than 67108864 bytes", fifo.toString());
            endless.get();
        } finally {
            writer.shutdownNow();
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void aHostileRulePatternTakesLinearTime() throws IOException {
        // 150 bytes of spec; the regex the rules compiled to backtracked for hours on this name.
        Path spec = Files.writeString(dir.resolve("glob.json"), "{\"seed\": 1, \"parameters\": [{\"name\": \""
                + "a".repeat(100) + "\", \"shape\": [2]}], \"rules\": [{\"pattern\": \"*a*a*a*a*a*a*a*b\","
                + " \"initializer\": \"zeros\"}]}");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliRun.of("generate", "--spec",
                spec.toString(), "--out", dir.resolve("g.safetensors").toString())).badInput();
        assertThat(run.err()).isEqualTo("jinit: --spec " + spec + ": parameter has no initializer and no rule matches it: "
                + "a".repeat(100) + "\n");
    }

    @Test
    void theRunSeedSuppliesTheSpecsSeedAndMustAgreeWithIt() throws IOException {
        String params = "\"parameters\": [{\"name\": \"w\", \"shape\": [4, 4], \"initializer\": \"he_normal\"}]}";
        Path seeded = Files.writeString(dir.resolve("seeded.json"), "{\"seed\": 2024, " + params);
        Path unseeded = Files.writeString(dir.resolve("unseeded.json"), "{" + params);
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        Path c = dir.resolve("c.safetensors");
        assertThat(CliRun.of("generate", "--spec", seeded.toString(), "--out", a.toString()).status()).isZero();
        CliRun same = CliRun.of("generate", "--spec", seeded.toString(), "--seed", "2024", "--out", b.toString());
        assertThat(same.status()).isZero();
        assertThat(same.err()).isEmpty();
        CliRun supplied = CliRun.of("generate", "--spec", unseeded.toString(), "--seed", "2024", "--out", c.toString());
        assertThat(supplied.status()).isZero();
        assertThat(supplied.err()).as("a given seed is not printed").isEmpty();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isEqualTo(Files.readAllBytes(a));

        Path d = dir.resolve("d.safetensors");
        CliRun disagree = CliRun.of("generate", "--spec", seeded.toString(), "--seed", "7", "--out", d.toString())
                .badInput();
        assertThat(disagree.err()).isEqualTo("jinit: --spec " + seeded + ": seed 2024 of the spec disagrees with "
                + "--seed 7: give one of them, or the same value\n");
        assertThat(d).doesNotExist();
    }

    @Test
    void errorsNameTheOptionsAsTyped() throws IOException {
        Path out = dir.resolve("x.safetensors");
        assertThat(CliRun.of("generate", "--layers", "4,0,3", "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --layers sizes must be between 1 and 2147483647: 4,0,3\n");
        assertThat(CliRun.of("generate", "--layers", "784", "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --layers must hold at least 2 sizes (input and output): 784\n");
        assertThat(CliRun.of("generate", "--layers", "4,3", "--activation", "swishy", "--out", out.toString())
                .badInput().err()).startsWith("jinit: --activation must be one of relu, ").endsWith(": swishy\n");
        assertThat(CliRun.of("generate", "--layers", "4,3", "--rng", "numpy-legacy", "--seed", "-1", "--out",
                out.toString()).badInput().err()).isEqualTo("jinit: --seed must be between 0 and 2**32 - 1 with --rng "
                + "numpy-legacy (np.random.seed's range): -1\n");
        // A check that only fails when the tensor is filled names the spec's parameter.
        Path spec = Files.writeString(dir.resolve("eye.json"), "{\"seed\": 1, \"parameters\": [{\"name\": \"conv.w\","
                + " \"shape\": [3, 3, 8], \"initializer\": \"identity\"}]}");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", out.toString()).badInput().err())
                .startsWith("jinit: parameter conv.w of shape [3, 3, 8]: ");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("eye.json");
        }
    }
}
