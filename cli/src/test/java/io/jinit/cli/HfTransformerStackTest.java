package io.jinit.cli;

import static io.jinit.testing.SampleMoments.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.diagnosis.transformer.TransformerParameters;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.models.hf.HfConfig;
import org.junit.jupiter.api.Test;

class HfTransformerStackTest {
    private static final HfConfig GPT2 = HfConfig.parse("{\"model_type\": \"gpt2\", \"n_layer\": 12, \"n_embd\": 768, "
            + "\"n_head\": 12, \"vocab_size\": 50257, \"n_positions\": 1024, \"initializer_range\": 0.02}");
    private static final HfConfig LLAMA = HfConfig.parse("{\"model_type\": \"llama\", \"num_hidden_layers\": 32, "
            + "\"hidden_size\": 4096, \"num_attention_heads\": 32, \"num_key_value_heads\": 8, "
            + "\"intermediate_size\": 11008, \"vocab_size\": 32000, \"initializer_range\": 0.02}");

    @Test
    void gpt2IsAPreNormLayerNormStackWithLearnedPositions() {
        TransformerShape s = HfTransformerStack.shape(GPT2, null, null, 128, 4);
        assertThat(s).isEqualTo(new TransformerShape(12, 768, 12, 3072, 50257, 128, 4,
                TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.PRE_NORM,
                TransformerShape.FeedForward.GELU_TANH, TransformerShape.Position.LEARNED, true));
        assertThat(HfTransformerStack.describeConfigRecipe(GPT2, s)).isEqualTo(
                "N(0, 0.02), attention and MLP c_proj N(0, 0.02/sqrt(24))");
    }

    /** Scaled down: the head width (64) and the feed-forward ratio (4, 2.6875) are kept. */
    @Test
    void depthAndWidthScaleDown() {
        TransformerShape g = HfTransformerStack.shape(GPT2, 4, 256, 64, 2);
        assertThat(g.layers()).isEqualTo(4);
        assertThat(g.heads()).isEqualTo(4);
        assertThat(g.feedForwardWidth()).isEqualTo(1024);
        TransformerShape l = HfTransformerStack.shape(LLAMA, 2, 512, 32, 1);
        assertThat(l).isEqualTo(new TransformerShape(2, 512, 4, 1376, 32000, 32, 1, TransformerShape.Norm.RMS_NORM,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.SWIGLU,
                TransformerShape.Position.ROTARY, false));
    }

    /** The config's recipe is transformers': GPT-2's c_proj scaled by the diagnosed depth, Llama's plain. */
    @Test
    void theConfigRecipeIsTransformers() {
        TransformerShape g = HfTransformerStack.shape(GPT2, 2, 128, 8, 1);
        TransformerParameters p = TransformerParameters.of(g, HfTransformerStack.configRecipe(GPT2, g, 3));
        assertThat(std(p.values("layers.1.feed_forward.down.weight"))).isBetween(0.01 * 0.9, 0.01 * 1.1);
        assertThat(std(p.values("layers.1.feed_forward.up.weight"))).isBetween(0.02 * 0.95, 0.02 * 1.05);
        TransformerShape l = HfTransformerStack.shape(LLAMA, 2, 256, 8, 1);
        TransformerParameters q = TransformerParameters.of(l, HfTransformerStack.configRecipe(LLAMA, l, 3));
        assertThat(std(q.values("layers.1.feed_forward.down.weight"))).isBetween(0.02 * 0.95, 0.02 * 1.05);
        assertThat(HfTransformerStack.describeConfigRecipe(LLAMA, l)).isEqualTo("N(0, 0.02) for every weight");
    }

    @Test
    void whatTheDiagnosisCannotRunIsRefusedByName() {
        assertThatThrownBy(() -> HfTransformerStack.shape(HfConfig.parse("{\"model_type\": \"bert\", \"vocab_size\": 100, \"hidden_size\": 64, "
                + "\"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"intermediate_size\": 128, "
                + "\"max_position_embeddings\": 32, \"type_vocab_size\": 2}"), null, null, 8,
                1)).hasMessageContaining("model_type bert is an encoder");
        assertThatThrownBy(() -> HfTransformerStack.shape(GPT2, null, null, 2048, 1))
                .hasMessage("--sequence 2048 is longer than the config's n_positions 1024");
        assertThatThrownBy(() -> HfTransformerStack.shape(GPT2, null, 100, 8, 1))
                .hasMessage("--width 100 is not a multiple of the config's head width 64 (768 / n_head 12)");
        assertThatThrownBy(() -> HfTransformerStack.shape(HfConfig.parse("{\"model_type\": \"gpt2\", "
                + "\"initializer_range\": 0, \"vocab_size\": 100, \"n_positions\": 64, \"n_embd\": 64, \"n_layer\": 2, "
                + "\"n_head\": 2}"), null, null, 8, 1)).hasMessageContaining("initializer_range 0");
        assertThatThrownBy(() -> HfTransformerStack.shape(HfConfig.parse("{\"model_type\": \"qwen2\", \"hidden_size\": "
                + "512, \"num_attention_heads\": 8, \"head_dim\": 128, \"vocab_size\": 100, \"intermediate_size\": 1024, "
                + "\"num_hidden_layers\": 2}"), null, null, 8, 1))
                .hasMessageContaining("head_dim 128 x num_attention_heads 8 is not hidden_size 512");
    }

}
