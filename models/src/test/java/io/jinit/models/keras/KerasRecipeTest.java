package io.jinit.models.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.random.RandomKey;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The variables of Keras models' JSON: paths, shapes, dtypes, initializers and keys, and the
 * errors. {@code sequential.json} and {@code functional.json} are the {@code to_json()} of the
 * models of KerasInteropTest, written by {@code keras_interop_check.py models DIR} under Keras
 * 3.15.1; the expected paths and shapes are that Keras's {@code model_from_json(...).weights}.
 */
class KerasRecipeTest {
    private static ModelSpec spec(String json) {
        return KerasRecipe.spec(KerasModel.parse(json), 42, false, Optional.empty());
    }

    private static ModelSpec resource(String name) throws URISyntaxException {
        Path file = Path.of(KerasRecipeTest.class.getResource(name).toURI());
        return KerasRecipe.spec(KerasModel.read(file), 42, false, Optional.empty());
    }

    private static List<String> layout(ModelSpec spec) {
        return spec.parameters().stream().map(p -> p.name() + " " + p.shape()).collect(Collectors.toList());
    }

    private static String sequential(String... layers) {
        return "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + String.join(", ", layers) + "]}}";
    }

    private static String layer(String className, String config, String inputShape) {
        return "{\"class_name\": \"" + className + "\", \"config\": {" + config + "}"
                + (inputShape == null ? "" : ", \"build_config\": {\"input_shape\": " + inputShape + "}") + "}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> recorded(ModelSpec spec, String name) {
        ModelSpec.Parameter p = spec.parameters().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
        return (Map<String, Object>) Initializers.serialize(p.computed().orElseThrow().initializer()).get("config");
    }

    @Test
    void sequentialJsonGivesKerasPathsAndShapes() throws Exception {
        ModelSpec spec = resource("sequential.json");
        assertThat(layout(spec)).containsExactly(
                "conv2d/kernel [3, 3, 3, 8]", "conv2d/bias [8]",
                "depthwise_conv2d/kernel [3, 3, 8, 2]", "depthwise_conv2d/bias [16]",
                "separable_conv2d/depthwise_kernel [3, 3, 16, 2]", "separable_conv2d/pointwise_kernel [1, 1, 32, 6]",
                "separable_conv2d/bias [6]",
                "batch_normalization/gamma [6]", "batch_normalization/beta [6]",
                "batch_normalization/moving_mean [6]", "batch_normalization/moving_variance [6]",
                "conv1d/kernel [2, 6, 16]",
                "simple_rnn/simple_rnn_cell/kernel [16, 12]", "simple_rnn/simple_rnn_cell/recurrent_kernel [12, 12]",
                "simple_rnn/simple_rnn_cell/bias [12]",
                "lstm/lstm_cell/kernel [12, 40]", "lstm/lstm_cell/recurrent_kernel [10, 40]", "lstm/lstm_cell/bias [40]",
                "gru/gru_cell/kernel [10, 27]", "gru/gru_cell/recurrent_kernel [9, 27]", "gru/gru_cell/bias [27]",
                "layer_normalization/gamma [9]", "layer_normalization/beta [9]",
                "einsum_dense/kernel [9, 20]", "einsum_dense/bias [20]",
                "dense/kernel [20, 30]", "dense/bias [30]");
        assertThat(spec.metadata()).containsExactly(Map.entry("jinit.layout", "keras"),
                Map.entry("jinit.keras.model", "seq"), Map.entry("jinit.keras.class_name", "Sequential"),
                Map.entry("jinit.keras.version", "3.15.1"));
        assertThat(spec.parameters()).allSatisfy(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT32));
        assertThat(Initializers.serialize(spec.parameters().get(0).computed().orElseThrow().initializer()))
                .containsEntry("class_name", "HeNormal");
        assertThat(recorded(spec, "conv2d/bias")).containsEntry("value", 0.25);
        assertThat(recorded(spec, "dense/kernel")).containsEntry("mode", "fan_out").containsEntry("scale", 2.0);
        assertThat(recorded(spec, "lstm/lstm_cell/recurrent_kernel")).containsEntry("gain", 1.0);
    }

    @Test
    void functionalJsonGivesKerasPathsAndShapesWithTheSharedLayerOnce() throws Exception {
        ModelSpec spec = resource("functional.json");
        assertThat(layout(spec)).containsExactly(
                "embedding/embeddings [50, 16]",
                "multi_head_attention/query/kernel [16, 2, 8]", "multi_head_attention/query/bias [2, 8]",
                "multi_head_attention/key/kernel [16, 2, 8]", "multi_head_attention/key/bias [2, 8]",
                "multi_head_attention/gate/kernel [16, 2, 8]", "multi_head_attention/gate/bias [2, 8]",
                "multi_head_attention/value/kernel [16, 2, 8]", "multi_head_attention/value/bias [2, 8]",
                "multi_head_attention/attention_output/kernel [2, 8, 16]",
                "multi_head_attention/attention_output/bias [16]",
                "layer_normalization_1/gamma [10, 16]", "layer_normalization_1/beta [10, 16]",
                "shared/kernel [16, 16]", "shared/bias [16]",
                "conv3d/kernel [2, 2, 2, 2, 5]", "conv3d/bias [5]",
                "gru_1/gru_cell/kernel [16, 21]", "gru_1/gru_cell/recurrent_kernel [7, 21]", "gru_1/gru_cell/bias [2, 21]",
                "dense_1/kernel [375, 7]", "dense_1/bias [7]");
        assertThat(spec.metadata()).containsEntry("jinit.keras.class_name", "Functional");
    }

    @Test
    void einsumKernelsTakeTheirAxesAsFans() throws Exception {
        ModelSpec spec = resource("functional.json");
        assertThat(recorded(spec, "multi_head_attention/query/kernel"))
                .containsEntry("input_axes", List.of(0)).containsEntry("output_axes", List.of(1, 2));
        assertThat(recorded(spec, "multi_head_attention/attention_output/kernel"))
                .containsEntry("input_axes", List.of(0, 1)).containsEntry("output_axes", List.of(2));
        // Not an EinsumDense: Keras's fans of the shape.
        assertThat(recorded(spec, "conv3d/kernel")).containsEntry("input_axes", null);
    }

    @Test
    void eachRecordedInitializerReproducesItsVariableAlone() throws Exception {
        UnitForgetBias.register();
        try {
            for (String model : List.of("sequential.json", "functional.json")) {
                for (ModelSpec.Parameter p : resource(model).parameters()) {
                    ModelSpec.Computed c = p.computed().orElseThrow();
                    assertThat(Initializers.deserialize(Initializers.serialize(c.initializer())).sample(p.shape()))
                            .as(p.name()).isEqualTo(c.initializer().sample(p.shape(), c.key()));
                }
            }
        } finally {
            Initializers.unregister(UnitForgetBias.CLASS_NAME);
        }
    }

    @Test
    void theRecipeRegistersNoInitializer() throws Exception {
        resource("sequential.json");
        assertThat(Initializers.names()).doesNotContain(UnitForgetBias.CLASS_NAME);
    }

    @Test
    void eachVariableIsDrawnUnderTheKeyOfItsPathUnlessItsConfigNamesASeed() {
        String dense = layer("Dense", "\"name\": \"a\", \"units\": 3", "[null, 4]");
        String seeded = layer("Dense", "\"name\": \"b\", \"units\": 3, \"kernel_initializer\": {\"class_name\": "
                + "\"GlorotUniform\", \"config\": {\"seed\": 7}}", "[null, 3]");
        ModelSpec one = spec(sequential(dense));
        ModelSpec two = spec(sequential(dense, seeded));
        RandomKey a = RandomKey.of(42).derive("a/kernel");
        assertThat(one.parameters().get(0).computed().orElseThrow().key()).isEqualTo(a);
        assertThat(two.parameters().get(0).computed()).isEqualTo(one.parameters().get(0).computed());
        assertThat(recorded(one, "a/kernel")).containsEntry("seed", a.asLong());
        assertThat(two.parameters().get(2).computed().orElseThrow().key()).isEqualTo(RandomKey.of(7));
        assertThat(recorded(two, "b/kernel")).containsEntry("seed", 7L);
    }

    @Test
    void lstmBiasHasItsForgetGateAtOne() {
        ModelSpec spec = spec(sequential(layer("LSTM", "\"name\": \"l\", \"units\": 2", "[null, 5, 3]"),
                layer("LSTM", "\"name\": \"m\", \"units\": 2, \"unit_forget_bias\": false", "[null, 5, 2]")));
        ModelSpec.Parameter bias = spec.parameters().get(2);
        assertThat(bias.name()).isEqualTo("l/lstm_cell/bias");
        assertThat(bias.computed().orElseThrow().initializer().sampleDouble(bias.shape()))
                .containsExactly(0, 0, 1, 1, 0, 0, 0, 0);
        assertThat(spec.parameters().get(5).computed().orElseThrow().initializer()).isNotInstanceOf(UnitForgetBias.class);
    }

    @Test
    void dtypePoliciesGiveTheVariableDtypeAndDtypeReplacesThem() {
        String mixed = layer("Dense", "\"name\": \"a\", \"units\": 3, \"dtype\": {\"module\": \"keras\", "
                + "\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_bfloat16\"}}", "[null, 4]");
        String half = layer("Dense", "\"name\": \"b\", \"units\": 3, \"dtype\": \"bfloat16\"", "[null, 3]");
        ModelSpec spec = spec(sequential(mixed, half));
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::dtype)
                .containsExactly(DType.FLOAT32, DType.FLOAT32, DType.BFLOAT16, DType.BFLOAT16);
        ModelSpec all = KerasRecipe.spec(KerasModel.parse(sequential(mixed, half)), 42, false,
                Optional.of(DType.FLOAT16));
        assertThat(all.parameters()).allSatisfy(p -> assertThat(p.dtype()).isEqualTo(DType.FLOAT16));
    }

    @Test
    void layersWithoutNamesTakeKerasAutoNames() {
        ModelSpec spec = spec(sequential(layer("Dense", "\"units\": 3", "[null, 4]"),
                layer("Dense", "\"units\": 2", "[null, 3]"), layer("SimpleRNN", "\"units\": 2", "[null, 2, 2]")));
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).containsExactly("dense/kernel",
                "dense/bias", "dense_1/kernel", "dense_1/bias", "simple_rnn/simple_rnn_cell/kernel",
                "simple_rnn/simple_rnn_cell/recurrent_kernel", "simple_rnn/simple_rnn_cell/bias");
        assertThat(KerasModel.snakeCase("MultiHeadAttention")).isEqualTo("multi_head_attention");
        assertThat(KerasModel.snakeCase("DepthwiseConv2D")).isEqualTo("depthwise_conv2d");
        assertThat(KerasModel.snakeCase("LSTM")).isEqualTo("lstm");
        assertThat(KerasModel.snakeCase("EinsumDense")).isEqualTo("einsum_dense");
    }

    @Test
    void functionalLayerWithoutBuildConfigTakesItsInboundTensorsShapes() {
        String tensor = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 6, 8], "
                + "\"keras_history\": [\"q\", 0, 0]}}";
        String kv = tensor.replace("6, 8", "4, 5");
        String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"MultiHeadAttention\", \"config\": {\"name\": \"mha\", \"num_heads\": 2, "
                + "\"key_dim\": 3}, \"inbound_nodes\": [{\"args\": [" + tensor + "], \"kwargs\": {\"value\": " + kv
                + "}}]}]}}";
        assertThat(layout(spec(json))).containsExactly("mha/query/kernel [8, 2, 3]", "mha/query/bias [2, 3]",
                "mha/key/kernel [5, 2, 3]", "mha/key/bias [2, 3]", "mha/value/kernel [5, 2, 3]",
                "mha/value/bias [2, 3]", "mha/attention_output/kernel [2, 3, 8]", "mha/attention_output/bias [8]");
    }

    @Test
    void sequentialLayersWithoutBuildConfigTakeTheShapesBeforeThemUnderTheModelsName() {
        String input = "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 9, 9, 3], "
                + "\"name\": \"in\"}}";
        ModelSpec spec = spec(sequential(input,
                layer("Conv2D", "\"name\": \"c\", \"filters\": 4, \"kernel_size\": 3, \"strides\": 2", null),
                layer("Dropout", "\"name\": \"d\", \"rate\": 0.1", null),
                layer("Dense", "\"name\": \"built\", \"units\": 5", "[null, 4, 4, 4]"),
                layer("Flatten", "\"name\": \"f\"", null),
                layer("Reshape", "\"name\": \"r\", \"target_shape\": [-1, 5]", null),
                layer("LSTM", "\"name\": \"l\", \"units\": 2, \"return_sequences\": true", null),
                layer("Dense", "\"name\": \"o\", \"units\": 1", null)));
        assertThat(layout(spec)).containsExactly("s/c/kernel [3, 3, 3, 4]", "s/c/bias [4]", "built/kernel [4, 5]",
                "built/bias [5]", "s/l/lstm_cell/kernel [5, 8]", "s/l/lstm_cell/recurrent_kernel [2, 8]",
                "s/l/lstm_cell/bias [8]", "s/o/kernel [2, 1]", "s/o/bias [1]");
        assertThatThrownBy(() -> spec(sequential(input, layer("MaxPooling2D", "\"name\": \"p\"", null),
                layer("Dense", "\"name\": \"o\", \"units\": 1", null))))
                .hasMessage("layer o (Dense): has no build_config, and its input shape does not resolve from the layers "
                        + "before it (jinit does not compute the output shape of layer p (MaxPooling2D)); write the JSON "
                        + "of a built model");
        assertThatThrownBy(() -> spec(sequential(input, layer("Conv2D", "\"name\": \"c\", \"filters\": 4, "
                + "\"kernel_size\": 11", null))))
                .hasMessage("layer c (Conv2D): the output size of input shape [null,9,9,3] is zero or negative for "
                        + "kernel_size, strides and dilation_rate 11, null, null: -1");
    }

    @Test
    void recurrentLayerCalledWithAnInitialStateBuildsFromItsSequencesShape() {
        // What Keras 3.15.1 writes for LSTM(4)(a, initial_state=[s, c]) with a of shape (None, 5, 3).
        String json = sequential("{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 4}, "
                + "\"build_config\": {\"shapes_dict\": {\"sequences_shape\": [null, 5, 3], "
                + "\"initial_state_shape\": [[null, 4], [null, 4]]}}}");
        assertThat(layout(spec(json))).containsExactly("lstm/lstm_cell/kernel [3, 16]",
                "lstm/lstm_cell/recurrent_kernel [4, 16]", "lstm/lstm_cell/bias [16]");
    }

    @Test
    void einsumEquationsWithEllipsesAndChannelsFirstConvolutions() {
        ModelSpec spec = spec(sequential(
                layer("EinsumDense", "\"name\": \"e\", \"equation\": \"...b,bc->...c\", \"output_shape\": 4, "
                        + "\"bias_axes\": \"c\"", "[null, 7, 3]"),
                layer("EinsumDense", "\"name\": \"r\", \"equation\": \"ab...,bc->ac...\", \"output_shape\": [5], "
                        + "\"bias_axes\": \"c\"", "[null, 3, 7]"),
                layer("Conv2D", "\"name\": \"c\", \"filters\": 4, \"kernel_size\": [1, 2], \"groups\": 2, "
                        + "\"data_format\": \"channels_first\"", "[null, 6, 9, 9]"),
                layer("LayerNormalization", "\"name\": \"n\", \"axis\": [-1, 1], \"center\": false", "[null, 3, 4]"),
                layer("GRU", "\"name\": \"g\", \"units\": 2, \"use_bias\": false", "[null, 3, 4]")));
        assertThat(layout(spec)).containsExactly("e/kernel [3, 4]", "e/bias [4]", "r/kernel [3, 5]", "r/bias [5, 1]",
                "c/kernel [1, 2, 3, 4]", "c/bias [4]", "n/gamma [4, 3]", "g/gru_cell/kernel [4, 6]",
                "g/gru_cell/recurrent_kernel [2, 6]");
    }

    @Test
    void badModelsAreRefusedNamingTheLayerAndTheValue() {
        assertThatThrownBy(() -> spec(sequential(layer("PReLU", "\"name\": \"p\"", "[null, 3]"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layer p (PReLU): layer class PReLU is not supported");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3", null))))
                .hasMessageStartingWith("layer d (Dense): has no build_config");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3", "[null, null]"))))
                .hasMessage("layer d (Dense): dimension -1 of input_shape [null,null] must be known to build its "
                        + "weights: null");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 0", "[null, 2]"))))
                .hasMessage("layer d (Dense): units must be a positive integer: 0");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": \"3\"", "[null, 2]"))))
                .hasMessage("layer d (Dense): units must be an integer: \"3\"");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3", "[null, 2]"),
                layer("Dense", "\"name\": \"d\", \"units\": 3", "[null, 3]"))))
                .hasMessageContaining("layer names must be unique").hasMessageEndingWith(": d");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3, \"lora_rank\": 4",
                "[null, 2]")))).hasMessage("layer d (Dense): lora_rank is not supported (LoRA adds lora_kernel_a and "
                        + "lora_kernel_b): 4");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3, "
                + "\"kernel_initializer\": {\"class_name\": \"NoSuch\"}", "[null, 2]"))))
                .hasMessageStartingWith("layer d (Dense): initializer of d/kernel: unknown initializer class_name: "
                        + "NoSuch");
        assertThatThrownBy(() -> spec(sequential(layer("Dense", "\"name\": \"d\", \"units\": 3, \"dtype\": \"int8\"",
                "[null, 2]")))).hasMessageStartingWith("layer d (Dense): dtype policy must be one of")
                .hasMessageEndingWith(": int8");
        assertThatThrownBy(() -> spec(sequential(layer("EinsumDense", "\"name\": \"e\", \"equation\": \"ab,bc->ac\", "
                + "\"output_shape\": [null]", "[null, 2]"))))
                .hasMessage("layer e (EinsumDense): the kernel shape does not resolve to positive sizes: [2,null]");
        assertThatThrownBy(() -> spec(sequential(layer("Conv2D", "\"name\": \"c\", \"filters\": 4, \"kernel_size\": 3, "
                + "\"groups\": 3", "[null, 8, 8, 4]"))))
                .hasMessage("layer c (Conv2D): input channels 4 must be divisible by groups: 3");
        assertThatThrownBy(() -> KerasModel.parse("{\"class_name\": \"Model\", \"config\": {}}"))
                .hasMessage("class_name of the model must be Sequential or Functional: \"Model\"");
        assertThatThrownBy(() -> spec(sequential(layer("Dropout", "\"name\": \"x\", \"rate\": 0.5", null))))
                .hasMessage("the model s has no layer with weights");
    }
}
