package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.formats.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor's recorded {@code jinit.init.NAME} reproduces it alone through {@code jinit sample
 * --config}, also for the initializers the model recipes add to the catalogues (a padding row,
 * Keras's unit forget bias), and the run's seed reaches an initializer nested in one.
 */
class RecordedInitializerReplayTest {
    @TempDir
    Path dir;

    @Test
    void aPaddingRowEmbeddingReplaysFromItsRecordedConfig() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertModel\"], "
                + "\"model_type\": \"bert\", \"vocab_size\": 50, \"hidden_size\": 8, \"num_hidden_layers\": 1, "
                + "\"num_attention_heads\": 2, \"intermediate_size\": 16, \"max_position_embeddings\": 16, "
                + "\"type_vocab_size\": 2, \"pad_token_id\": 3}");
        Path out = dir.resolve("bert");
        CliRun generated = CliRun.of("generate", "--hf-config", config.toString(), "--out", out.toString(),
                "--seed", "11");
        assertThat(generated.status()).as(generated.err()).isZero();

        double[] replayed = replay(out.resolve("model.safetensors"), "embeddings.word_embeddings.weight", "50,8");

        double[] written = new double[400];
        TensorFiles.read(out.resolve("model.safetensors"), "embeddings.word_embeddings.weight", 0, written, 0, 400);
        assertThat(replayed).containsExactly(written);
        for (int j = 0; j < 8; j++) {
            assertThat(written[3 * 8 + j]).as("padding row").isZero();
        }
    }

    @Test
    void anLstmBiasReplaysFromItsRecordedConfig() throws IOException {
        Path model = Files.writeString(dir.resolve("model.json"), "{\"module\": \"keras\", \"class_name\": "
                + "\"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": [{\"class_name\": \"InputLayer\", "
                + "\"config\": {\"batch_shape\": [null, 5, 3], \"name\": \"input_layer\"}}, {\"class_name\": \"LSTM\", "
                + "\"config\": {\"name\": \"lstm\", \"units\": 4, \"bias_initializer\": {\"class_name\": "
                + "\"RandomNormal\", \"config\": {\"stddev\": 0.5}}}, \"build_config\": {\"input_shape\": "
                + "[null, 5, 3]}}]}}");
        Path out = dir.resolve("lstm.safetensors");
        CliRun generated = CliRun.of("generate", "--keras-model", model.toString(), "--out", out.toString(),
                "--seed", "11");
        assertThat(generated.status()).as(generated.err()).isZero();

        double[] replayed = replay(out, "lstm/lstm_cell/bias", "16");

        double[] written = new double[16];
        TensorFiles.read(out, "lstm/lstm_cell/bias", 0, written, 0, 16);
        assertThat(replayed).containsExactly(written);
        assertThat(written).containsSequence(1.0, 1.0, 1.0, 1.0);
        assertThat(written[0]).isNotZero();
    }

    @Test
    void theRunSeedReachesTheInitializerInsideAnLstmBias() throws IOException {
        String unseeded = "{\"class_name\": \"UnitForgetBias\", \"config\": {\"units\": 2, \"bias_initializer\": "
                + "{\"class_name\": \"RandomNormal\", \"config\": {}}}}";
        String seeded = unseeded.replace("\"config\": {}", "\"config\": {\"seed\": 9}");
        CliRun first = CliRun.of("sample", "--config", unseeded, "--shape", "8", "--seed", "9");
        CliRun second = CliRun.of("sample", "--config", unseeded, "--shape", "8", "--seed", "9");
        CliRun inner = CliRun.of("sample", "--config", seeded, "--shape", "8");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(inner.out()).isEqualTo(first.out());

        CliRun disagreeing = CliRun.of("sample", "--config", seeded, "--shape", "8", "--seed", "10");
        assertThat(disagreeing.status()).isEqualTo(Main.BAD_INPUT);
        assertThat(disagreeing.err()).contains("seed").contains("10").contains("9");
    }

    /** {@code jinit sample --config} of the tensor's recorded config, written to a file and read back. */
    private double[] replay(Path file, String name, String shape) throws IOException {
        String recorded = TensorFiles.metadata(file).get("jinit.init." + name);
        assertThat(recorded).as("recorded config of " + name).isNotNull();
        Path sampled = dir.resolve(name.replace('/', '_') + ".npy");
        CliRun run = CliRun.of("sample", "--config", recorded, "--shape", shape, "--out", sampled.toString());
        assertThat(run.status()).as(run.err()).isZero();
        int n = (int) TensorFiles.open(sampled).get(0).shape().size();
        double[] values = new double[n];
        TensorFiles.read(sampled, TensorFiles.open(sampled).get(0).name(), 0, values, 0, n);
        return values;
    }
}
