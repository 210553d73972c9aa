package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.ParallelFill;
import io.jinit.formats.DType;
import io.jinit.formats.Json;
import io.jinit.testing.Python;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jinit's GPT-2 and BERT directories loaded by transformers 5.18 as the class they name
 * ({@code AutoModelForCausalLM}, {@code AutoModel}, {@code AutoModelForMaskedLM} or
 * {@code AutoModelForSequenceClassification} {@code .from_pretrained}; script src/test/resources/io/jinit/models/hf/hf_family_check.py):
 * no missing, unexpected or mismatched key; the tied tensors share storage after the load; the
 * padding row of the word embeddings is zero; zero and one tensors are exact; and each normal
 * tensor's mean and standard deviation agree with those of transformers' own random
 * initialization of the same config ({@code from_config} under {@code torch.manual_seed(0)}).
 *
 * <p>Tolerance: for n draws of N(0, σ²) the sample mean has standard error σ/√n and the sample
 * standard deviation about σ/√(2n). The difference of two independent samples' means then has
 * standard error σ√(2/n), and of their standard deviations σ/√n; each is allowed
 * {@value TensorStatistics#SIGMAS} standard errors, a false alarm with probability about 2·10<sup>-9</sup> per
 * comparison, below 10<sup>-6</sup> for the few hundred tensors here. The tensors of one model
 * have different σ (GPT-2's {@code c_proj} is drawn with σ / √(2 n_layer)), so σ is taken as the
 * larger of the two sample standard deviations, which for n ≥ 64 is within a few percent of σ
 * and only widens the bound by that much. With 2 layers the {@code c_proj} weights (64 x 64, 4096
 * elements) have σ = 0.01 and are allowed 0.00094 on their standard deviation, which tells them
 * from the unscaled 0.02. Bfloat16 and float16 rounding (relative 2<sup>-9</sup> and
 * 2<sup>-11</sup> per element) move the statistics by far less.
 *
 * <p>Runs {@code $JINIT_PYTHON} (see {@code scripts/python-env.sh}); skipped without torch and
 * transformers, except under CI ({@code CI=true}) where that fails.
 */
class HfFamilyInteropTest {
    @TempDir
    Path dir;

    /** A small GPT-2: vocab 300, 40 positions, n_embd 64, 2 layers, 4 heads. */
    static String gpt2(String extra) {
        return "{\"architectures\": [\"GPT2LMHeadModel\"], \"model_type\": \"gpt2\", \"vocab_size\": 300, "
                + "\"n_positions\": 40, \"n_embd\": 64, \"n_layer\": 2, \"n_head\": 4, \"n_inner\": null, "
                + "\"activation_function\": \"gelu_new\", \"bos_token_id\": 299, \"eos_token_id\": 299" + extra + "}";
    }

    /** A small BERT: vocab 300, hidden 64, 2 layers, 4 heads, intermediate 96, 40 positions, 2 token types. */
    static String bert(String extra) {
        return "{\"model_type\": \"bert\", \"vocab_size\": 300, \"hidden_size\": 64, \"num_hidden_layers\": 2, "
                + "\"num_attention_heads\": 4, \"intermediate_size\": 96, \"max_position_embeddings\": 40, "
                + "\"type_vocab_size\": 2, \"hidden_act\": \"gelu\"" + extra + "}";
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load(String configJson, String architecture, DType dtype)
            throws IOException, InterruptedException, URISyntaxException {
        Python.require(dir, "torch", "transformers");
        Path out = dir.resolve("model");
        HfConfig config = HfConfig.parse(configJson);
        assertThat(config.model().architecture()).isEqualTo(architecture);
        HfCheckpoint.write(out, config, 1234, dtype, ParallelFill.common());
        Path script = Path.of(HfFamilyInteropTest.class.getResource("hf_family_check.py").toURI());
        Python.Result r = Python.run(dir, script.toString(), out.toString(), architecture);
        assertThat(r.exitCode()).as("hf_family_check.py failed: %s", r.stderr()).isZero();
        Map<String, Object> report = (Map<String, Object>) Json.parse("hf_family_check.py output", r.stdout());
        assertThat(report.get("transformers")).isEqualTo("5.18.0");
        assertThat(report.get("class")).isEqualTo(architecture);
        assertThat((List<?>) report.get("missing")).as("missing").isEmpty();
        assertThat((List<?>) report.get("unexpected")).as("unexpected").isEmpty();
        assertThat((List<?>) report.get("mismatched")).as("mismatched").isEmpty();
        assertThat((List<?>) report.get("errors")).as("errors").isEmpty();
        assertThat(report.get("model_dtype")).isEqualTo(dtype.lowerCaseName());
        assertThat((Map<String, Object>) report.get("tied")).as("tied tensors share storage")
                .allSatisfy((target, shared) -> assertThat(shared).as(target).isEqualTo(true));
        TensorStatistics.check(report, dtype.lowerCaseName(), Math::max);
        return report;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> tensors(Map<String, Object> report) {
        return (Map<String, Map<String, Object>>) report.get("tensors");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tied(Map<String, Object> report) {
        return (Map<String, Object>) report.get("tied");
    }

    private static double std(Map<String, Object> report, String name) {
        return ((Number) tensors(report).get(name).get("reference_std")).doubleValue();
    }

    @Test
    void gpt2TiedLoadsWithTheHeadSharingTheTokenEmbedding() throws Exception {
        Map<String, Object> report = load(gpt2(", \"dtype\": \"float32\""), "GPT2LMHeadModel", DType.FLOAT32);
        assertThat(tied(report)).containsOnlyKeys("lm_head.weight");
        // state_dict: wte, wpe, 2 x 12, ln_f (2), and lm_head, tied, written as wte only
        assertThat(tensors(report)).hasSize(2 + 2 * 12 + 2 + 1);
        // transformers' own c_proj is the scaled one: 0.02 / sqrt(2 * 2) = 0.01
        assertThat(std(report, "transformer.h.0.attn.c_proj.weight")).isCloseTo(0.01, within(0.002));
        assertThat(std(report, "transformer.h.1.mlp.c_proj.weight")).isCloseTo(0.01, within(0.002));
        assertThat(std(report, "transformer.h.1.mlp.c_fc.weight")).isCloseTo(0.02, within(0.002));
    }

    @Test
    void gpt2UntiedWithCrossAttentionInBfloat16Loads() throws Exception {
        Map<String, Object> report = load(gpt2(", \"n_layer\": 3, \"n_inner\": 96, \"add_cross_attention\": true, "
                + "\"tie_word_embeddings\": false, \"initializer_range\": 0.03, \"torch_dtype\": \"bfloat16\"")
                .replace("\"n_layer\": 2, ", "").replace("\"n_inner\": null, ", ""), "GPT2LMHeadModel",
                DType.BFLOAT16);
        assertThat(tied(report)).isEmpty();
        assertThat(tensors(report)).containsKeys("lm_head.weight", "transformer.h.2.crossattention.q_attn.weight",
                "transformer.h.2.ln_cross_attn.bias");
        assertThat(tensors(report).get("transformer.h.0.mlp.c_fc.weight").get("shape")).isEqualTo(List.of(64, 96));
    }

    @Test
    void gpt2ModelLoadsWithoutPrefixOrHead() throws Exception {
        Map<String, Object> report = load(gpt2(", \"dtype\": \"float16\"").replace("GPT2LMHeadModel", "GPT2Model"),
                "GPT2Model", DType.FLOAT16);
        assertThat(tensors(report)).containsKeys("wte.weight", "h.1.attn.c_attn.weight", "ln_f.weight")
                .doesNotContainKey("lm_head.weight");
    }

    @Test
    void gpt2ForSequenceClassificationLoadsWithItsScore() throws Exception {
        Map<String, Object> report = load(gpt2(", \"id2label\": {\"0\": \"neg\", \"1\": \"neutral\", \"2\": \"pos\"}, "
                + "\"label2id\": {\"neg\": 0, \"neutral\": 1, \"pos\": 2}, \"pad_token_id\": 299")
                .replace("GPT2LMHeadModel", "GPT2ForSequenceClassification"), "GPT2ForSequenceClassification",
                DType.FLOAT32);
        assertThat(tied(report)).isEmpty();
        assertThat(tensors(report).get("score.weight").get("shape")).isEqualTo(List.of(3, 64));
    }

    @Test
    void bertForSequenceClassificationLoadsWithPoolerAndClassifier() throws Exception {
        Map<String, Object> report = load(bert(", \"architectures\": [\"BertForSequenceClassification\"], "
                + "\"num_labels\": 4, \"dtype\": \"bfloat16\""), "BertForSequenceClassification", DType.BFLOAT16);
        assertThat(tensors(report)).containsKeys("bert.pooler.dense.weight", "classifier.bias");
        assertThat(tensors(report).get("classifier.weight").get("shape")).isEqualTo(List.of(4, 64));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bertModelLoadsWithThePaddingRowZeroAndThePooler() throws Exception {
        Map<String, Object> report = load(bert(""), "BertModel", DType.FLOAT32);
        assertThat(tensors(report)).containsKeys("pooler.dense.weight", "embeddings.token_type_embeddings.weight")
                .doesNotContainKeys("embeddings.position_ids", "embeddings.token_type_ids");
        // pad_token_id is absent: BertConfig's 0
        assertThat((Map<String, Object>) report.get("padding_rows")).containsOnlyKeys("embeddings.word_embeddings");
        assertThat((Map<String, Object>) ((Map<String, Object>) report.get("padding_rows"))
                .get("embeddings.word_embeddings")).containsEntry("row", 0).containsEntry("zero", true)
                .containsEntry("reference_zero", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void bertForMaskedLmTiedInBfloat16Loads() throws Exception {
        Map<String, Object> report = load(bert(", \"architectures\": [\"BertForMaskedLM\"], \"pad_token_id\": 5, "
                + "\"torch_dtype\": \"bfloat16\""), "BertForMaskedLM", DType.BFLOAT16);
        assertThat(tied(report)).containsOnlyKeys("cls.predictions.decoder.weight",
                "cls.predictions.decoder.bias");
        assertThat(tensors(report)).containsKeys("cls.predictions.bias", "cls.predictions.transform.dense.weight")
                .doesNotContainKey("bert.pooler.dense.weight");
        assertThat((Map<String, Object>) ((Map<String, Object>) report.get("padding_rows"))
                .get("bert.embeddings.word_embeddings")).containsEntry("row", 5).containsEntry("zero", true);
    }

    @Test
    void bertForMaskedLmUntiedDecoderWithCrossAttentionLoads() throws Exception {
        Map<String, Object> report = load(bert(", \"architectures\": [\"BertForMaskedLM\"], "
                + "\"tie_word_embeddings\": false, \"is_decoder\": true, \"add_cross_attention\": true, "
                + "\"pad_token_id\": null, \"initializer_range\": 0.05"), "BertForMaskedLM", DType.FLOAT32);
        assertThat(tied(report)).isEmpty();
        assertThat((Map<?, ?>) report.get("padding_rows")).isEmpty();
        assertThat(tensors(report)).containsKeys("cls.predictions.decoder.weight", "cls.predictions.decoder.bias",
                "bert.encoder.layer.1.crossattention.self.key.weight");
        assertThat(std(report, "bert.encoder.layer.1.crossattention.self.key.weight")).isCloseTo(0.05,
                within(0.005));
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }
}
