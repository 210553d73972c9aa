package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.catalogue.TorchCatalogue;
import io.jinit.internal.Workers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input is an IllegalArgumentException naming the argument and its value; overflow is a figure. */
class ArgumentErrorsTest {
    private static final ResNetSpec TINY = ResNetSpec.resnet18().withWidthMultiplier(1.0 / 16).withImageSize(16)
            .withClasses(3);

    @Test
    void specArguments() {
        assertThatThrownBy(() -> new ResNetSpec(List.of(), 1, 32, 10, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blocks must give at least one stage of >= 1 blocks: []");
        assertThatThrownBy(() -> TINY.withBlocks(List.of(2, 0)))
                .hasMessage("blocks must give at least one stage of >= 1 blocks: [2, 0]");
        assertThatThrownBy(() -> TINY.withWidthMultiplier(0))
                .hasMessage("widthMultiplier must be > 0 and keep widths <= 65536: 0.0");
        assertThatThrownBy(() -> TINY.withWidthMultiplier(Double.NaN))
                .hasMessage("widthMultiplier must be > 0 and keep widths <= 65536: NaN");
        assertThatThrownBy(() -> TINY.withImageSize(0)).hasMessage("imageSize must be >= 1: 0");
        assertThatThrownBy(() -> TINY.withClasses(-1)).hasMessage("classes must be >= 1: -1");
        assertThatThrownBy(() -> TINY.width(4)).hasMessage("stage must be in [0, 4): 4");
    }

    @Test
    void networkArguments() {
        ResNet net = ResNet.of(TINY, ResNetRecipes.torchvision(1));
        assertThatThrownBy(() -> net.propagate(0, 1, Runnable::run, 1)).hasMessage("batch must be >= 1: 0");
        assertThatThrownBy(() -> net.propagate(1, 1, Runnable::run, 0)).hasMessage("threads must be >= 1: 0");
        assertThatThrownBy(() -> net.gradient("fc.weights"))
                .hasMessage("name must be a parameter of this network: fc.weights");
        assertThatThrownBy(() -> ResNet.of(TINY, (name, shape) -> new float[3]))
                .hasMessage("parameter conv1.weight [4, 3, 7, 7] needs 588 values: 3");
        assertThatThrownBy(() -> ResNetRecipes.convolutions(null, 1)).hasMessage("init must be given: null");
        assertThatThrownBy(() -> ResNet.of(null, ResNetRecipes.torchvision(1)))
                .hasMessageStartingWith("spec and source must be given: null");
    }

    @Test
    void layerArguments() {
        ParameterSource zeros = (name, shape) -> new float[shape.intSize()];
        assertThatThrownBy(() -> new Conv2d("conv", 2, 2, 0, 1, 0, zeros)).hasMessage("kernel must be >= 1: 0");
        assertThatThrownBy(() -> new Conv2d("conv", 2, 2, 3, 1, -1, zeros)).hasMessage("padding must be >= 0: -1");
        assertThatThrownBy(() -> new MaxPool2d("maxpool", 3, 2, 2))
                .hasMessage("padding must be in [0, kernel / 2 = 1]: 2");
        Conv2d conv = new Conv2d("conv", 1, 1, 5, 1, 0, zeros);
        assertThatThrownBy(() -> conv.forward(FeatureMaps.zeros(1, 1, 3, 3), new Workers(Runnable::run, 1)))
                .hasMessage("conv: input size 3 is smaller than the kernel 5 less twice the padding 0");
        assertThatThrownBy(() -> conv.forward(FeatureMaps.zeros(1, 2, 5, 5), new Workers(Runnable::run, 1)))
                .hasMessage("conv takes 1 channels: 2");
    }

    @Test
    void overflowIsReportedNotThrown() {
        // Weights of 1e20 without batch normalization: the stem gives about 1e21, the next
        // convolution 1e42, beyond float32.
        ResNet net = ResNet.of(TINY.withoutBatchNorm(), ResNetRecipes.convolutions(TorchCatalogue.constant(1e20), 1));
        ResNetFigures figures = net.propagate(2, 1, Runnable::run, 1);
        assertThat(figures.layers().get(0).outputStd()).isFinite();
        assertThat(figures.blocks().get(0).outputStd()).isInfinite();
        assertThat(figures.outputStd()).isInfinite();
        assertThat(figures.parameters().get(0).gradientNorm()).isNaN();
    }
}
