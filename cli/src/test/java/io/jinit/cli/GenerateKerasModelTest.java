package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.DType;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jinit generate --keras-model}: the file it writes, and bad input in one line naming the option. */
class GenerateKerasModelTest {
    private static final String MODEL = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": "
            + "{\"name\": \"sequential\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 10, 8], \"name\": \"input_layer\"}},"
            + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 4}, "
            + "\"build_config\": {\"input_shape\": [null, 10, 8]}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3}, "
            + "\"build_config\": {\"input_shape\": [null, 4]}}]}}";

    @TempDir
    Path dir;

    @Test
    void writesTheVariablesByPath() throws IOException {
        Path model = Files.writeString(dir.resolve("model.json"), MODEL);
        Path out = dir.resolve("model.safetensors");
        CliRun run = CliRun.of("generate", "--keras-model", model.toString(), "--out", out.toString(), "--seed", "5",
                "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(TensorFiles.open(out)).extracting(TensorInfo::name).containsExactly("lstm/lstm_cell/kernel",
                "lstm/lstm_cell/recurrent_kernel", "lstm/lstm_cell/bias", "dense/kernel", "dense/bias");
        assertThat(TensorFiles.open(out).get(0).shape().toString()).isEqualTo("[8, 16]");
        Map<String, String> meta = TensorFiles.metadata(out);
        assertThat(meta).containsEntry("jinit.seed", "5").containsEntry("jinit.layout", "keras")
                .containsEntry("jinit.keras.model", "sequential").containsEntry("jinit.keras.class_name", "Sequential")
                .containsEntry("jinit.keras.version", "3.15.1");
        assertThat(meta.get("jinit.init.lstm/lstm_cell/bias")).contains("\"class_name\":\"UnitForgetBias\"");
        double[] bias = new double[16];
        TensorFiles.read(out, "lstm/lstm_cell/bias", 0, bias, 0, 16);
        assertThat(bias).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0);

        Path again = dir.resolve("again.safetensors");
        assertThat(CliRun.of("generate", "--keras-model", model.toString(), "--out", again.toString(), "--seed", "5")
                .status()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));

        Path half = dir.resolve("half.npz");
        assertThat(CliRun.of("generate", "--keras-model", model.toString(), "--out", half.toString(), "--seed", "5",
                "--dtype", "float16").status()).isZero();
        assertThat(TensorFiles.open(half)).hasSize(5).allSatisfy(t -> assertThat(t.dtype()).isEqualTo(DType.FLOAT16));
    }

    @Test
    void badInputIsOneLineNamingTheOption() throws IOException {
        Path out = dir.resolve("out.safetensors");
        Path prelu = Files.writeString(dir.resolve("prelu.json"), MODEL.replace("\"Dense\"", "\"PReLU\""));
        assertThat(CliRun.of("generate", "--keras-model", prelu.toString(), "--out", out.toString()).badInput().err())
                .startsWith("jinit: --keras-model " + prelu + ": layer dense (PReLU): layer class PReLU is not supported");
        // Without an Input, Keras does not build the model, and a layer without a build_config has no weights.
        Path unbuilt = Files.writeString(dir.resolve("unbuilt.json"), MODEL.replace(
                ", \"build_config\": {\"input_shape\": [null, 4]}", "").replace("{\"class_name\": \"InputLayer\", "
                + "\"config\": {\"batch_shape\": [null, 10, 8], \"name\": \"input_layer\"}},", ""));
        assertThat(CliRun.of("generate", "--keras-model", unbuilt.toString(), "--out", out.toString()).badInput().err())
                .startsWith("jinit: --keras-model " + unbuilt + ": layer dense (Dense): has no build_config");
        Path unknown = Files.writeString(dir.resolve("unknown.json"), MODEL.replace("[null, 4]", "[null, null]"));
        assertThat(CliRun.of("generate", "--keras-model", unknown.toString(), "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --keras-model " + unknown + ": layer dense (Dense): dimension -1 of input_shape "
                        + "[null,null] must be known to build its weights: null\n");
        Path units = Files.writeString(dir.resolve("units.json"), MODEL.replace("\"units\": 3", "\"units\": -3"));
        assertThat(CliRun.of("generate", "--keras-model", units.toString(), "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --keras-model " + units + ": layer dense (Dense): units must be a positive integer: "
                        + "-3\n");
        Path text = Files.writeString(dir.resolve("text.json"), "not json");
        assertThat(CliRun.of("generate", "--keras-model", text.toString(), "--out", out.toString()).badInput().err())
                .startsWith("jinit: --keras-model " + text + ": model JSON is not valid JSON");
        Path absent = dir.resolve("absent.json");
        assertThat(CliRun.of("generate", "--keras-model", absent.toString(), "--out", out.toString()).badInput().err())
                .isEqualTo("jinit: --keras-model: model file does not exist: " + absent + "\n");
        Path model = Files.writeString(dir.resolve("model.json"), MODEL);
        assertThat(CliRun.of("generate", "--keras-model", model.toString(), "--out", out.toString(), "--dtype",
                "int8").badInput().err()).startsWith("jinit: --dtype must be one of");
        assertThat(CliRun.of("generate", "--keras-model", model.toString(), "--out", out.toString(),
                "--max-shard-size", "5GB").badInput().err()).isEqualTo("jinit: --max-shard-size needs --hf-config: 5GB\n");
        CliRun.of("generate", "--keras-model", model.toString(), "--spec", model.toString(), "--out", out.toString())
                .badInput();
        CliRun.of("generate", "--keras-model", model.toString(), "--layers", "4,3", "--out", out.toString())
                .badInput();
        Path same = dir.resolve("same.safetensors");
        Files.writeString(same, MODEL);
        assertThat(CliRun.of("generate", "--keras-model", same.toString(), "--out", same.toString()).badInput().err())
                .startsWith("jinit: --out is the --keras-model file");
        assertThat(out).doesNotExist();
        assertThat(List.of(Files.readString(same))).containsExactly(MODEL);
    }
}
