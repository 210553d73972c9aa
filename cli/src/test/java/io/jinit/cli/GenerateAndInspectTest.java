package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializers;
import io.jinit.compat.WeightInits;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateAndInspectTest {
    private static final String SPEC = """
            {"seed": 2024, "parameters": [
              {"name": "enc.weight", "shape": [64, 32], "initializer": "he_normal"},
              {"name": "enc.bias", "shape": [32]},
              {"name": "emb", "shape": [10, 8], "initializer": "normal_", "config": {"std": 0.02}, "dtype": "bfloat16"}
             ],
             "rules": [{"pattern": "*.bias", "initializer": "zeros"}]}
            """;

    @TempDir
    Path dir;

    @Test
    void specToSafetensorsHoldsTheLibrarysValues() throws IOException {
        Path spec = Files.writeString(dir.resolve("model.json"), SPEC);
        Path out = dir.resolve("model.safetensors");
        CliRun run = CliRun.of("generate", "--spec", spec.toString(), "--out", out.toString(), "--threads", "3");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        List<TensorInfo> infos = TensorFiles.open(out);
        assertThat(infos).extracting(TensorInfo::name).containsExactly("enc.weight", "enc.bias", "emb");
        double[] weight = new double[64 * 32];
        TensorFiles.read(out, "enc.weight", 0, weight, 0, weight.length);
        float[] expected = Initializers.get("he_normal").sample(Shape.of(64, 32),
                RandomKey.of(2024).derive("enc.weight"));
        for (int i = 0; i < weight.length; i++) {
            assertThat((float) weight[i]).isEqualTo(expected[i]);
        }
        Map<String, String> meta = TensorFiles.metadata(out);
        assertThat(meta).containsEntry("jinit.seed", "2024").containsKey("jinit.init.enc.weight")
                .containsEntry("format", "pt");
        CliRun inspect = CliRun.of("inspect", out.toString());
        assertThat(inspect.status()).isZero();
        assertThat(inspect.out()).contains("enc.weight", "[64, 32]", "float32", "bfloat16", "3 tensors, 2,160 elements");
    }

    @Test
    void threadsAndFormatsNeverChangeValues() throws IOException {
        // .npz has no bfloat16: the spec without emb's own dtype, all float32
        Path spec = Files.writeString(dir.resolve("model.json"), SPEC.replace(", \"dtype\": \"bfloat16\"", ""));
        Path one = dir.resolve("one.npz");
        Path many = dir.resolve("many.npz");
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", one.toString(), "--threads", "1",
                "--dtype", "float32").status()).isZero();
        assertThat(CliRun.of("generate", "--spec", spec.toString(), "--out", many.toString(), "--threads", "7",
                "--dtype", "float32").status()).isZero();
        assertThat(Files.readAllBytes(many)).isEqualTo(Files.readAllBytes(one));
    }

    @Test
    void layersWithTheNumpyLegacyStreamReproduceSeed000() throws IOException {
        Path out = dir.resolve("mlp.npz");
        CliRun run = CliRun.of("generate", "--layers", "20,7,3", "--activation", "tanh", "--rng", "numpy-legacy",
                "--seed", "42", "--dtype", "float64", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        double[] w = new double[20 * 7];
        TensorFiles.read(out, "layers.0.weight", 0, w, 0, w.length);
        assertThat(w).containsExactly(WeightInits.numpyLegacy().smartInit(new int[] {20, 7, 3}, "tanh", 42)
                .layer(0).weights());
    }

    @Test
    void unseededRunsPrintTheSeed() {
        Path out = dir.resolve("w.safetensors");
        CliRun run = CliRun.of("generate", "--layers", "4,3", "--out", out.toString());
        assertThat(run.status()).isZero();
        assertThat(run.err()).matches("jinit: seed \\d+ \\(repeat with --seed \\d+\\)\\R");
    }

    @Test
    void badInputWritesNothing() throws IOException {
        Path spec = Files.writeString(dir.resolve("model.json"), SPEC);
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"parameters\": [{\"name\": \"w\", \"shape\": [-1]}]}");
        Path deep = Files.writeString(dir.resolve("deep.json"), "{\"parameters\": " + "[".repeat(1000)
                + "]".repeat(1000) + "}");
        Path hostile = Files.writeString(dir.resolve("hostile.json"), "{\"parameters\": [{\"name\": \"w\", "
                + "\"shape\": [2], \"initializer\": {\"class_name\": \"java.lang.Runtime\"}}]}");
        Path out = dir.resolve("x.safetensors");
        CliRun.of("generate", "--spec", bad.toString(), "--out", out.toString()).badInput();
        CliRun.of("generate", "--spec", deep.toString(), "--out", out.toString()).badInput();
        CliRun.of("generate", "--spec", hostile.toString(), "--out", out.toString()).badInput();
        CliRun.of("generate", "--spec", dir.resolve("missing.json").toString(), "--out", out.toString()).badInput();
        CliRun.of("generate", "--spec", spec.toString(), "--out", dir.resolve("x.npy").toString()).badInput();
        CliRun.of("generate", "--spec", spec.toString(), "--out", dir.resolve("x.bin").toString()).badInput();
        CliRun.of("generate", "--spec", spec.toString(), "--out", "/no/such/dir/x.npz").badInput();
        CliRun.of("generate", "--spec", spec.toString(), "--out", out.toString(), "--dtype", "int8").badInput();
        CliRun.of("generate", "--layers", "4,0,3", "--out", out.toString()).badInput();
        CliRun.of("generate", "--layers", "4,3", "--rng", "mt", "--out", out.toString()).badInput();
        CliRun.of("generate", "--layers", "4,3", "--method", "best", "--out", out.toString()).badInput();
        CliRun.of("generate", "--layers", "4,3", "--rng", "numpy-legacy", "--seed", "-1", "--out", out.toString())
                .badInput();
        CliRun.of("generate", "--layers", "4,3", "--spec", spec.toString(), "--out", out.toString()).badInput();
        CliRun.of("generate", "--layers", "4,3").badInput();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("model.json", "bad.json", "deep.json", "hostile.json");
        }
    }

    @Test
    void inspectsFilesOfOtherProducersAndRejectsGarbage() throws IOException {
        Path garbage = Files.write(dir.resolve("g.safetensors"), new byte[] {(byte) 0xff, 0x7f, 1, 2, 3, 4, 5, 6, 7});
        CliRun.of("inspect", garbage.toString()).badInput();
        CliRun.of("inspect", dir.resolve("none.npy").toString()).badInput();
        Path npy = dir.resolve("one.npy");
        assertThat(CliRun.of("generate", "--spec", Files.writeString(dir.resolve("s.json"),
                "{\"seed\": 1, \"parameters\": [{\"name\": \"w\", \"shape\": [100, 10], \"initializer\": \"ones\"}]}")
                .toString(), "--out", npy.toString()).status()).isZero();
        CliRun run = CliRun.of("inspect", npy.toString());
        assertThat(run.out()).contains("[100, 10]", "1.00000");
    }
}
