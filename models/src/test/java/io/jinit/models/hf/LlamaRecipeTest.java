package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names, shapes, dtypes and initializers of {@link LlamaRecipe} against those of transformers
 * 5.18's {@code LlamaForCausalLM} (its {@code state_dict}; the counts were printed by
 * {@code AutoModelForCausalLM.from_config} on the meta device with the same config).
 */
class LlamaRecipeTest {
    private static final long SEED = 2024;

    /** The tiny config of the tests: vocab 1000, hidden 64, intermediate 172, 2 layers, 4 heads, 2 KV heads. */
    static String tiny(String extra) {
        return "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": \"llama\", \"vocab_size\": 1000, "
                + "\"hidden_size\": 64, \"intermediate_size\": 172, \"num_hidden_layers\": 2, "
                + "\"num_attention_heads\": 4, \"num_key_value_heads\": 2" + extra + "}";
    }

    /** The Llama keys of a config's text. */
    static LlamaConfig llama(String json) {
        return (LlamaConfig) HfConfig.parse(json).model();
    }

    static Map<String, ModelSpec.Parameter> byName(ModelSpec spec) {
        Map<String, ModelSpec.Parameter> m = new LinkedHashMap<>();
        for (ModelSpec.Parameter p : spec.parameters()) {
            m.put(p.name(), p);
        }
        return m;
    }

    private static String initializerName(ModelSpec.Parameter p) {
        return ((NamedInitializer) p.computed().orElseThrow().initializer()).className();
    }

    @Test
    void tinyUntiedLayoutIsLlamaForCausalLMs() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny("")), SEED, false, DType.FLOAT32);
        List<String> expected = new ArrayList<>();
        expected.add("model.embed_tokens.weight");
        for (int i = 0; i < 2; i++) {
            for (String m : List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                    "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")) {
                expected.add("model.layers." + i + "." + m + ".weight");
            }
            expected.add("model.layers." + i + ".input_layernorm.weight");
            expected.add("model.layers." + i + ".post_attention_layernorm.weight");
        }
        expected.add("model.norm.weight");
        expected.add("lm_head.weight");
        assertThat(spec.parameters()).extracting(ModelSpec.Parameter::name).containsExactlyElementsOf(expected);

        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("model.embed_tokens.weight").shape()).isEqualTo(Shape.of(1000, 64));
        assertThat(p.get("model.layers.0.self_attn.q_proj.weight").shape()).isEqualTo(Shape.of(64, 64));
        assertThat(p.get("model.layers.0.self_attn.k_proj.weight").shape()).isEqualTo(Shape.of(32, 64));
        assertThat(p.get("model.layers.0.self_attn.v_proj.weight").shape()).isEqualTo(Shape.of(32, 64));
        assertThat(p.get("model.layers.0.self_attn.o_proj.weight").shape()).isEqualTo(Shape.of(64, 64));
        assertThat(p.get("model.layers.1.mlp.gate_proj.weight").shape()).isEqualTo(Shape.of(172, 64));
        assertThat(p.get("model.layers.1.mlp.up_proj.weight").shape()).isEqualTo(Shape.of(172, 64));
        assertThat(p.get("model.layers.1.mlp.down_proj.weight").shape()).isEqualTo(Shape.of(64, 172));
        assertThat(p.get("model.layers.1.input_layernorm.weight").shape()).isEqualTo(Shape.of(64));
        assertThat(p.get("model.norm.weight").shape()).isEqualTo(Shape.of(64));
        assertThat(p.get("lm_head.weight").shape()).isEqualTo(Shape.of(1000, 64));
        assertThat(spec.parameters()).allSatisfy(q -> assertThat(q.dtype()).isEqualTo(DType.FLOAT32));
        // transformers: sum(p.numel() for p in model.parameters())
        assertThat(spec.totalElements()).isEqualTo(1000 * 64 * 2 + 2 * (64 * 64 * 2 + 32 * 64 * 2 + 172 * 64 * 3 + 64 * 2)
                + 64);
        assertThat(spec.metadata()).containsEntry("jinit.hf.model_type", "llama")
                .containsEntry("jinit.hf.architecture", "LlamaForCausalLM");
    }

    @Test
    void initializersAreThoseOfInitWeights() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"initializer_range\": 0.05, \"attention_bias\": true,"
                + " \"mlp_bias\": true")), SEED, false, DType.FLOAT32);
        for (ModelSpec.Parameter p : spec.parameters()) {
            String name = p.name();
            NamedInitializer init = (NamedInitializer) p.computed().orElseThrow().initializer();
            RandomKey key = p.computed().orElseThrow().key();
            assertThat(key).as(name).isEqualTo(RandomKey.of(SEED).derive(name));
            if (name.endsWith(".bias")) {
                assertThat(init.className()).as(name).isEqualTo("zeros_");
            } else if (name.endsWith("norm.weight")) {
                assertThat(init.className()).as(name).isEqualTo("ones_");
            } else {
                assertThat(init.className()).as(name).isEqualTo("normal_");
                assertThat(init.config()).as(name).containsEntry("mean", 0.0).containsEntry("std", 0.05)
                        .containsEntry("seed", key.asLong());
                // the recorded config alone draws the same values
                NamedInitializer again = Initializers.deserialize(Initializers.serialize(init));
                assertThat(again.sample(Shape.of(3, 5))).isEqualTo(init.sample(Shape.of(3, 5), key));
            }
        }
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("model.layers.0.self_attn.k_proj.bias").shape()).isEqualTo(Shape.of(32));
        assertThat(p.get("model.layers.1.mlp.down_proj.bias").shape()).isEqualTo(Shape.of(64));
        assertThat(spec.parameters()).filteredOn(q -> q.name().endsWith(".bias")).hasSize(2 * 7);
        assertThat(p).doesNotContainKey("lm_head.bias");
    }

    @Test
    void tiedEmbeddingsStoreTheEmbeddingOnly() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"tie_word_embeddings\": true")), SEED, false,
                DType.BFLOAT16);
        // save_pretrained of the tied model writes 20 tensors, without lm_head.weight
        assertThat(spec.parameters()).hasSize(20).extracting(ModelSpec.Parameter::name)
                .doesNotContain("lm_head.weight");
        assertThat(spec.parameters()).allSatisfy(q -> assertThat(q.dtype()).isEqualTo(DType.BFLOAT16));
    }

    @Test
    void headDimGivenSetsTheProjectionSizes() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"head_dim\": 24")), SEED, false, DType.FLOAT32);
        Map<String, ModelSpec.Parameter> p = byName(spec);
        assertThat(p.get("model.layers.0.self_attn.q_proj.weight").shape()).isEqualTo(Shape.of(96, 64));
        assertThat(p.get("model.layers.0.self_attn.k_proj.weight").shape()).isEqualTo(Shape.of(48, 64));
        assertThat(p.get("model.layers.0.self_attn.o_proj.weight").shape()).isEqualTo(Shape.of(64, 96));
    }

    @Test
    void tinyLlamaCountsAsTransformersDoes() {
        HfConfig config = HfConfig.parse("{\"model_type\": \"llama\", \"vocab_size\": 32000, \"hidden_size\": 2048, "
                + "\"intermediate_size\": 5632, \"num_hidden_layers\": 22, \"num_attention_heads\": 32, "
                + "\"num_key_value_heads\": 4, \"tie_word_embeddings\": false, \"torch_dtype\": \"bfloat16\"}");
        ModelSpec spec = LlamaRecipe.spec((LlamaConfig) config.model(), SEED, false, config.dtype().orElseThrow());
        // LlamaForCausalLM(config) on the meta device: 1,100,048,384 parameters in 201 tensors
        assertThat(spec.totalElements()).isEqualTo(1_100_048_384L);
        assertThat(spec.parameters()).hasSize(201);
        assertThat(byName(spec).get("model.layers.21.self_attn.k_proj.weight").shape()).isEqualTo(Shape.of(256, 2048));
        assertThat(spec.parameters().get(0).dtype()).isEqualTo(DType.BFLOAT16);
    }

    @Test
    void addingALayerChangesNoOtherTensor() {
        ModelSpec two = LlamaRecipe.spec(llama(tiny("")), SEED, false, DType.FLOAT32);
        ModelSpec three = LlamaRecipe.spec(llama(tiny("").replace("\"num_hidden_layers\": 2",
                "\"num_hidden_layers\": 3")), SEED, false, DType.FLOAT32);
        Map<String, ModelSpec.Parameter> bigger = byName(three);
        for (ModelSpec.Parameter p : two.parameters()) {
            assertThat(bigger.get(p.name())).as(p.name()).isEqualTo(p);
        }
        assertThat(three.parameters().size() - two.parameters().size()).isEqualTo(9);
    }

    @Test
    void initializerNamesPerKind() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny("")), SEED, false, DType.FLOAT32);
        Map<String, Long> kinds = spec.parameters().stream()
                .collect(Collectors.groupingBy(LlamaRecipeTest::initializerName, Collectors.counting()));
        assertThat(kinds).isEqualTo(Map.of("normal_", 1L + 2 * 7 + 1, "ones_", 2L * 2 + 1));
    }

    @Test
    void paddingTokenZeroesTheEmbeddingsRow() {
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"pad_token_id\": 3")), SEED, false, DType.FLOAT32);
        ModelSpec.Parameter embed = spec.parameters().get(0);
        ModelSpec.Computed c = embed.computed().orElseThrow();
        assertThat(c.initializer()).isEqualTo(new PaddingRowNormal(0.0, 0.02, 3, c.key().asLong()));
        float[] values = c.initializer().sample(embed.shape(), c.key());
        float[] normal = Initializers.get("normal_", Map.of("std", 0.02)).sample(embed.shape(), c.key());
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).as("element %d", i).isEqualTo(i / 64 == 3 ? 0f : normal[i]);
        }
    }

    private static List<String> layerZero(ModelSpec spec) {
        return spec.parameters().stream().map(ModelSpec.Parameter::name).filter(n -> n.startsWith("model.layers.0."))
                .map(n -> n.substring("model.layers.0.".length())).toList();
    }

    @Test
    void mistralHasNoBiasesAndEightKeyValueHeadsByDefault() {
        // MistralForCausalLM on the meta device, for this config: k_proj (128, 64), no bias
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"attention_bias\": true, \"mlp_bias\": true")
                .replace("\"llama\"", "\"mistral\"").replace(", \"num_key_value_heads\": 2", "")), SEED, false,
                DType.FLOAT32);
        assertThat(layerZero(spec)).allSatisfy(n -> assertThat(n).endsWith(".weight"));
        assertThat(byName(spec).get("model.layers.0.self_attn.k_proj.weight").shape()).isEqualTo(Shape.of(128, 64));
        assertThat(spec.metadata()).containsEntry("jinit.hf.model_type", "mistral")
                .containsEntry("jinit.hf.architecture", "MistralForCausalLM");
        assertThatThrownBy(() -> HfConfig.parse(tiny("").replace("\"llama\"", "\"mistral\"")
                .replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": null")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("num_key_value_heads must be an integer for model_type mistral: null");
        // MistralConfig does not check that hidden_size is a multiple of the heads
        assertThat(llama(tiny("").replace("\"llama\"", "\"mistral\"")
                .replace("\"hidden_size\": 64", "\"hidden_size\": 66")).headDim()).isEqualTo(16);
    }

    @Test
    void qwen2HasQueryKeyValueBiasesOnly() {
        // Qwen2ForCausalLM on the meta device: q, k, v biases; 32 KV heads when the key is absent
        ModelSpec spec = LlamaRecipe.spec(llama(tiny(", \"mlp_bias\": true")
                .replace("\"llama\"", "\"qwen2\"").replace(", \"num_key_value_heads\": 2", "")), SEED, false,
                DType.FLOAT32);
        assertThat(layerZero(spec)).containsExactly("self_attn.q_proj.weight", "self_attn.q_proj.bias",
                "self_attn.k_proj.weight", "self_attn.k_proj.bias", "self_attn.v_proj.weight", "self_attn.v_proj.bias",
                "self_attn.o_proj.weight", "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight",
                "input_layernorm.weight", "post_attention_layernorm.weight");
        assertThat(byName(spec).get("model.layers.0.self_attn.k_proj.weight").shape()).isEqualTo(Shape.of(512, 64));
        assertThat(byName(spec).get("model.layers.0.self_attn.k_proj.bias").shape()).isEqualTo(Shape.of(512));
        LlamaConfig nullHeads = llama(tiny("").replace("\"llama\"", "\"qwen2\"")
                .replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": null"));
        assertThat(nullHeads.numKeyValueHeads()).isEqualTo(4);
        assertThatThrownBy(() -> HfConfig.parse(tiny(", \"head_dim\": null").replace("\"llama\"", "\"qwen2\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("head_dim must be an integer for model_type qwen2: null");
    }
}
