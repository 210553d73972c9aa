package io.jinit.diagnosis.convolution;

import static io.jinit.testing.SampleMoments.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.catalogue.TorchCatalogue;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parameters of the presets, as torchvision names and shapes them, and the recipes' values. */
class ResNetStructureTest {
    /** A network of the spec whose parameters are zeros, and the shapes it asked for, in order. */
    private static Map<String, Shape> shapes(ResNetSpec spec) {
        Map<String, Shape> asked = new LinkedHashMap<>();
        ResNet net = ResNet.of(spec, (name, shape) -> {
            asked.put(name, shape);
            return new float[shape.intSize()];
        });
        assertThat(net.parameterNames()).containsExactlyElementsOf(asked.keySet());
        return asked;
    }

    private static double maxAbs(float[] x) {
        double max = 0;
        for (float v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void resnet18HasTorchvisionsParameters() {
        Map<String, Shape> shapes = shapes(ResNetSpec.resnet18());
        // torchvision.models.resnet18(): 62 parameter tensors, 11,689,512 values.
        assertThat(shapes).hasSize(62);
        assertThat(shapes.values().stream().mapToLong(Shape::size).sum()).isEqualTo(11_689_512L);
        assertThat(new ArrayList<>(shapes.keySet()).subList(0, 9)).containsExactly("conv1.weight", "bn1.weight",
                "bn1.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias",
                "layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.bn2.bias");
        assertThat(shapes.get("conv1.weight")).isEqualTo(Shape.of(64, 3, 7, 7));
        assertThat(shapes.get("layer2.0.conv1.weight")).isEqualTo(Shape.of(128, 64, 3, 3));
        assertThat(shapes.get("layer2.0.downsample.0.weight")).isEqualTo(Shape.of(128, 64, 1, 1));
        assertThat(shapes.get("layer4.1.bn2.bias")).isEqualTo(Shape.of(512));
        assertThat(shapes.get("fc.weight")).isEqualTo(Shape.of(1000, 512));
        assertThat(shapes.keySet().stream().filter(n -> n.contains("downsample")))
                .containsExactly("layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight",
                        "layer2.0.downsample.1.bias", "layer3.0.downsample.0.weight", "layer3.0.downsample.1.weight",
                        "layer3.0.downsample.1.bias", "layer4.0.downsample.0.weight", "layer4.0.downsample.1.weight",
                        "layer4.0.downsample.1.bias");
        List<String> last = new ArrayList<>(shapes.keySet()).subList(60, 62);
        assertThat(last).containsExactly("fc.weight", "fc.bias");
    }

    @Test
    void variantsDropTheShortcutsOrTheBatchNorms() {
        ResNetSpec narrow = ResNetSpec.resnet18().withWidthMultiplier(0.25);
        assertThat(shapes(narrow).get("layer2.0.conv1.weight")).isEqualTo(Shape.of(32, 16, 3, 3));
        Map<String, Shape> plain = shapes(narrow.plain());
        assertThat(plain.keySet()).noneMatch(n -> n.contains("downsample")).hasSize(62 - 9);
        Map<String, Shape> noBatchNorm = shapes(narrow.withoutBatchNorm());
        assertThat(noBatchNorm.keySet()).noneMatch(n -> n.contains("bn")).contains("layer3.0.downsample.0.weight")
                .hasSize(1 + 16 + 3 + 2);
    }

    @Test
    void torchvisionRecipe() {
        long seed = 4;
        ResNet net = ResNet.of(ResNetSpec.resnet18().withWidthMultiplier(0.25).withClasses(10),
                ResNetRecipes.torchvision(seed));
        // kaiming_normal_(fan_out, relu): std sqrt(2 / (out · 9)) = sqrt(2 / 288) for (32, 16, 3, 3);
        // 4608 values give a relative standard error of 1/sqrt(2 · 4608) = 1%, the band is 5%.
        float[] conv = net.parameter("layer2.0.conv1.weight");
        assertThat(std(conv)).isCloseTo(Math.sqrt(2.0 / 288), within(0.05 * Math.sqrt(2.0 / 288)));
        // Values are jinit's stream under the parameter's own key.
        assertThat(conv).containsExactly(ResNetRecipes.fill(TorchCatalogue.kaiming(0,
                io.jinit.shape.FanMode.FAN_OUT, io.jinit.init.Nonlinearity.RELU,
                io.jinit.init.DistributionKind.UNTRUNCATED_NORMAL, io.jinit.shape.FanConvention.TORCH, seed),
                "layer2.0.conv1.weight", Shape.of(32, 16, 3, 3), seed));
        assertThat(conv).isNotEqualTo(net.parameter("layer2.0.conv2.weight"));
        assertThat(net.parameter("layer1.0.bn2.weight")).containsOnly(1.0f);
        assertThat(net.parameter("layer1.0.bn2.bias")).containsOnly(0.0f);
        // nn.Linear's default: weight and bias in U(±1/sqrt(128)).
        double bound = 1 / Math.sqrt(128);
        for (String name : List.of("fc.weight", "fc.bias")) {
            float[] v = net.parameter(name);
            assertThat(maxAbs(v)).as(name).isLessThanOrEqualTo(bound).isGreaterThan(bound / 2);
        }
    }

    @Test
    void torchDefaultsAndZeroInitResidual() {
        ResNetSpec spec = ResNetSpec.resnet18().withWidthMultiplier(0.25).withClasses(10);
        ResNet defaults = ResNet.of(spec, ResNetRecipes.torchDefaults(4));
        // kaiming_uniform_(a = sqrt(5)): U(±1/sqrt(fan_in)), std 1/sqrt(3 fan_in), fan_in = 16 · 9.
        float[] conv = defaults.parameter("layer2.0.conv1.weight");
        assertThat(maxAbs(conv)).isLessThanOrEqualTo(1 / Math.sqrt(144));
        assertThat(std(conv)).isCloseTo(1 / Math.sqrt(3 * 144), within(0.05 / Math.sqrt(3 * 144)));

        ResNet zero = ResNet.of(spec, ResNetRecipes.zeroInitResidual(4));
        ResNet torchvision = ResNet.of(spec, ResNetRecipes.torchvision(4));
        for (String name : zero.parameterNames()) {
            if (name.endsWith(".bn2.weight")) {
                assertThat(zero.parameter(name)).as(name).containsOnly(0.0f);
            } else {
                assertThat(zero.parameter(name)).as(name).isEqualTo(torchvision.parameter(name));
            }
        }
    }

    @Test
    void aKerasConventionInitializerIsFilledInItsOwnLayoutAndPermuted() {
        long seed = 6;
        Initializer heNormal = Initializers.get("he_normal");
        ResNet net = ResNet.of(ResNetSpec.resnet18().withWidthMultiplier(0.25),
                ResNetRecipes.convolutions(heNormal, seed));
        // Keras reads (kh, kw, in, out) = (3, 3, 16, 32): fan_in = 144, so std sqrt(2 / 144) (in
        // PyTorch's layout (32, 16, 3, 3) the same fan-in; fan_out would give sqrt(2 / 288)).
        float[] conv = net.parameter("layer2.0.conv1.weight");
        assertThat(std(conv)).isCloseTo(Math.sqrt(2.0 / 144), within(0.05 * Math.sqrt(2.0 / 144)));
        float[] keras = heNormal.sample(Shape.of(3, 3, 16, 32), RandomKey.of(seed).derive("layer2.0.conv1.weight"));
        // torch (o, c, u, v) = keras (u, v, c, o); e.g. (o, c, u, v) = (5, 7, 2, 1).
        assertThat(conv[((5 * 16 + 7) * 3 + 2) * 3 + 1]).isEqualTo(keras[((2 * 3 + 1) * 16 + 7) * 32 + 5]);
        assertThat(conv).containsExactlyInAnyOrder(keras);
    }
}
