package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.catalogue.TorchCatalogue;
import io.jinit.init.DistributionKind;
import io.jinit.init.Nonlinearity;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Two behaviours of convolutional networks at initialization that the literature predicts. */
class LiteratureBehaviourTest {
    /**
     * A plain network of 10 blocks (20 3x3 convolutions of 64 channels on 16x16 maps, after the
     * stem's 7x7 convolution: 21 convolutions and fc) without batch normalization.
     */
    private static final ResNetSpec PLAIN_21 = new ResNetSpec(List.of(10), 1.0, 64, 10, false, false);

    /**
     * The per-layer factor of the activations' standard deviation from block 1 to block 9 (18
     * convolutions, past the stem's transient), as the geometric mean
     * {@code (std_out(block 9) / std_in(block 1))^(1/18)}.
     */
    private static double perLayerFactor(ResNetFigures figures) {
        List<BlockFigures> blocks = figures.blocks();
        return Math.pow(blocks.get(9).outputStd() / blocks.get(1).inputStd(), 1.0 / 18);
    }

    /**
     * Under PyTorch's default {@code kaiming_uniform_(a = sqrt(5))} the bound is
     * {@code gain · sqrt(3 / fan_in)} with {@code gain² = 2 / (1 + a²) = 1/3}, so the weights are
     * U(±1/sqrt(fan_in)) and {@code Var(W) = bound² / 3 = 1 / (3 fan_in)}. A convolution of a
     * post-ReLU input x has {@code E[y²] = fan_in · Var(W) · E[x²] = E[x²] / 3} (zero-mean weights
     * independent of x), and y is symmetric about 0 (so is W), so the ReLU keeps half its second
     * moment: {@code E[relu(y)²] = E[y²] / 2}. The second moment of the post-activations shrinks by
     * 1/6 per layer, their root mean square by {@code 1/sqrt(6) = 0.408}, and so does their standard
     * deviation: the network has no bias, so it is positively homogeneous, and the shape of the
     * activations (hence std / RMS) does not depend on the weights' scale. Zero padding takes a
     * little more: on a 16x16 map a 3x3 window sees on average {@code (46/48)² = 0.918} of its taps
     * inside the image, so the first layer's factor is {@code 0.408 · sqrt(0.918) = 0.391}, and in
     * the limit the factor is 0.408 times the leading eigenvalue of the padded 3x3 average,
     * {@code (1 + 2 cos(π/17)) / 3 = 0.989}: 0.40. At 64 channels the weights of 18 layers are a
     * finite sample: seeds 1, 2 and 3 measure 0.377, 0.413 and 0.388; the band [0.36, 0.44] holds
     * these and excludes the 1/sqrt(3) = 0.577 of a missing ReLU halving and the 1/3 of a variance
     * of {@code 1 / (9 fan_in)}.
     *
     * <p>Under He's {@code kaiming_normal_(fan_in, relu)}, {@code Var(W) = 2 / fan_in} and the
     * factor is {@code sqrt(2 · 1/2) = 1} less the border, 0.99: seeds 1, 2 and 3 measure 0.955,
     * 0.946 and 0.922, band [0.90, 1.02]. He et al. (2015), <a
     * href="https://arxiv.org/abs/1502.01852">Delving Deep into Rectifiers</a>, ICCV, eq. 10.
     */
    @Test
    void plainConvNetWithoutBatchNormShrinksGeometricallyUnderTorchDefaultsNotUnderHe() {
        ResNetFigures torch = ResNet.of(PLAIN_21, ResNetRecipes.torchDefaults(2)).propagate(2, 5, Runnable::run, 1);
        assertThat(perLayerFactor(torch)).isBetween(0.36, 0.44);
        // 20 layers at 0.41 leave 1e-8 of the first block's input at the last block's output.
        assertThat(torch.blocks().get(9).outputStd() / torch.blocks().get(0).inputStd()).isLessThan(1e-6);

        ResNetFigures he = ResNet.of(PLAIN_21, ResNetRecipes.convolutions(TorchCatalogue.kaiming(0,
                FanMode.FAN_IN, Nonlinearity.RELU, DistributionKind.UNTRUNCATED_NORMAL, FanConvention.TORCH, 2), 2))
                .propagate(2, 5, Runnable::run, 1);
        assertThat(perLayerFactor(he)).isBetween(0.90, 1.02);
    }

    /**
     * With {@code zero_init_residual} (Goyal et al. 2017) the last batch normalization of each
     * branch has γ = 0 and β = 0, so F(x) = 0 exactly and each block computes relu(x + S(x)): the
     * branch-to-skip ratio is exactly 0, and an identity block passes its input, already
     * non-negative after a ReLU, unchanged. Under torchvision's plain recipe the branch carries
     * about as much as the shortcut (ratio near 1: both end in a batch normalization of γ = 1).
     */
    @Test
    void zeroInitResidualMakesEveryBlockTheIdentity() {
        ResNetSpec spec = ResNetSpec.resnet18().withWidthMultiplier(1.0 / 8).withImageSize(32).withClasses(10);
        ResNetFigures zero = ResNet.of(spec, ResNetRecipes.zeroInitResidual(2)).propagate(2, 4, Runnable::run, 1);
        for (BlockFigures block : zero.blocks()) {
            assertThat(block.branchToSkip()).as(block.name()).isEqualTo(OptionalDouble.of(0.0));
            if (!List.of("layer2.0", "layer3.0", "layer4.0").contains(block.name())) {
                assertThat(block.outputStd()).as(block.name()).isEqualTo(block.inputStd());
            }
        }
        ResNetFigures torchvision = ResNet.of(spec, ResNetRecipes.torchvision(2)).propagate(2, 4, Runnable::run, 1);
        for (BlockFigures block : torchvision.blocks()) {
            assertThat(block.branchToSkip().getAsDouble()).as(block.name()).isBetween(0.4, 1.6);
        }
    }
}
