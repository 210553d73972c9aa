package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializer;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.compat.InitMethod;
import io.jinit.formats.DType;
import io.jinit.HalfFloats;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import io.jinit.init.DistributionKind;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jinit generate --layers ... --layout torch|keras}: torch writes the state dict of
 * {@code nn.Sequential(nn.Linear, act, nn.Linear, ...)}, keras the seed-000 arrays, the default.
 * The torch file loading strictly into PyTorch is {@code TorchLayoutInteropTest} (formats).
 */
class GenerateLayoutTest {
    private static final long SEED = 5;

    @TempDir
    Path dir;

    private Path generate(String name, String... options) {
        Path out = dir.resolve(name);
        String[] args = new String[options.length + 5];
        args[0] = "generate";
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--seed";
        args[options.length + 2] = Long.toString(SEED);
        args[options.length + 3] = "--out";
        args[options.length + 4] = out.toString();
        CliRun run = CliRun.of(args);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return out;
    }

    @Test
    void torchLayoutHasSequentialsNamesTorchShapesAndSaysSo() throws IOException {
        Path out = generate("mlp.safetensors", "--layers", "784,128,10", "--layout", "torch");
        List<TensorInfo> infos = TensorFiles.open(out);
        assertThat(infos).extracting(TensorInfo::name).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(infos).extracting(TensorInfo::shape)
                .containsExactly(Shape.of(128, 784), Shape.of(128), Shape.of(10, 128), Shape.of(10));
        assertThat(infos).extracting(TensorInfo::dtype).containsOnly(DType.FLOAT32);
        Map<String, String> meta = TensorFiles.metadata(out);
        assertThat(meta.keySet()).containsExactly("format", "jinit.version", "jinit.seed", "jinit.rng",
                "jinit.method", "jinit.layers", "jinit.layout", "jinit.init.0.weight", "jinit.init.0.bias",
                "jinit.init.2.weight", "jinit.init.2.bias");
        assertThat(meta).containsEntry("format", "pt").containsEntry("jinit.seed", "5")
                .containsEntry("jinit.rng", "philox").containsEntry("jinit.method", "he")
                .containsEntry("jinit.layers", "784,128,10").containsEntry("jinit.layout", "torch");
        assertThat(meta.get("jinit.init.0.weight")).contains("\"fan_convention\":\"torch\"");
    }

    @Test
    void torchValuesAreADirectFillOfTheMethodsInitializerUnderEachNamesKey() throws IOException {
        Path out = generate("mlp.safetensors", "--layers", "64,48,10", "--layout", "torch", "--method", "lecun",
                "--dtype", "bfloat16");
        RandomKey root = RandomKey.of(SEED);
        int[] dims = {64, 48, 10};
        for (int layer = 0; layer < 2; layer++) {
            String weight = 2 * layer + ".weight";
            RandomKey key = root.derive(weight);
            Shape shape = Shape.of(dims[layer + 1], dims[layer]);
            Initializer lecun = KerasCatalogue.varianceScaling(InitMethod.LECUN.varianceScale(),
                    InitMethod.LECUN.mode(), DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, key.asLong());
            double[] expected = lecun.sampleDouble(shape, key);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = HalfFloats.bfloat16BitsToFloat(HalfFloats.toBfloat16Bits(expected[i]));
            }
            assertThat(read(out, weight)).as(weight).containsExactly(expected);
            assertThat(read(out, 2 * layer + ".bias")).containsOnly(0.0);
        }
    }

    @Test
    void threadsNeverChangeTheTorchLayoutsBytes() throws IOException {
        // 784 x 128 elements: past ParallelFill.MIN_PARALLEL_ELEMENTS, so three threads do split the fill
        Path one = generate("one.safetensors", "--layers", "784,128,10", "--layout", "torch", "--threads", "1");
        Path three = generate("three.safetensors", "--layers", "784,128,10", "--layout", "torch", "--threads", "3");
        assertThat(Files.readAllBytes(three)).isEqualTo(Files.readAllBytes(one));
    }

    @Test
    void kerasIsTheDefaultLayout() throws IOException {
        Path implicit = generate("implicit.safetensors", "--layers", "20,30,10");
        Path explicit = generate("explicit.safetensors", "--layers", "20,30,10", "--layout", "keras");
        assertThat(Files.readAllBytes(explicit)).isEqualTo(Files.readAllBytes(implicit));
        assertThat(TensorFiles.open(implicit)).extracting(TensorInfo::shape)
                .containsExactly(Shape.of(20, 30), Shape.of(1, 30), Shape.of(30, 10), Shape.of(1, 10));
        assertThat(TensorFiles.metadata(implicit)).containsEntry("jinit.layout", "keras");
        assertThat(CliRun.of("generate", "--help").out()).contains("--layout=keras|torch");
    }

    @Test
    void torchLayoutRefusesNumpyLegacyAndUnknownLayoutsInOneLine() {
        Path out = dir.resolve("x.safetensors");
        assertThat(CliRun.of("generate", "--layers", "4,3", "--layout", "torch", "--rng", "numpy-legacy", "--seed", "1",
                "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --layout torch cannot be used with --rng numpy-legacy, whose one stream gives the "
                        + "seed-000 (fan_in, fan_out) arrays: use --layout keras or --rng philox"
                        + System.lineSeparator());
        assertThat(CliRun.of("generate", "--layers", "4,3", "--layout", "jax", "--out", out.toString()).badInput()
                .err()).contains("--layout must be keras or torch: jax");
        assertThat(out).doesNotExist();
    }

    private static double[] read(Path file, String name) throws IOException {
        TensorInfo info = TensorFiles.open(file).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        double[] values = new double[(int) info.shape().size()];
        TensorFiles.read(file, name, 0, values, 0, values.length);
        return values;
    }
}
