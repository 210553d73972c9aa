package io.jinit.models.hf;

import static io.jinit.models.hf.HfFamilyInteropTest.bert;
import static io.jinit.models.hf.LlamaRecipeTest.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The names, shapes, dtypes and initializers of {@link BertRecipe} against those of transformers
 * 5.18's {@code BertModel} and {@code BertForMaskedLM} (their {@code state_dict}, as printed by
 * {@code from_config} with the same config), and the reading of BERT configs.
 */
class BertRecipeTest {
    private static final long SEED = 31;

    private static BertConfig config(String json) {
        return (BertConfig) HfConfig.parse(json).model();
    }

    private static ModelSpec spec(String json) {
        return BertRecipe.spec(config(json), SEED, false, DType.FLOAT32);
    }

    private static NamedInitializer init(ModelSpec.Parameter p) {
        return (NamedInitializer) p.computed().orElseThrow().initializer();
    }

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> HfConfig.parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static List<String> layer(String prefix) {
        List<String> names = new ArrayList<>();
        for (String m : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense",
                "output.LayerNorm")) {
            names.add(prefix + m + ".weight");
            names.add(prefix + m + ".bias");
        }
        return names;
    }

    @Test
    void bertModelHasEmbeddingsLayersAndPoolerWithoutBuffers() {
        ModelSpec spec = spec(bert(""));
        List<String> expected = new ArrayList<>(List.of("embeddings.word_embeddings.weight",
                "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
                "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
        expected.addAll(layer("encoder.layer.0."));
        expected.addAll(layer("encoder.layer.1."));
        expected.addAll(List.of("pooler.dense.weight", "pooler.dense.bias"));
        // position_ids and token_type_ids are persistent=False buffers: not in the state_dict
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).containsExactlyElementsOf(expected);
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("embeddings.word_embeddings.weight").shape()).isEqualTo(Shape.of(300, 64));
        assertThat(p.get("embeddings.position_embeddings.weight").shape()).isEqualTo(Shape.of(40, 64));
        assertThat(p.get("embeddings.token_type_embeddings.weight").shape()).isEqualTo(Shape.of(2, 64));
        assertThat(p.get("encoder.layer.0.intermediate.dense.weight").shape()).isEqualTo(Shape.of(96, 64));
        assertThat(p.get("encoder.layer.0.output.dense.weight").shape()).isEqualTo(Shape.of(64, 96));
        assertThat(p.get("encoder.layer.1.attention.self.key.bias").shape()).isEqualTo(Shape.of(64));
        assertThat(spec.metadata()).containsEntry("jinit.hf.model_type", "bert")
                .containsEntry("jinit.hf.architecture", "BertModel");
    }

    @Test
    void initializersAreThoseOfInitWeightsWithThePaddingRowZero() {
        ModelSpec spec = spec(bert(", \"initializer_range\": 0.05"));
        for (ModelSpec.Parameter p : spec.parameters()) {
            String name = p.name();
            RandomKey key = p.computed().orElseThrow().key();
            assertThat(key).as(name).isEqualTo(RandomKey.of(SEED).derive(name));
            String kind = init(p).className();
            if (name.endsWith(".bias")) {
                assertThat(kind).as(name).isEqualTo("zeros_");
            } else if (name.contains("LayerNorm")) {
                assertThat(kind).as(name).isEqualTo("ones_");
            } else if (name.equals("embeddings.word_embeddings.weight")) {
                // pad_token_id absent: BertConfig's 0
                assertThat(init(p)).isEqualTo(new PaddingRowNormal(0.0, 0.05, 0, key.asLong()));
            } else {
                assertThat(kind).as(name).isEqualTo("normal_");
                assertThat(init(p).config()).as(name).containsEntry("std", 0.05).containsEntry("seed", key.asLong());
            }
        }
        assertThat(init(spec(bert(", \"pad_token_id\": null")).parameters().get(0)).className()).isEqualTo("normal_");
        assertThat(init(spec(bert(", \"pad_token_id\": 7")).parameters().get(0)))
                .isEqualTo(new PaddingRowNormal(0.0, 0.02, 7, RandomKey.of(SEED).derive(
                        "embeddings.word_embeddings.weight").asLong()));
    }

    @Test
    void maskedLmHasNoPoolerAndItsHeadWithTheDecoderTied() {
        ModelSpec spec = spec(bert(", \"architectures\": [\"BertForMaskedLM\"]"));
        List<String> names = spec.parameters().stream().map(ModelSpec.Parameter::name).toList();
        assertThat(names.get(0)).isEqualTo("bert.embeddings.word_embeddings.weight");
        assertThat(names).doesNotContain("bert.pooler.dense.weight", "pooler.dense.weight");
        // the head's own bias first (a module's parameters before its children's); the decoder,
        // tied to the word embeddings and to cls.predictions.bias, is not written
        assertThat(names.subList(names.size() - 5, names.size())).containsExactly("cls.predictions.bias",
                "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
                "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias");
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("cls.predictions.bias").shape()).isEqualTo(Shape.of(300));
        assertThat(init(p.get("cls.predictions.bias")).className()).isEqualTo("zeros_");
        assertThat(spec.metadata()).containsEntry("jinit.hf.architecture", "BertForMaskedLM");

        ModelSpec untied = spec(bert(", \"architectures\": [\"BertForMaskedLM\"], \"tie_word_embeddings\": false"));
        List<String> untiedNames = untied.parameters().stream().map(ModelSpec.Parameter::name).toList();
        assertThat(untiedNames.subList(untiedNames.size() - 2, untiedNames.size()))
                .containsExactly("cls.predictions.decoder.weight", "cls.predictions.decoder.bias");
        assertThat(byName(untied).get("cls.predictions.decoder.weight").shape()).isEqualTo(Shape.of(300, 64));
    }

    @Test
    void sequenceClassificationKeepsThePoolerUnderBert() {
        ModelSpec spec = spec(bert(", \"architectures\": [\"BertForSequenceClassification\"], "
                + "\"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\"}, \"num_labels\": 5"));
        List<String> names = spec.parameters().stream().map(ModelSpec.Parameter::name).toList();
        assertThat(names.get(0)).isEqualTo("bert.embeddings.word_embeddings.weight");
        // id2label wins over num_labels, as in PreTrainedConfig
        assertThat(names.subList(names.size() - 4, names.size())).containsExactly("bert.pooler.dense.weight",
                "bert.pooler.dense.bias", "classifier.weight", "classifier.bias");
        assertThat(byName(spec).get("classifier.weight").shape()).isEqualTo(Shape.of(3, 64));
        assertThat(init(byName(spec).get("classifier.bias")).className()).isEqualTo("zeros_");
        refused(bert(", \"architectures\": [\"BertForSequenceClassification\"], \"num_labels\": 0"),
                "num_labels must be a positive integer: 0");
    }

    @Test
    void crossAttentionOfADecoderFollowsTheAttention() {
        ModelSpec spec = spec(bert(", \"is_decoder\": true, \"add_cross_attention\": true"));
        List<String> layer0 = spec.parameters().stream().map(ModelSpec.Parameter::name)
                .filter(n -> n.startsWith("encoder.layer.0.")).map(n -> n.substring("encoder.layer.0.".length()))
                .toList();
        assertThat(layer0.subList(10, 20)).containsExactly("crossattention.self.query.weight",
                "crossattention.self.query.bias", "crossattention.self.key.weight", "crossattention.self.key.bias",
                "crossattention.self.value.weight", "crossattention.self.value.bias",
                "crossattention.output.dense.weight", "crossattention.output.dense.bias",
                "crossattention.output.LayerNorm.weight", "crossattention.output.LayerNorm.bias");
        refused(bert(", \"add_cross_attention\": true"), "add_cross_attention must be false unless is_decoder is true "
                + "(BertLayer refuses a cross-attention in an encoder): true");
    }

    @Test
    void bertBaseCountsAsPublished() {
        // bert-base-uncased: BertModel 109,482,240 parameters; BertForMaskedLM drops the pooler
        // (768 x 768 + 768) and adds the head's transform (768 x 768 + 768 + 2 x 768) and bias (30522)
        String base = "{\"model_type\": \"bert\", \"vocab_size\": 30522, \"hidden_size\": 768, "
                + "\"num_hidden_layers\": 12, \"num_attention_heads\": 12, \"intermediate_size\": 3072, "
                + "\"max_position_embeddings\": 512, \"type_vocab_size\": 2}";
        assertThat(spec(base).totalElements()).isEqualTo(109_482_240L);
        assertThat(spec(base.replace("{", "{\"architectures\": [\"BertForMaskedLM\"], ")).totalElements())
                .isEqualTo(109_482_240L + 2 * 768 + 30522);
    }

    @Test
    void badConfigsAreRefusedNamingTheKey() {
        refused(bert("").replace("\"type_vocab_size\": 2, ", ""),
                "config.json has no type_vocab_size (required for model_type bert)");
        refused(bert("").replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 6"),
                "hidden_size must be a multiple of num_attention_heads (6): 64");
        refused(bert(", \"pad_token_id\": 300"), "pad_token_id must be between 0 and vocab_size - 1 (299): 300");
        refused(bert("").replace("\"max_position_embeddings\": 40", "\"max_position_embeddings\": 0"),
                "max_position_embeddings must be a positive integer: 0");
        refused(bert(", \"architectures\": [\"BertForTokenClassification\"]"),
                "architectures must name one of [BertModel, BertForMaskedLM, BertForSequenceClassification] for "
                        + "model_type bert: [\"BertForTokenClassification\"]");
        refused(bert(", \"architectures\": \"BertModel\""),
                "architectures must name one of [BertModel, BertForMaskedLM, BertForSequenceClassification] for "
                        + "model_type bert: \"BertModel\"");
        refused(bert(", \"tie_word_embeddings\": 0"), "tie_word_embeddings must be true or false: 0");
    }
}
