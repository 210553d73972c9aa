package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.catalogue.Catalogue;
import io.jinit.catalogue.Catalogued;
import io.jinit.catalogue.TorchCatalogue;
import io.jinit.init.Constant;
import io.jinit.init.DistributionKind;
import io.jinit.init.GainScaling;
import io.jinit.init.Nonlinearity;
import io.jinit.init.VarianceScaling;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InitializersTest {

    @Test
    void bareKerasNamesKeepKerasMeaning() {
        assertThat(Initializers.get("normal").config()).containsEntry("stddev", 0.05);
        assertThat(Initializers.get("uniform").config()).containsEntry("minval", -0.05).containsEntry("maxval", 0.05);
        assertThat(Initializers.get("normal").className()).isEqualTo("RandomNormal");
        assertThat(Initializers.get("normal_").config()).containsEntry("std", 1.0);
        assertThat(Initializers.get("uniform_").config()).containsEntry("a", 0.0).containsEntry("b", 1.0);
    }

    @Test
    void torchNamesWithAndWithoutUnderscore() {
        for (String name : List.of("xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
                "trunc_normal", "eye", "dirac", "sparse")) {
            Map<String, Object> config = name.equals("sparse") ? Map.of("sparsity", 0.5, "seed", 3L) : Map.of("seed", 3L);
            Initializer without = Initializers.get(name, name.equals("eye") || name.equals("dirac") ? Map.of() : config);
            NamedInitializer with = Initializers.get(name + "_", name.equals("eye") || name.equals("dirac") ? Map.of() : config);
            assertThat(without).as(name).isEqualTo(with);
            assertThat(with.module()).isEqualTo("torch.nn.init");
        }
    }

    @Test
    void torchDefaultsAndConvention() {
        Catalogued k = (Catalogued) Initializers.get("kaiming_normal_", Map.of("seed", 1L));
        assertThat(k.family()).isEqualTo(GainScaling.kaiming(0.0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU,
                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, 1));
        assertThat(k).isEqualTo(TorchCatalogue.kaiming(0.0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU,
                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, 1));
        assertThat(Initializers.get("kaiming_uniform_", Map.of("mode", "FAN_OUT", "seed", 1L)).config())
                .containsEntry("mode", "fan_out");
    }

    @Test
    void unseededInitializersDrawOnceAndReportTheSeed() {
        NamedInitializer a = Initializers.get("he_normal");
        NamedInitializer b = Initializers.get("he_normal");
        Shape shape = Shape.of(20, 30);
        assertThat(a.sample(shape)).containsExactly(a.sample(shape));
        assertThat(a.sample(shape)).isNotEqualTo(b.sample(shape));
        long seed = (Long) a.config().get("seed");
        assertThat(a.key()).isEqualTo(RandomKey.of(seed));
        assertThat(Initializers.get("he_normal", Map.of("seed", seed)).sample(shape)).containsExactly(a.sample(shape));
    }

    @Test
    void lookupIsExact() {
        assertThat(Initializers.names()).contains("he_normal", "HeNormal", "kaiming_normal_", "torch_linear_default");
        for (String bad : List.of("He_Normal", "he-normal", " he_normal", "java.lang.Runtime",
                "io.jinit.init.Constant", "")) {
            assertThatThrownBy(() -> Initializers.get(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown initializer: " + bad);
        }
        assertThatThrownBy(() -> Initializers.get("He_Normal")).hasMessageEndingWith("(did you mean he_normal?)");
        assertThatThrownBy(() -> Initializers.get("he_normal_")).hasMessageContaining("did you mean he_normal");
        assertThatThrownBy(() -> Initializers.get("x".repeat(1 << 20))).as("a megabyte name costs no quadratic work")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> Initializers.get(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": null");
    }

    @Test
    void deserializeRejectsMalformedDicts() {
        assertThatThrownBy(() -> Initializers.deserialize(Map.of("config", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class_name");
        assertThatThrownBy(() -> Initializers.deserialize(Map.of("class_name", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> Initializers.deserialize(Map.of("class_name", "HeNormal", "config", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config");
        assertThatThrownBy(() -> Initializers.deserialize(Map.of("class_name", "java.lang.ProcessBuilder")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": java.lang.ProcessBuilder");
        assertThatThrownBy(() -> Initializers.deserialize(
                Map.of("class_name", "GlorotUniform", "config", Map.of("seed", 1, "dtype", "float32"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dtype=\"float32\"");
        assertThatThrownBy(() -> Initializers.deserialize(
                Map.of("class_name", "RandomNormal", "config", Map.of("stddev", "0.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stddev").hasMessageContaining("\"0.1\"");
        assertThatThrownBy(() -> Initializers.deserialize(
                Map.of("class_name", "RandomNormal", "config", Map.of("stddev", Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        Map<String, Object> seedGenerator = Map.of("class_name", "RandomNormal", "config",
                Map.of("seed", Map.of("class_name", "SeedGenerator", "config", Map.of("seed", 5))));
        assertThatThrownBy(() -> Initializers.deserialize(seedGenerator))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SeedGenerator");
    }

    /** Keras reads configs without module and with a snake_case class_name; so does jinit. */
    @Test
    void deserializeAcceptsKerasVariants() {
        Map<String, Object> dict = new HashMap<>();
        dict.put("class_name", "random_normal");
        dict.put("config", Map.of("mean", 1.0, "seed", 4));
        assertThat(Initializers.deserialize(dict).config()).containsEntry("mean", 1.0).containsEntry("seed", 4L);
        dict.put("config", null);
        assertThat(Initializers.deserialize(dict).className()).isEqualTo("RandomNormal");
        Map<String, Object> keras2 = Map.of("class_name", "VarianceScaling",
                "config", Map.of("scale", 1.0, "mode", "fan_avg", "distribution", "uniform", "seed", 2));
        VarianceScaling vs = (VarianceScaling) ((Catalogued) Initializers.deserialize(keras2)).family();
        assertThat(vs.kind()).isEqualTo(DistributionKind.UNIFORM);
    }

    @Test
    void customInitializersAreRegisteredInCode() {
        record Halves(long seed) implements NamedInitializer {
            @Override
            public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
                new Constant(0.5).fill(shape, key, from, out, offset, length);
            }

            @Override
            public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
                new Constant(0.5).fill(shape, key, from, out, offset, length);
            }

            @Override
            public RandomKey key() {
                return RandomKey.of(seed);
            }

            @Override
            public String className() {
                return "Halves";
            }

            @Override
            public String module() {
                return "my.models";
            }

            @Override
            public Map<String, Object> config() {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("seed", seed);
                return m;
            }
        }
        Initializers.register("Halves", c -> new Halves(((Number) c.getOrDefault("seed", 0L)).longValue()));
        try {
            Initializer h = Initializers.get("Halves", Map.of("seed", 9L));
            Map<String, Object> dict = Initializers.serialize(h);
            assertThat(dict).containsEntry("registered_name", "my.models>Halves").containsEntry("module", "my.models");
            assertThat(Initializers.deserialize(dict)).isEqualTo(h);
            assertThat(h.sample(Shape.of(3))).containsExactly(0.5f, 0.5f, 0.5f);
            assertThatThrownBy(() -> Initializers.register("he_normal", c -> h))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith(": he_normal");
        } finally {
            assertThat(Initializers.unregister("Halves")).isTrue();
        }
        assertThatThrownBy(() -> Initializers.get("Halves")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyNameResolves() {
        for (String name : Catalogue.identifiers().keySet()) {
            if (name.equalsIgnoreCase("initializer") || name.equals("sparse_") || name.equals("sparse")
                    || name.equals("constant_") || name.startsWith("torch_linear_bias") || name.equals("torch_rnn_default")) {
                continue;
            }
            assertThat(Initializers.get(name)).as(name).isNotNull();
        }
        assertThatThrownBy(() -> Initializers.get("sparse_")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparsity");
        assertThatThrownBy(() -> Initializers.get("constant_")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("val");
        assertThatThrownBy(() -> Initializers.get("torch_rnn_default")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden_size");
    }
}
