package io.jinit.models.keras;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.ParallelFill;
import io.jinit.formats.Json;
import io.jinit.formats.TensorFiles;
import io.jinit.testing.Python;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jinit's variables for a Keras model loaded into Keras 3.15: Keras builds a Sequential and a
 * Functional model that together hold every supported layer (Conv1D/2D/3D, DepthwiseConv2D,
 * SeparableConv2D, BatchNormalization, SimpleRNN, LSTM, GRU with both bias layouts,
 * LayerNormalization over one and two axes, EinsumDense, Dense shared by two calls, Embedding,
 * MultiHeadAttention with a gate) under several initializers, and writes their
 * {@code to_json()}, and the Sequential one's without its layers' names (Keras names them) and
 * without their {@code build_config} (Keras builds them from the input's shape, under the model's
 * name); jinit writes the variables of that JSON; Keras then builds
 * {@code model_from_json} of it, sets every weight from jinit's file by {@code variable.path}
 * and compares it with its own initialization of the same JSON (script
 * src/test/resources/io/jinit/models/keras/keras_interop_check.py).
 *
 * <p>What is checked: {@code model.weights}' paths and the file's names are the same set, one to
 * one, with equal shapes and dtypes; a weight whose values Keras fixes (two Keras models give it
 * the same values: zeros, ones, constants, the LSTM's forget-gate ones) is equal to jinit's
 * element for element; a random weight's mean and standard deviation agree with Keras's within
 * 6 standard errors (σ·√(2/n) for the difference of two sample means of n draws, σ/√n for the
 * difference of two sample standard deviations, which bounds it for the normal, σ/√(2n) each, and
 * is loose for the uniform, about 0.45·σ/√n each; σ is Keras's sample standard deviation), a
 * false alarm with probability about 2·10<sup>-9</sup> per comparison; a weight Keras makes
 * orthogonal (recurrent kernels, an {@code Orthogonal} kernel) has orthonormal rows or columns in
 * jinit's file, to 10<sup>-5</sup>. A wrong fan is caught: the multi-head attention kernels'
 * Glorot limit with Keras's einsum axes (fans 16 and 16) is 2.2 times the one their shape alone
 * gives (fans 32 and 128), far beyond 6 standard errors of their 256 elements.
 *
 * <p>Runs {@code $JINIT_PYTHON} (see {@code scripts/python-env.sh}) with {@code KERAS_BACKEND=torch};
 * skipped without keras, torch and safetensors, except under CI ({@code CI=true}) where that fails.
 */
class KerasInteropTest {
    @TempDir
    static Path dir;

    private static Path script;

    /** Keras writes the two models' JSON once for both tests. */
    @BeforeAll
    static void writeModels() throws IOException, InterruptedException, URISyntaxException {
        Python.require(dir, "numpy", "safetensors", "torch");
        Python.Result keras = Python.run(dir, "-c",
                "import os; os.environ['KERAS_BACKEND'] = 'torch'; import keras; print(keras.__version__)");
        if (keras.exitCode() != 0) {
            String why = Python.EXECUTABLE + " cannot import keras: build an environment with scripts/python-env.sh";
            if (Python.REQUIRED) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        script = Path.of(KerasInteropTest.class.getResource("keras_interop_check.py").toURI());
        Python.Result models = Python.run(dir, script.toString(), "models", dir.toString());
        assertThat(models.exitCode()).as("keras_interop_check.py models failed: %s", models.stderr()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> check(String json, int weights) throws IOException, InterruptedException {
        Path model = dir.resolve(json);
        Path out = dir.resolve(json.replace(".json", ".safetensors"));
        KerasModel keras = KerasModel.read(model);
        TensorFiles.write(out, KerasRecipe.spec(keras, 20261207, false, Optional.empty())
                .tensors(ParallelFill.common()));
        Python.Result r = Python.run(dir, script.toString(), "check", model.toString(), out.toString());
        assertThat(r.exitCode()).as("keras_interop_check.py check failed: %s", r.stderr()).isZero();
        Map<String, Object> report = (Map<String, Object>) Json.parse("keras_interop_check.py output", r.stdout());
        assertThat(report.get("keras")).isEqualTo(KerasRecipe.KERAS_VERSION);
        assertThat((List<?>) report.get("errors")).as("errors").isEmpty();
        assertThat(report.get("weights")).isEqualTo(weights);
        assertThat((Map<?, ?>) report.get("checked")).hasSize(weights);
        return report;
    }

    @Test
    void sequentialModelLoadsByPathWithKerasShapesAndStatistics() throws Exception {
        Map<String, Object> report = check("sequential.json", 27);
        Map<?, ?> checked = (Map<?, ?>) report.get("checked");
        assertThat(checked.get("lstm/lstm_cell/bias")).isEqualTo("exact");
        assertThat(checked.get("lstm/lstm_cell/recurrent_kernel")).isEqualTo("orthogonal");
        assertThat(checked.get("batch_normalization/moving_variance")).isEqualTo("exact");
        assertThat(checked.get("einsum_dense/kernel")).isEqualTo("statistics");
        assertThat(checked.get("conv2d/bias")).isEqualTo("exact");
    }

    @Test
    @SuppressWarnings("unchecked")
    void layersWithoutNamesGetTheNamesKerasGivesThem() throws Exception {
        Map<String, Object> report = check("nameless.json", 27);
        assertThat((List<Object>) report.get("layers")).startsWith("conv2d", "depthwise_conv2d", "separable_conv2d",
                "batch_normalization");
        assertThat((Map<String, Object>) report.get("checked")).containsKeys("lstm/lstm_cell/bias", "dense/kernel");
    }

    @Test
    @SuppressWarnings("unchecked")
    void layersWithoutBuildConfigAreBuiltFromTheShapesBeforeThemUnderTheModelsName() throws Exception {
        Map<String, Object> report = check("unbuilt.json", 27);
        assertThat((Map<String, Object>) report.get("checked")).containsKeys("seq/conv2d/kernel",
                "seq/lstm/lstm_cell/bias", "seq/einsum_dense/kernel", "seq/dense/kernel");
    }

    @Test
    void functionalModelLoadsByPathWithKerasShapesAndStatistics() throws Exception {
        Map<String, Object> report = check("functional.json", 22);
        Map<?, ?> checked = (Map<?, ?>) report.get("checked");
        assertThat(checked.get("multi_head_attention/gate/kernel")).isEqualTo("statistics");
        assertThat(checked.get("shared/kernel")).isEqualTo("orthogonal");
        assertThat(checked.get("conv3d/kernel")).isEqualTo("statistics");
        assertThat(checked.get("embedding/embeddings")).isEqualTo("statistics");
    }
}
