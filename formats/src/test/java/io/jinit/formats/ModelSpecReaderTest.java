package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
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

    /** The catalogued initializer a spec parameter names. */
    private static NamedInitializer named(ModelSpec.Parameter parameter) {
        return (NamedInitializer) parameter.computed().orElseThrow().initializer();
    }
}
