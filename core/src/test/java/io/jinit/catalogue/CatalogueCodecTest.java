package io.jinit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.init.Constant;
import io.jinit.init.DistributionKind;
import io.jinit.init.GainScaling;
import io.jinit.init.Nonlinearity;
import io.jinit.init.RandomTruncatedNormal;
import io.jinit.init.VarianceScaling;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalogue rows read what they write, and families built in Java serialize by a stated rule. */
class CatalogueCodecTest {

    private static final Map<String, Map<String, Object>> REQUIRED = Map.of(
            "constant_", Map.of("val", 0.5),
            "sparse_", Map.of("sparsity", 0.25),
            "torch_linear_bias", Map.of("fan_in", 9L),
            "torch_rnn_default", Map.of("hidden_size", 16L));

    @Test
    void everyRowReadsBackWhatItWrites() {
        for (String name : Catalogue.identifiers().keySet()) {
            if (name.equalsIgnoreCase("initializer")) {
                continue;
            }
            String className = Catalogue.identifiers().get(name);
            Map<String, Object> config = new LinkedHashMap<>(REQUIRED.getOrDefault(className, Map.of()));
            NamedInitializer init = Initializers.get(name, config);
            Map<String, Object> dict = Initializers.serialize(init);
            NamedInitializer back = Initializers.deserialize(dict);
            assertThat(back).as(name).isEqualTo(init);
            assertThat(Initializers.serialize(back)).as(name).isEqualTo(dict);
        }
    }

    @Test
    void familiesBuiltInJavaWriteTheEntryThatHoldsAllTheirParameters() {
        assertThat(Initializers.serialize(new Constant(0.5)))
                .isEqualTo(Initializers.serialize(Initializers.get("Constant", Map.of("value", 0.5))));
        VarianceScaling vs = new VarianceScaling(2.0, FanMode.FAN_OUT, DistributionKind.UNIFORM, FanConvention.TORCH, 3);
        Map<String, Object> dict = Initializers.serialize(vs);
        assertThat(dict).containsEntry("class_name", "VarianceScaling").containsEntry("module", "keras.initializers");
        assertThat(((Catalogued) Initializers.deserialize(dict)).family()).isEqualTo(vs);
        // A two-sigma cut is still written with its absolute bounds: the rule does not look at values.
        RandomTruncatedNormal twoSigma = RandomTruncatedNormal.twoSigma(0.0, 1.0, 5);
        assertThat(Initializers.serialize(twoSigma)).containsEntry("class_name", "trunc_normal_");
        GainScaling xavier = GainScaling.xavier(1.5, DistributionKind.UNIFORM, FanConvention.TORCH, 4);
        assertThat(Initializers.serialize(xavier)).containsEntry("class_name", "xavier_uniform_");
    }

    @Test
    void aKaimingFamilyBuiltInJavaIsRefusedWithTheWayToNameIt() {
        GainScaling kaiming = GainScaling.kaiming(0.0, FanMode.FAN_IN, Nonlinearity.RELU,
                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, 1);
        assertThatThrownBy(() -> Initializers.serialize(kaiming))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TorchCatalogue")
                .hasMessageEndingWith(": " + kaiming);
        NamedInitializer named = TorchCatalogue.kaiming(0.0, FanMode.FAN_IN, Nonlinearity.RELU,
                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, 1);
        assertThat(Initializers.serialize(named)).containsEntry("class_name", "kaiming_normal_");
        assertThat(named.sample(Shape.of(4, 3))).containsExactly(kaiming.sample(Shape.of(4, 3)));
    }

    @Test
    void familiesReportTheirFanConvention() {
        assertThat(Initializers.get("kaiming_normal_", Map.of("seed", 1L)).fanConvention())
                .contains(FanConvention.TORCH);
        assertThat(Initializers.get("he_normal", Map.of("seed", 1L)).fanConvention()).contains(FanConvention.KERAS);
        assertThat(Initializers.get("glorot_uniform", Map.of("seed", 1L, "fan_convention", "torch")).fanConvention())
                .contains(FanConvention.TORCH);
        assertThat(Initializers.get("orthogonal_", Map.of("seed", 1L)).fanConvention()).contains(FanConvention.TORCH);
        for (String name : List.of("normal", "zeros", "stft", "identity")) {
            assertThat(Initializers.get(name).fanConvention()).as(name).isEqualTo(Optional.empty());
        }
        // PyTorch lays out every weight as (out, in, k...), including where no fan enters the values.
        for (String name : List.of("uniform_", "normal_", "eye_", "dirac_", "zeros_")) {
            assertThat(Initializers.get(name).fanConvention()).as(name).contains(FanConvention.TORCH);
        }
        assertThat(Initializers.get("sparse_", Map.of("sparsity", 0.5)).fanConvention()).contains(FanConvention.TORCH);
    }
}
