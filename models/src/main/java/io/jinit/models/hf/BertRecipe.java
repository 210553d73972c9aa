package io.jinit.models.hf;

import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import java.util.OptionalInt;

/**
 * The parameters transformers 5.18 creates for {@code BertModel} (what {@code AutoModel.from_config}
 * builds for {@code model_type: bert}) or {@code BertForMaskedLM}
 * ({@code AutoModelForMaskedLM}), as a {@link ModelSpec}: the names and shapes of its
 * {@code state_dict} in its order, and the initializers of {@code BertPreTrainedModel._init_weights}.
 *
 * <pre>
 *   embeddings.word_embeddings.weight         (vocab, hidden)          normal_(0, std), row pad_token_id zeros
 *   embeddings.position_embeddings.weight     (max_positions, hidden)  normal_(0, std)
 *   embeddings.token_type_embeddings.weight   (type_vocab, hidden)     normal_(0, std)
 *   embeddings.LayerNorm.{weight,bias}        (hidden,)                ones_, zeros_
 *   encoder.layer.i.attention.self.{query,key,value}.weight  (hidden, hidden)     normal_(0, std)
 *   encoder.layer.i.attention.output.dense.weight            (hidden, hidden)
 *   encoder.layer.i.attention.output.LayerNorm.{weight,bias} (hidden,)
 *     with add_cross_attention, the same under encoder.layer.i.crossattention
 *   encoder.layer.i.intermediate.dense.weight                (intermediate, hidden)
 *   encoder.layer.i.output.dense.weight                      (hidden, intermediate)
 *   encoder.layer.i.output.LayerNorm.{weight,bias}           (hidden,)
 *     each Linear weight followed by its .bias (out,), zeros_
 *   pooler.dense.{weight,bias}                (hidden, hidden), (hidden,)        not in BertForMaskedLM
 * </pre>
 * with {@code std = initializer_range or 0.02}. {@code BertForMaskedLM} has the same tensors under
 * {@code bert.}, without the pooler, and then its head:
 * <pre>
 *   cls.predictions.bias                      (vocab,)                 zeros_
 *   cls.predictions.transform.dense.{weight,bias}      (hidden, hidden), (hidden,)
 *   cls.predictions.transform.LayerNorm.{weight,bias}  (hidden,)
 *   cls.predictions.decoder.weight            (vocab, hidden)          normal_(0, std), unless tied
 *   cls.predictions.decoder.bias              (vocab,)                 zeros_, unless tied
 * </pre>
 * {@code BertForSequenceClassification} has the tensors of {@code BertModel}, the pooler included,
 * under {@code bert.}, then {@code classifier.weight} (num_labels, hidden), {@code normal_(0, std)},
 * and {@code classifier.bias}, zeros (lines 1072, 1077). Every tensor is in the dtype given.
 *
 * <p>Implementation note: read from transformers 5.18.0's source (the wheel on disk, 2026-12),
 * {@code models/bert/modeling_bert.py}: {@code BertEmbeddings} builds the word embeddings with
 * {@code padding_idx=pad_token_id}, the position and token-type embeddings, {@code LayerNorm},
 * and two buffers {@code position_ids} and {@code token_type_ids} registered with
 * {@code persistent=False} (lines 58-66), so that neither is in the {@code state_dict}, written by
 * {@code save_pretrained} or expected by {@code from_pretrained}. {@code BertSelfAttention} builds
 * query, key and value (lines 154-156), {@code BertSelfOutput} a dense and a LayerNorm (285-286),
 * {@code BertLayer} its attention, a cross-attention only for a decoder (359-370),
 * {@code BertIntermediate} and {@code BertOutput} (328, 343-344), {@code BertPooler} one dense (454);
 * {@code BertModel} has the pooler unless {@code add_pooling_layer=False} (609), which
 * {@code BertForMaskedLM} passes (924). The masked-LM head {@code BertLMPredictionHead} registers
 * {@code transform} and {@code decoder} and then its own {@code bias} (lines 486-491); a module's
 * own parameters come before its children's in the {@code state_dict}, hence
 * {@code cls.predictions.bias} first. With {@code tie_word_embeddings} the decoder's weight is the
 * word embeddings and its bias {@code cls.predictions.bias} (lines 910-913), and
 * {@code save_pretrained} writes neither. {@code BertPreTrainedModel._init_weights} (lines 547-554)
 * calls {@code PreTrainedModel._init_weights} ({@code modeling_utils.py} lines 2305-2345:
 * {@code normal_(0, initializer_range or 0.02)} for Linear and Embedding weights, zero Linear
 * biases, the embedding's row {@code padding_idx} zeroed, ones and zeros for LayerNorms) and zeroes
 * {@code cls.predictions.bias}.
 *
 * @since 0.1
 */
public final class BertRecipe {
    private BertRecipe() {
    }

    /**
     * The parameters of a config's {@code BertModel}, {@code BertForMaskedLM} or
     * {@code BertForSequenceClassification}.
     *
     * @param config the config
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because the caller gave none
     * @param dtype the dtype of every tensor
     * @return the spec; its metadata records {@code jinit.hf.model_type} and
     *     {@code jinit.hf.architecture}
     * @throws IllegalArgumentException if its element count overflows a long
     */
    public static ModelSpec spec(BertConfig config, long seed, boolean seedDrawn, DType dtype) {
        ParameterList t = new ParameterList(seed, dtype);
        String prefix = config.prefixed() ? "bert." : "";
        double std = config.initStd();
        int hidden = config.hiddenSize();
        String embeddings = prefix + "embeddings.";
        t.embedding(embeddings + "word_embeddings.weight", config.vocabSize(), hidden, std, config.padTokenId());
        t.embedding(embeddings + "position_embeddings.weight", config.maxPositionEmbeddings(), hidden, std,
                OptionalInt.empty());
        t.embedding(embeddings + "token_type_embeddings.weight", config.typeVocabSize(), hidden, std,
                OptionalInt.empty());
        t.layerNorm(embeddings + "LayerNorm", hidden);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String layer = prefix + "encoder.layer." + i + ".";
            attention(t, layer + "attention.", hidden, std);
            if (config.addCrossAttention()) {
                attention(t, layer + "crossattention.", hidden, std);
            }
            t.linear(layer + "intermediate.dense", config.intermediateSize(), hidden, true, std);
            t.linear(layer + "output.dense", hidden, config.intermediateSize(), true, std);
            t.layerNorm(layer + "output.LayerNorm", hidden);
        }
        if (config.maskedLm()) {
            t.zeros("cls.predictions.bias", config.vocabSize());
            t.linear("cls.predictions.transform.dense", hidden, hidden, true, std);
            t.layerNorm("cls.predictions.transform.LayerNorm", hidden);
            if (!config.tieWordEmbeddings()) {
                t.linear("cls.predictions.decoder", config.vocabSize(), hidden, true, std);
            }
        } else {
            t.linear(prefix + "pooler.dense", hidden, hidden, true, std);
        }
        if (config.sequenceClassification()) {
            t.linear("classifier", config.numLabels(), hidden, true, std);
        }
        return t.spec(seedDrawn, config);
    }

    /** {@code BertAttention}: query, key, value, then the output's dense and LayerNorm. */
    private static void attention(ParameterList t, String module, int hidden, double std) {
        t.linear(module + "self.query", hidden, hidden, true, std);
        t.linear(module + "self.key", hidden, hidden, true, std);
        t.linear(module + "self.value", hidden, hidden, true, std);
        t.linear(module + "output.dense", hidden, hidden, true, std);
        t.layerNorm(module + "output.LayerNorm", hidden);
    }
}
