package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.compat.LayerWeights;
import io.jinit.compat.WeightInits;
import io.jinit.formats.DType;
import io.jinit.HalfFloats;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same bytes: {@code jinit generate} run in separate JVMs (whose
 * {@code Map.of} iteration orders differ) and on 1 or 3 threads writes identical files, and the
 * metadata it records reproduces every tensor bit for bit.
 */
class GenerateReproducibilityTest {
    /**
     * Every dtype, rules, a Keras dict with its own seed, a torch name with a config, a
     * non-element-wise initializer, and a constant (2e23) that JDK 17's Double.toString writes
     * with other digits than JDK 19+'s.
     */
    private static final String SPEC = """
            {"seed": 2024, "parameters": [
              {"name": "enc.weight", "shape": [64, 48], "initializer": "he_normal"},
              {"name": "enc.bias", "shape": [48]},
              {"name": "emb", "shape": [100, 8], "initializer": "normal_", "config": {"std": 0.02}, "dtype": "bfloat16"},
              {"name": "head", "shape": [48, 10],
               "initializer": {"class_name": "GlorotUniform", "config": {"seed": 7}}, "dtype": "float64"},
              {"name": "rot", "shape": [16, 16], "initializer": "orthogonal", "dtype": "float16"},
              {"name": "big", "shape": [3], "initializer": "constant", "config": {"value": 2e23}},
              {"name": "cut", "shape": [300, 7], "initializer": "trunc_normal_", "config": {"a": -1, "b": 1}}
             ],
             "rules": [{"pattern": "*.bias", "initializer": "zeros"}]}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("spec", "safetensors", List.of()),
                // NumPy has no bfloat16: the spec without its parameters' own dtypes, as float64
                Arguments.of("spec without dtypes", "npz", List.of("--dtype", "float64")),
                Arguments.of("layers", "safetensors", List.of("--layers", "512,512,10", "--seed", "1")),
                Arguments.of("layers", "npz", List.of("--layers", "300,200,10", "--method", "random", "--seed", "1")),
                Arguments.of("layers", "safetensors", List.of("--layers", "512,300,10", "--layout", "torch",
                        "--method", "xavier", "--seed", "1", "--dtype", "bfloat16")),
                Arguments.of("layers", "safetensors", List.of("--layers", "300,200,10", "--rng", "numpy-legacy",
                        "--activation", "tanh", "--seed", "42", "--dtype", "bfloat16")));
    }

    @ParameterizedTest(name = "{0} {2} .{1}")
    @MethodSource("runs")
    void separateJvmsAndThreadCountsWriteTheSameBytes(String kind, String extension, List<String> options)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("generate"));
        if (kind.startsWith("spec")) {
            String spec = kind.equals("spec") ? SPEC : SPEC.replaceAll(", \"dtype\": \"[a-z0-9]+\"", "");
            args.addAll(List.of("--spec", Files.writeString(dir.resolve("model.json"), spec).toString()));
        }
        args.addAll(options);
        Path one = dir.resolve("one." + extension);
        Path three = dir.resolve("three." + extension);
        Path inProcess = dir.resolve("here." + extension);
        childJvm(List.of(), args, "--threads", "1", "--out", one.toString());
        childJvm(List.of(), args, "--threads", "3", "--out", three.toString());
        List<String> here = new ArrayList<>(args);
        here.addAll(List.of("--out", inProcess.toString()));
        CliRun run = CliRun.of(here.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isZero();
        byte[] expected = Files.readAllBytes(one);
        assertThat(Files.readAllBytes(three)).isEqualTo(expected);
        assertThat(Files.readAllBytes(inProcess)).isEqualTo(expected);
        if (extension.equals("npz")) {
            // Runs a second apart could share a clock time; the members' time must be fixed.
            try (ZipFile zip = new ZipFile(one.toFile())) {
                assertThat(zip.stream()).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.getTimeLocal()).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0));
                    assertThat(e.getExtra()).isNull();
                });
            }
        }
    }

    @Test
    void specMetadataReproducesEveryTensorBitForBit() throws IOException {
        Path spec = Files.writeString(dir.resolve("model.json"), SPEC);
        Path out = dir.resolve("model.safetensors");
        CliRun run = CliRun.of("generate", "--spec", spec.toString(), "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, String> meta = TensorFiles.metadata(out);
        assertThat(meta.keySet()).containsExactly("format", "jinit.version", "jinit.seed", "jinit.init.enc.weight",
                "jinit.init.enc.bias", "jinit.init.emb", "jinit.init.head", "jinit.init.rot", "jinit.init.big",
                "jinit.init.cut");
        assertThat(meta.get("jinit.init.big")).contains("\"value\":2.0E23");
        assertEveryTensorReproduced(out, meta);
        // The seed a random initializer records is the one its values came from: the Keras dict's
        // own, or the model seed's key for the parameter's name, never a drawn one.
        assertThat(recorded(meta, "head").config()).containsEntry("seed", 7L);
        assertThat(recorded(meta, "enc.weight").key()).isEqualTo(io.jinit.random.RandomKey.of(2024).derive("enc.weight"));
    }

    @Test
    void layersMetadataReproducesEveryTensorBitForBit() throws IOException {
        Path philox = dir.resolve("philox.safetensors");
        CliRun run = CliRun.of("generate", "--layers", "64,32,10", "--method", "random", "--seed", "5",
                "--dtype", "float16", "--out", philox.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Map<String, String> meta = TensorFiles.metadata(philox);
        assertThat(meta.keySet()).containsExactly("format", "jinit.version", "jinit.seed", "jinit.rng", "jinit.method",
                "jinit.layers", "jinit.layout", "jinit.scale", "jinit.init.layers.0.weight", "jinit.init.layers.0.bias",
                "jinit.init.layers.1.weight", "jinit.init.layers.1.bias");
        assertThat(meta).containsEntry("jinit.seed", "5").containsEntry("jinit.rng", "philox")
                .containsEntry("jinit.method", "random").containsEntry("jinit.layers", "64,32,10")
                .containsEntry("jinit.scale", "0.01");
        assertEveryTensorReproduced(philox, meta);

        // NUMPY_LEGACY: one stream through all layers; the WeightInits call the metadata names gives them.
        Path numpy = dir.resolve("numpy.safetensors");
        run = CliRun.of("generate", "--layers", "64,32,10", "--rng", "numpy-legacy", "--activation", "selu",
                "--seed", "9", "--dtype", "float64", "--out", numpy.toString());
        assertThat(run.status()).as(run.err()).isZero();
        meta = TensorFiles.metadata(numpy);
        assertThat(meta).containsEntry("jinit.rng", "numpy-legacy").containsEntry("jinit.method", "lecun")
                .containsEntry("jinit.layers", "64,32,10").containsEntry("jinit.seed", "9")
                .doesNotContainKey("jinit.init.layers.0.weight");
        int[] dims = Arrays.stream(meta.get("jinit.layers").split(",")).mapToInt(Integer::parseInt).toArray();
        LayerWeights expected = WeightInits.numpyLegacy().seluInit(dims, Long.parseLong(meta.get("jinit.seed")));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(read(numpy, "layers." + i + ".weight")).containsExactly(expected.layer(i).weights());
            assertThat(read(numpy, "layers." + i + ".bias")).containsExactly(expected.layer(i).biases());
        }
    }

    @Test
    void jinitSampleReproducesARecordedFloat32Tensor() throws IOException {
        Path out = dir.resolve("m.safetensors");
        assertThat(CliRun.of("generate", "--layers", "30,20", "--seed", "3", "--out", out.toString()).status())
                .isZero();
        String config = TensorFiles.metadata(out).get("jinit.init.layers.0.weight");
        Path sampled = dir.resolve("w.npy");
        CliRun run = CliRun.of("sample", "--config", config, "--shape", "30,20", "--out", sampled.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(read(sampled, TensorFiles.open(sampled).get(0).name())).containsExactly(read(out, "layers.0.weight"));
    }

    /** Each tensor equals its recorded initializer's values under the recorded seed, rounded to its dtype. */
    private static void assertEveryTensorReproduced(Path file, Map<String, String> meta) throws IOException {
        for (TensorInfo t : TensorFiles.open(file)) {
            Initializer init = recorded(meta, t.name());
            double[] actual = read(file, t.name());
            double[] expected = new double[actual.length];
            if (t.dtype() == DType.FLOAT32) {
                float[] f = init.sample(t.shape());
                for (int i = 0; i < f.length; i++) {
                    expected[i] = f[i];
                }
            } else {
                double[] d = init.sampleDouble(t.shape());
                for (int i = 0; i < d.length; i++) {
                    expected[i] = rounded(d[i], t.dtype());
                }
            }
            assertThat(actual).as(t.name()).containsExactly(expected);
        }
    }

    private static double rounded(double x, DType dtype) {
        switch (dtype) {
            case FLOAT64:
                return x;
            case FLOAT16:
                return HalfFloats.float16BitsToFloat(HalfFloats.toFloat16Bits(x));
            case BFLOAT16:
                return HalfFloats.bfloat16BitsToFloat(HalfFloats.toBfloat16Bits(x));
            default:
                throw new AssertionError(dtype);
        }
    }

    private static NamedInitializer recorded(Map<String, String> meta, String name) throws IOException {
        String json = meta.get("jinit.init." + name);
        assertThat(json).as("jinit.init.%s", name).isNotNull();
        Map<String, Object> dict = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        return Initializers.deserialize(dict);
    }

    private static double[] read(Path file, String name) throws IOException {
        TensorInfo info = TensorFiles.open(file).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        double[] values = new double[(int) info.shape().size()];
        TensorFiles.read(file, name, 0, values, 0, values.length);
        return values;
    }

    /** Runs {@code jinit} in a new JVM and checks it succeeded. */
    static void childJvm(List<String> jvmOptions, List<String> args, String... more) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", JinitProcess.classPath(), Main.class.getName()));
        command.addAll(args);
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished: %s", command).isTrue();
        assertThat(p.exitValue()).as("exit status of %s: %s", command, output).isZero();
    }
}
