package io.jinit.models.hf;

import static io.jinit.models.hf.LlamaRecipeTest.llama;
import static io.jinit.models.hf.LlamaRecipeTest.tiny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.formats.DType;
import io.jinit.formats.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading config.json: defaults as LlamaConfig's, and bad input refused in words naming the key and value. */
class HfConfigTest {
    @TempDir
    Path dir;

    private static void refused(String json, String message) {
        assertThatThrownBy(() -> HfConfig.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void defaultsAreLlamaConfigs() {
        HfConfig config = HfConfig.parse(tiny(""));
        LlamaConfig c = (LlamaConfig) config.model();
        assertThat(c.numKeyValueHeads()).isEqualTo(2);
        assertThat(c.headDim()).isEqualTo(16);
        assertThat(c.attentionBias()).isFalse();
        assertThat(c.mlpBias()).isFalse();
        assertThat(c.tieWordEmbeddings()).isFalse();
        assertThat(c.initializerRange()).isEqualTo(0.02);
        assertThat(c.padTokenId()).isEmpty();
        assertThat(config.dtype()).isEmpty();
        LlamaConfig noKv = llama(tiny("").replace(", \"num_key_value_heads\": 2", ""));
        assertThat(noKv.numKeyValueHeads()).isEqualTo(4);
    }

    @Test
    void zeroInitializerRangeMeansTheDefaultStd() {
        // _init_weights: std = self.config.initializer_range or 0.02
        assertThat(llama(tiny(", \"initializer_range\": 0")).initStd()).isEqualTo(0.02);
        assertThat(llama(tiny(", \"initializer_range\": 0.1")).initStd()).isEqualTo(0.1);
    }

    @Test
    void dtypeWinsOverTorchDtype() {
        assertThat(HfConfig.parse(tiny(", \"torch_dtype\": \"float16\"")).dtype()).contains(DType.FLOAT16);
        assertThat(HfConfig.parse(tiny(", \"torch_dtype\": \"float16\", \"dtype\": \"bfloat16\"")).dtype())
                .contains(DType.BFLOAT16);
        assertThat(HfConfig.parse(tiny(", \"dtype\": null, \"torch_dtype\": \"float32\"")).dtype())
                .contains(DType.FLOAT32);
    }

    @Test
    @SuppressWarnings("unchecked")
    void writtenConfigKeepsEveryKeyAndNamesTheWrittenDtype() {
        HfConfig c = HfConfig.parse(tiny(", \"rope_theta\": 10000.0, \"torch_dtype\": \"float16\""));
        Map<String, Object> out = (Map<String, Object>) Json.parse("config", c.toJson(DType.BFLOAT16));
        assertThat(out).containsEntry("rope_theta", 10000.0).containsEntry("dtype", "bfloat16")
                .containsEntry("architectures", java.util.List.of("LlamaForCausalLM"))
                .doesNotContainKey("torch_dtype");
    }

    @Test
    void unknownModelTypeIsNamedWithTheSupportedOnes() {
        refused(tiny("").replace("\"llama\"", "\"gpt_neox\""),
                "model_type must be one of [llama, mistral, qwen2, gpt2, bert]: \"gpt_neox\"");
        refused("{\"vocab_size\": 3}", "config.json has no model_type (one of [llama, mistral, qwen2, gpt2, bert])");
    }

    @Test
    void missingSizeIsNamed() {
        refused(tiny("").replace("\"intermediate_size\": 172, ", ""),
                "config.json has no intermediate_size (required for model_type llama)");
    }

    @Test
    void numbersAreChecked() {
        refused(tiny("").replace("\"hidden_size\": 64", "\"hidden_size\": -64"),
                "hidden_size must be a positive integer: -64");
        refused(tiny("").replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 2.5"),
                "num_hidden_layers must be an integer: 2.5");
        refused(tiny("").replace("\"vocab_size\": 1000", "\"vocab_size\": 3000000000"),
                "vocab_size must be at most 2147483647: 3000000000");
        refused(tiny("").replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 0"),
                "num_attention_heads must be a positive integer: 0");
        refused(tiny("").replace("\"hidden_size\": 64", "\"hidden_size\": 66"),
                "hidden_size must be a multiple of num_attention_heads (4): 66");
        refused(tiny(", \"initializer_range\": 2"), "initializer_range must be between 0 and 1: 2.0");
        refused(tiny(", \"initializer_range\": \"0.02\""), "initializer_range must be a number: \"0.02\"");
        refused(tiny(", \"attention_bias\": 1"), "attention_bias must be true or false: 1");
        refused(tiny(", \"dtype\": \"int8\""), "dtype must be one of [float32, bfloat16, float16]: \"int8\"");
        refused(tiny(", \"pad_token_id\": 1000"), "pad_token_id must be between 0 and vocab_size - 1 (999): 1000");
    }

    @Test
    void malformedDocumentsAreRefused() {
        refused("[1]", "config.json must be a JSON object: [1]");
        assertThatThrownBy(() -> HfConfig.parse("{\"model_type\": ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("config.json is not valid JSON");
    }

    @Test
    void filesAreReadStrictly() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), tiny(""));
        assertThat(((LlamaConfig) HfConfig.read(config).model()).hiddenSize()).isEqualTo(64);
        assertThatThrownBy(() -> HfConfig.read(dir.resolve("none.json"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file does not exist: " + dir.resolve("none.json"));
        assertThatThrownBy(() -> HfConfig.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file is a directory: " + dir);
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
        assertThatThrownBy(() -> HfConfig.read(latin1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config file is not UTF-8 text: " + latin1);
    }
}
