package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModelSpecReaderTest {
    private static final String SPEC = """
            {
              "seed": 2024,
              "dtype": "float32",
              "parameters": [
                {"name": "encoder.0.weight", "shape": [768, 3072], "initializer": "he_normal"},
                {"name": "encoder.0.bias", "shape": [3072]},
                {"name": "embed", "shape": [500, 64], "initializer": "normal_", "config": {"std": 0.02},
                 "dtype": "bfloat16"},
                {"name": "head", "shape": [64, 10],
                 "initializer": {"class_name": "GlorotUniform", "config": {"seed": 7}}}
              ],
              "rules": [
                {"pattern": "*.bias", "initializer": "zeros"},
                {"pattern": "*", "initializer": "lecun_normal"}
              ]
            }
            """;

    @Test
    void readsParametersRulesAndKeys() {
        ModelSpec spec = ModelSpecReader.parse(SPEC, OptionalLong.empty());
        assertThat(spec.seed()).isEqualTo(2024);
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name)
                .containsExactly("encoder.0.weight", "encoder.0.bias", "embed", "head");
        ModelSpec.Parameter weight = spec.parameters().get(0);
        assertThat(weight.shape()).isEqualTo(Shape.of(768, 3072));
        assertThat(named(weight).className()).isEqualTo("HeNormal");
        assertThat(weight.computed().orElseThrow().key()).isEqualTo(RandomKey.of(2024).derive("encoder.0.weight"));
        assertThat(named(spec.parameters().get(1)).className()).isEqualTo("Zeros");
        assertThat(spec.parameters().get(2).dtype()).isEqualTo(DType.BFLOAT16);
        assertThat(named(spec.parameters().get(2)).config()).containsEntry("std", 0.02);
        ModelSpec.Parameter head = spec.parameters().get(3);
        assertThat(head.computed().orElseThrow().key()).as("an explicit seed wins, Keras semantics")
                .isEqualTo(RandomKey.of(7));
        assertThat(head.computed().orElseThrow().initializer())
                .isEqualTo(Initializers.get("glorot_uniform", Map.of("seed", 7L)));
        assertThat(spec.totalElements()).isEqualTo(768L * 3072 + 3072 + 500 * 64 + 640);
    }

    @Test
    void theRunSeedSuppliesAMissingSeedAndMustAgreeWithAGivenOne() {
        String unseeded = SPEC.replace("\"seed\": 2024,", "");
        assertThat(ModelSpecReader.parse(unseeded, OptionalLong.of(5)).parameters().get(0).computed().orElseThrow().key())
                .isEqualTo(RandomKey.of(5).derive("encoder.0.weight"));
        assertThat(ModelSpecReader.parse(SPEC, OptionalLong.of(2024)).seed()).isEqualTo(2024);
        assertThatThrownBy(() -> ModelSpecReader.parse(SPEC, OptionalLong.of(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("seed 2024 of the spec disagrees with --seed 5: give one of them, or the same value");
        ModelSpec drawn = ModelSpecReader.parse("{\"parameters\": [{\"name\": \"w\", \"shape\": [2, 2], "
                + "\"initializer\": \"ones\"}]}", OptionalLong.empty());
        assertThat(drawn.seed()).isBetween(1L, 1_000_000_000L);
    }

    @Test
    void addingAParameterChangesNoOtherKey() {
        String one = "{\"seed\": 1, \"parameters\": [{\"name\": \"b\", \"shape\": [3], \"initializer\": \"normal\"}]}";
        String two = "{\"seed\": 1, \"parameters\": [{\"name\": \"a\", \"shape\": [3], \"initializer\": \"normal\"},"
                + "{\"name\": \"b\", \"shape\": [3], \"initializer\": \"normal\"}]}";
        assertThat(ModelSpecReader.parse(one, OptionalLong.empty()).parameters().get(0).computed().orElseThrow().key())
                .isEqualTo(ModelSpecReader.parse(two, OptionalLong.empty()).parameters().get(1).computed().orElseThrow().key());
    }

    @Test
    void badSpecsNameTheProblem() {
        String p = "{\"parameters\": [%s]}";
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [-3, 2], \"initializer\": \"ones\"}"), "-3");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [4294967296, 4294967296], \"initializer\": \"ones\"}"),
                "overflow");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2.5], \"initializer\": \"ones\"}"), "2.5");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"no_such\"}"), "no_such");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2]}"), "no rule matches it: w");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"ones\", \"shap\": 1}"),
                "shap");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": "
                + "{\"class_name\": \"java.lang.Runtime\"}}"), "java.lang.Runtime");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"ones\", \"dtype\": \"int8\"}"),
                "int8");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"ones\"},"
                + "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"ones\"}"), "unique: w");
        assertBad(String.format(p, "{\"name\": \"w\", \"shape\": [2], \"initializer\": \"random_normal\","
                + " \"config\": {\"stddev\": -1}}"), "-1");
        assertBad("{\"parameters\": 3}", "parameters must be a JSON array: 3");
        assertBad("{\"parameters\": [], \"seed\": 99999999999999999999}", "99999999999999999999");
        assertBad("{\"parameters\": [" + "[".repeat(5000) + "]".repeat(5000) + "]}", "nested deeper than 64 levels");
        assertBad("{\"parameters\": [}", "not valid JSON");
        assertBad("", "not valid JSON");
    }

    private static void assertBad(String json, String named) {
        assertThatThrownBy(() -> ModelSpecReader.parse(json, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @Test
    void globs() {
        assertThat(new ModelSpecReader.Glob("*.bias").matches("layer.0.bias")).isTrue();
        assertThat(new ModelSpecReader.Glob("*.bias").matches("layer.0.biases")).isFalse();
        assertThat(new ModelSpecReader.Glob("layer.?.weight").matches("layer.3.weight")).isTrue();
        assertThat(new ModelSpecReader.Glob("a+b(c)").matches("a+b(c)")).isTrue();
    }

    /** A torch encoder: Linear(20, 30), a Conv2d(4, 8, 3), and a bias whose weight comes after it. */
    private static final String TORCH_BIASES = """
            {"seed": 11, "parameters": [
              {"name": "enc.0.weight", "shape": [30, 20], "initializer": "torch_linear_default"},
              {"name": "enc.0.bias", "shape": [30]},
              {"name": "conv.bias", "shape": [8]},
              {"name": "conv.weight", "shape": [8, 4, 3, 3], "initializer": "torch_linear_default"}
             ],
             "rules": [{"pattern": "*.bias", "initializer": "torch_linear_bias"}]}
            """;

    @Test
    void linearBiasRuleTakesFanInFromItsWeightInTorchsConvention() {
        ModelSpec spec = ModelSpecReader.parse(TORCH_BIASES, OptionalLong.empty());
        ModelSpec.Parameter linearBias = spec.parameters().get(1);
        ModelSpec.Parameter convBias = spec.parameters().get(2);
        // fan_in of (out, in, k...) is in * prod(k): 20 for the Linear, 4 * 3 * 3 for the Conv2d
        assertThat(named(linearBias).config()).containsEntry("fan_in", 20L);
        assertThat(named(convBias).config()).containsEntry("fan_in", 36L);
        RandomKey key = RandomKey.of(11).derive("enc.0.bias");
        assertThat(linearBias.computed().orElseThrow().key()).isEqualTo(key);
        float[] values = linearBias.computed().orElseThrow().initializer().sample(Shape.of(30));
        assertThat(values).isEqualTo(Initializers.get("torch_linear_bias", Map.of("fan_in", 20L, "seed", key.asLong()))
                .sample(Shape.of(30), key));
        float bound = (float) (1 / Math.sqrt(20));
        for (float v : values) {
            assertThat(v).isBetween(-bound, bound);
        }
        // The recorded dict names the fan, so it reproduces the bias without the spec.
        assertThat(InitializedTensor.configJson(named(linearBias), key)).contains("\"fan_in\":20");
    }

    @Test
    void linearBiasAsADictTakesItsWeightsFanToo() {
        String spec = TORCH_BIASES.replace("\"initializer\": \"torch_linear_bias\"",
                "\"initializer\": {\"module\": \"jinit\", \"class_name\": \"torch_linear_bias\", \"config\": {}}");
        assertThat(named(ModelSpecReader.parse(spec, OptionalLong.empty()).parameters().get(1)).config())
                .containsEntry("fan_in", 20L);
    }

    @Test
    void aGivenFanInWins() {
        String ruleFan = TORCH_BIASES.replace("\"torch_linear_bias\"}", "\"torch_linear_bias\", \"config\": {\"fan_in\": 7}}");
        assertThat(named(ModelSpecReader.parse(ruleFan, OptionalLong.empty()).parameters().get(1)).config())
                .containsEntry("fan_in", 7L);
        String parameterFan = TORCH_BIASES.replace("{\"name\": \"enc.0.bias\", \"shape\": [30]}",
                "{\"name\": \"enc.0.bias\", \"shape\": [30], \"initializer\": \"torch_linear_bias\", "
                + "\"config\": {\"fan_in\": 5}}");
        ModelSpec spec = ModelSpecReader.parse(parameterFan, OptionalLong.empty());
        assertThat(named(spec.parameters().get(1)).config()).containsEntry("fan_in", 5L);
        assertThat(named(spec.parameters().get(2)).config()).containsEntry("fan_in", 36L);
        String dictFan = TORCH_BIASES.replace("\"initializer\": \"torch_linear_bias\"",
                "\"initializer\": {\"class_name\": \"torch_linear_bias\", \"config\": {\"fan_in\": 3}}");
        assertThat(named(ModelSpecReader.parse(dictFan, OptionalLong.empty()).parameters().get(1)).config())
                .containsEntry("fan_in", 3L);
    }

    @Test
    void aLinearBiasWithoutFanInOrWeightIsRefusedByName() {
        String noWeight = "{\"parameters\": [{\"name\": \"dec.1.bias\", \"shape\": [4], "
                + "\"initializer\": \"torch_linear_bias\"}, {\"name\": \"dec.0.weight\", \"shape\": [4, 4], "
                + "\"initializer\": \"zeros\"}]}";
        assertThatThrownBy(() -> ModelSpecReader.parse(noWeight, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter dec.1.bias takes torch_linear_bias without fan_in, which comes from its weight "
                        + "dec.1.weight, and the spec has no such parameter: give fan_in in its config");
        String noBiasInName = "{\"parameters\": [{\"name\": \"b\", \"shape\": [4], "
                + "\"initializer\": \"torch_linear_bias\"}]}";
        assertBad(noBiasInName, "parameter b takes torch_linear_bias without fan_in, and its name holds no bias");
        String vectorWeight = "{\"parameters\": [{\"name\": \"v.bias\", \"shape\": [4], "
                + "\"initializer\": \"torch_linear_bias\"}, {\"name\": \"v.weight\", \"shape\": [4], "
                + "\"initializer\": \"ones\"}]}";
        String listConfig = TORCH_BIASES.replace("\"initializer\": \"torch_linear_bias\"",
                "\"initializer\": {\"class_name\": \"torch_linear_bias\", \"config\": [1]}");
        assertBad(listConfig, "initializer of enc.0.bias");
        assertBad(vectorWeight, "parameter v.bias takes torch_linear_bias without fan_in, from its weight v.weight: "
                + "shape must have at least 2 dimensions");
    }

    @Test
    void theExampleOfTheSpecsDocumentReadsAsItsNamesLayOut() throws IOException {
        // Maven runs a module's tests in the module's directory.
        String doc = Files.readString(Path.of("..", "docs", "model-spec.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        ModelSpec spec = ModelSpecReader.parse(example, OptionalLong.empty());
        Map<String, ModelSpec.Parameter> byName = new LinkedHashMap<>();
        spec.parameters().forEach(p -> byName.put(p.name(), p));
        assertThat(byName).containsOnlyKeys("embed.weight", "encoder.0.weight", "encoder.0.bias", "head/kernel",
                "head/bias");
        // torch names, torch shapes: nn.Linear(768, 3072).weight is (out, in), its bias takes fan_in 768
        assertThat(byName.get("encoder.0.weight").shape()).isEqualTo(Shape.of(3072, 768));
        assertThat(named(byName.get("encoder.0.weight")).fanConvention()).contains(FanConvention.TORCH);
        assertThat(named(byName.get("encoder.0.bias")).config()).containsEntry("fan_in", 768L);
        assertThat(byName.get("embed.weight").shape()).isEqualTo(Shape.of(50000, 768));
        // a Keras path, a Keras shape: Dense(10).kernel is (in, out)
        assertThat(byName.get("head/kernel").shape()).isEqualTo(Shape.of(768, 10));
        assertThat(named(byName.get("head/kernel")).fanConvention()).contains(FanConvention.KERAS);
        assertThat(named(byName.get("head/bias")).className()).isEqualTo("Zeros");
    }

    /** The catalogued initializer a spec parameter names. */
    private static NamedInitializer named(ModelSpec.Parameter parameter) {
        return (NamedInitializer) parameter.computed().orElseThrow().initializer();
    }

    /**
     * Rules over a model's spec: the matched tensors take the rule's initializer under the key a
     * spec gives their name, the others keep their values, and rules that cannot apply are named.
     */
    @Test
    void rulesOverrideTheTensorsTheyMatchAndLeaveTheOthers() {
        ModelSpec base = ModelSpecReader.parse("""
                {"seed": 9, "parameters": [
                  {"name": "layers.0.o_proj.weight", "shape": [4, 4], "initializer": "normal_", "config": {"std": 0.02}},
                  {"name": "layers.0.q_proj.weight", "shape": [4, 4], "initializer": "normal_", "config": {"std": 0.02}},
                  {"name": "norm.weight", "shape": [4], "initializer": "ones_"}]}
                """, OptionalLong.empty());
        ModelSpec ruled = ModelSpecReader.overriding(base, """
                {"rules": [{"pattern": "*.o_proj.weight", "initializer": "normal_", "config": {"std": 0.005}}]}
                """);
        assertThat(ruled.parameters()).extracting(ModelSpec.Parameter::name)
                .containsExactly("layers.0.o_proj.weight", "layers.0.q_proj.weight", "norm.weight");
        assertThat(ruled.parameters().get(1)).isSameAs(base.parameters().get(1));
        assertThat(ruled.parameters().get(2)).isSameAs(base.parameters().get(2));
        ModelSpec.Computed o = (ModelSpec.Computed) ruled.parameters().get(0).values();
        assertThat(o.key()).isEqualTo(RandomKey.of(9).derive("layers.0.o_proj.weight"));
        float[] expected = Initializers.get("normal_", Map.of("std", 0.005)).sample(Shape.of(4, 4), o.key());
        assertThat(o.initializer().sample(Shape.of(4, 4), o.key())).containsExactly(expected);
        assertThatThrownBy(() -> ModelSpecReader.overriding(base, """
                {"rules": [{"pattern": "*.v_proj.weight", "initializer": "zeros_"}]}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rule *.v_proj.weight matches no tensor of the model");
        assertThatThrownBy(() -> ModelSpecReader.overriding(base, """
                {"rules": [{"pattern": "norm.*", "initializer": "skip"}]}"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule norm.* says skip, but a checkpoint keeps every tensor");
        assertThatThrownBy(() -> ModelSpecReader.overriding(base, """
                {"seed": 3, "rules": []}"""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("rules file must hold a JSON "
                        + "object with one key, \"rules\"");
    }
}
