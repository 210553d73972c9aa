package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.testing.ReadmeExample;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The convolutional example of diagnosis/README.md, as it is written there. */
class ConvolutionReadmeExampleTest {

    @Test
    void readmeExample() {
        // README example begins
        ResNetSpec spec = ResNetSpec.resnet18().withWidthMultiplier(0.25).withImageSize(64).withClasses(10);
        ResNet net = ResNet.of(spec, ResNetRecipes.zeroInitResidual(1));
        ResNetFigures f = net.propagate(4, 7, ForkJoinPool.commonPool(), 2);
        BlockFigures first = f.blocks().get(0);              // layer1.0
        OptionalDouble ratio = first.branchToSkip();         // 0: the block starts as the identity
        double stem = f.layers().get(0).inputGradientNorm();  // the gradient reaching the image
        // README example ends

        assertThat(first.name()).isEqualTo("layer1.0");
        assertThat(ratio).isEqualTo(OptionalDouble.of(0.0));
        assertThat(first.outputStd()).isEqualTo(first.inputStd());
        assertThat(stem).isPositive().isFinite();
    }

    @Test
    void theReadmeShowsThisExampleVerbatim() {
        Path test = Path.of("src/test/java/io/jinit/diagnosis/convolution/ConvolutionReadmeExampleTest.java");
        assertThat(ReadmeExample.shownIn(Path.of("README.md"), test)).as(ReadmeExample.in(test)).isTrue();
    }
}
