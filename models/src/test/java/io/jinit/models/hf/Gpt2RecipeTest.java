package io.jinit.models.hf;

import static io.jinit.models.hf.HfFamilyInteropTest.gpt2;
import static io.jinit.models.hf.LlamaRecipeTest.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The names, shapes, dtypes and initializers of {@link Gpt2Recipe} against those of transformers
 * 5.18's {@code GPT2LMHeadModel} and {@code GPT2Model} (their {@code state_dict}, as printed by
 * {@code from_config} with the same config), and the reading of GPT-2 configs.
 */
class Gpt2RecipeTest {
    private static final long SEED = 77;

    private static Gpt2Config config(String json) {
        return (Gpt2Config) HfConfig.parse(json).model();
    }

    private static ModelSpec spec(String json) {
        return Gpt2Recipe.spec(config(json), SEED, false, DType.FLOAT32);
    }

    private static NamedInitializer init(ModelSpec.Parameter p) {
        return (NamedInitializer) p.computed().orElseThrow().initializer();
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> HfConfig.parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void tiedLayoutIsGpt2LmHeadModelsWithConv1dWeightsInByOut() {
        ModelSpec spec = spec(gpt2(""));
        List<String> expected = new ArrayList<>(List.of("transformer.wte.weight", "transformer.wpe.weight"));
        for (int i = 0; i < 2; i++) {
            for (String m : List.of("ln_1", "attn.c_attn", "attn.c_proj", "ln_2", "mlp.c_fc", "mlp.c_proj")) {
                expected.add("transformer.h." + i + "." + m + ".weight");
                expected.add("transformer.h." + i + "." + m + ".bias");
            }
        }
        expected.add("transformer.ln_f.weight");
        expected.add("transformer.ln_f.bias");
        // lm_head.weight is tied to wte (tie_word_embeddings defaults to true): save_pretrained drops it
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).containsExactlyElementsOf(expected);
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("transformer.wte.weight").shape()).isEqualTo(Shape.of(300, 64));
        assertThat(p.get("transformer.wpe.weight").shape()).isEqualTo(Shape.of(40, 64));
        assertThat(p.get("transformer.h.0.attn.c_attn.weight").shape()).isEqualTo(Shape.of(64, 192));
        assertThat(p.get("transformer.h.0.attn.c_attn.bias").shape()).isEqualTo(Shape.of(192));
        assertThat(p.get("transformer.h.0.attn.c_proj.weight").shape()).isEqualTo(Shape.of(64, 64));
        // n_inner null: 4 n_embd
        assertThat(p.get("transformer.h.1.mlp.c_fc.weight").shape()).isEqualTo(Shape.of(64, 256));
        assertThat(p.get("transformer.h.1.mlp.c_proj.weight").shape()).isEqualTo(Shape.of(256, 64));
        assertThat(p.get("transformer.ln_f.bias").shape()).isEqualTo(Shape.of(64));
        assertThat(spec.metadata()).containsEntry("jinit.hf.model_type", "gpt2")
                .containsEntry("jinit.hf.architecture", "GPT2LMHeadModel");
    }

    @Test
    void initializersAreThoseOfGpt2InitWeights() {
        ModelSpec spec = spec(gpt2(", \"initializer_range\": 0.04, \"n_layer\": 8").replace("\"n_layer\": 2, ", ""));
        double scaled = 0.04 / Math.sqrt(2 * 8);
        for (ModelSpec.Parameter p : spec.parameters()) {
            String name = p.name();
            NamedInitializer init = init(p);
            RandomKey key = p.computed().orElseThrow().key();
            assertThat(key).as(name).isEqualTo(RandomKey.of(SEED).derive(name));
            if (name.endsWith(".bias")) {
                assertThat(init.className()).as(name).isEqualTo("zeros_");
            } else if (name.contains(".ln_")) {
                assertThat(init.className()).as(name).isEqualTo("ones_");
            } else {
                assertThat(init.className()).as(name).isEqualTo("normal_");
                double std = name.endsWith("c_proj.weight") ? scaled : 0.04;
                assertThat(init.config()).as(name).containsEntry("mean", 0.0).containsEntry("std", std)
                        .containsEntry("seed", key.asLong());
                NamedInitializer again = Initializers.deserialize(Initializers.serialize(init));
                assertThat(again.sample(Shape.of(3, 5))).isEqualTo(init.sample(Shape.of(3, 5), key));
            }
        }
        assertThat(spec.parameters()).filteredOn(q -> q.name().endsWith("c_proj.weight")).hasSize(2 * 8);
    }

    @Test
    void zeroInitializerRangeZeroesTheConv1dWeightsOnly() {
        // Conv1D takes initializer_range itself; the Embeddings and Linear take "initializer_range or 0.02"
        Map<String, ModelSpec.Parameter> p = byName(spec(gpt2(", \"initializer_range\": 0, "
                + "\"tie_word_embeddings\": false")));
        assertThat(init(p.get("transformer.h.0.attn.c_attn.weight")).config()).containsEntry("std", 0.0);
        assertThat(init(p.get("transformer.h.0.mlp.c_proj.weight")).config()).containsEntry("std", 0.0);
        assertThat(init(p.get("transformer.wte.weight")).config()).containsEntry("std", 0.02);
        assertThat(init(p.get("lm_head.weight")).config()).containsEntry("std", 0.02);
        assertThat(init(p.get("transformer.h.0.attn.c_attn.weight")).sample(Shape.of(4, 4))).containsOnly(0f);
    }

    @Test
    void untiedCrossAttentionAndInnerSize() {
        ModelSpec spec = spec(gpt2(", \"tie_word_embeddings\": false, \"add_cross_attention\": true")
                .replace("\"n_inner\": null", "\"n_inner\": 96"));
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(spec.parameters().stream().map(ModelSpec.Parameter::name)
                .filter(n -> n.startsWith("transformer.h.0.")).map(n -> n.substring("transformer.h.0.".length())))
                .containsExactly("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                        "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias",
                        "crossattention.c_attn.weight", "crossattention.c_attn.bias", "crossattention.q_attn.weight",
                        "crossattention.q_attn.bias", "crossattention.c_proj.weight", "crossattention.c_proj.bias",
                        "ln_cross_attn.weight", "ln_cross_attn.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
                        "mlp.c_proj.weight", "mlp.c_proj.bias");
        assertThat(p.get("transformer.h.0.crossattention.c_attn.weight").shape()).isEqualTo(Shape.of(64, 128));
        assertThat(init(p.get("transformer.h.0.crossattention.c_proj.weight")).config())
                .containsEntry("std", 0.02 / Math.sqrt(4));
        assertThat(p.get("transformer.h.0.mlp.c_fc.weight").shape()).isEqualTo(Shape.of(64, 96));
        assertThat(spec.parameters().get(spec.parameters().size() - 1).name()).isEqualTo("lm_head.weight");
        assertThat(p.get("lm_head.weight").shape()).isEqualTo(Shape.of(300, 64));
    }

    @Test
    void gpt2ModelHasNoPrefixAndNoHead() {
        ModelSpec spec = spec(gpt2(", \"tie_word_embeddings\": false").replace("GPT2LMHeadModel", "GPT2Model"));
        assertThat(spec.parameters().get(0).name()).isEqualTo("wte.weight");
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).contains("h.1.mlp.c_proj.bias", "ln_f.weight")
                .noneMatch(n -> n.startsWith("transformer.") || n.startsWith("lm_head"));
        assertThat(spec.metadata()).containsEntry("jinit.hf.architecture", "GPT2Model");
    }

    @Test
    void sequenceClassificationScoresWithoutBias() {
        ModelSpec spec = spec(gpt2(", \"id2label\": {\"0\": \"neg\", \"1\": \"neutral\", \"2\": \"pos\"}")
                .replace("GPT2LMHeadModel", "GPT2ForSequenceClassification"));
        List<String> names = spec.parameters().stream().map(ModelSpec.Parameter::name).toList();
        assertThat(names.get(0)).isEqualTo("transformer.wte.weight");
        assertThat(names.get(names.size() - 1)).isEqualTo("score.weight");
        assertThat(names).doesNotContain("lm_head.weight", "score.bias");
        assertThat(byName(spec).get("score.weight").shape()).isEqualTo(Shape.of(3, 64));
        assertThat(init(byName(spec).get("score.weight")).config()).containsEntry("std", 0.02);
        // no id2label: num_labels, else PreTrainedConfig's 2
        assertThat(config(gpt2(", \"num_labels\": 7").replace("GPT2LMHeadModel", "GPT2ForSequenceClassification"))
                .numLabels()).isEqualTo(7);
        assertThat(config(gpt2("").replace("GPT2LMHeadModel", "GPT2ForSequenceClassification")).numLabels())
                .isEqualTo(2);
        refused(gpt2(", \"id2label\": []").replace("GPT2LMHeadModel", "GPT2ForSequenceClassification"),
                "id2label must be a non-empty JSON object: []");
    }

    @Test
    void gpt2SmallCountsAsPublished() {
        // GPT-2 small: 124,439,808 parameters (the tied head counted once), 148 tensors written
        ModelSpec spec = spec("{\"model_type\": \"gpt2\", \"vocab_size\": 50257, \"n_positions\": 1024, "
                + "\"n_embd\": 768, \"n_layer\": 12, \"n_head\": 12}");
        assertThat(spec.totalElements()).isEqualTo(124_439_808L);
        assertThat(spec.parameters()).hasSize(2 + 12 * 12 + 2);
    }

    @Test
    void configKeysAreReadAsGpt2ConfigReadsThem() {
        Gpt2Config c = config("{\"model_type\": \"gpt2\", \"vocab_size\": 10, \"max_position_embeddings\": 8, "
                + "\"hidden_size\": 12, \"num_hidden_layers\": 1, \"num_attention_heads\": 3}");
        // attribute_map names, and the defaults
        assertThat(c).isEqualTo(new Gpt2Config("GPT2LMHeadModel", 10, 8, 12, 1, 3, 48, false, true, 0.02, 0));
        // GPT2Config.from_dict({"n_embd": 64, "hidden_size": 32, ...}).n_embd is 32
        assertThat(config(gpt2("").replace("\"n_embd\": 64", "\"n_embd\": 64, \"hidden_size\": 32")).nEmbd())
                .isEqualTo(32);
        assertThat(config(gpt2("").replace("\"architectures\": [\"GPT2LMHeadModel\"], ", "")).architecture())
                .isEqualTo("GPT2LMHeadModel");
    }

    @Test
    void badConfigsAreRefusedNamingTheKey() {
        refused(gpt2("").replace("\"n_layer\": 2, ", ""), "config.json has no n_layer (required for model_type gpt2)");
        refused(gpt2("").replace("\"n_head\": 4", "\"n_head\": 5"), "n_embd must be a multiple of n_head (5): 64");
        refused(gpt2("").replace("\"n_head\": 4", "\"n_head\": 0"), "n_head must be a positive integer: 0");
        refused(gpt2("").replace("\"n_inner\": null", "\"n_inner\": 1.5"), "n_inner must be an integer: 1.5");
        refused(gpt2(", \"add_cross_attention\": \"yes\""), "add_cross_attention must be true or false: \"yes\"");
        refused(gpt2(", \"initializer_range\": -0.02"), "initializer_range must be between 0 and 1: -0.02");
        refused(gpt2("").replace("GPT2LMHeadModel", "GPT2DoubleHeadsModel"),
                "architectures must name one of [GPT2LMHeadModel, GPT2Model, GPT2ForSequenceClassification] for "
                        + "model_type gpt2: "
                        + "[\"GPT2DoubleHeadsModel\"]");
        refused(gpt2("").replace("\"n_embd\": 64", "\"n_embd\": 600000000"),
                "n_embd must be at most 536870911 when n_inner is 4 n_embd: 600000000");
    }
}
