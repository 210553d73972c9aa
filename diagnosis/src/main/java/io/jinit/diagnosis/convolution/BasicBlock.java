package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The basic block of He et al. (2016), <a href="https://arxiv.org/abs/1512.03385">Deep Residual
 * Learning for Image Recognition</a>, CVPR, as torchvision's {@code BasicBlock} builds it:
 * <pre>
 *   F(x) = bn2(conv2(relu(bn1(conv1(x)))))          conv1 3x3 stride s, conv2 3x3 stride 1
 *   S(x) = x, or bn(conv1x1_s(x)) when s ≠ 1 or the width changes   (downsample.0, downsample.1)
 *   y    = relu(F(x) + S(x))
 * </pre>
 * The plain block of the same paper's plain networks drops the shortcut, {@code y = relu(F(x))};
 * without batch normalization the bn layers are left out of F and S.
 *
 * <p>Torchvision applies one ReLU module twice; its figures are reported under
 * {@code <block>.relu} (inside F) and {@code <block>.relu#2} (after the addition).
 */
final class BasicBlock {
    final String name;
    final boolean residual;
    private final List<Layer> branch = new ArrayList<>();
    private final List<Layer> shortcut = new ArrayList<>();
    private final Relu out;
    private double inputStd;
    private double outputStd;
    private double branchToSkip;
    private double inputGradientNorm;
    private FeatureMaps output;

    BasicBlock(String name, int in, int width, int stride, boolean residual, boolean batchNorm,
               ParameterSource source) {
        this.name = name;
        this.residual = residual;
        branch.add(new Conv2d(name + ".conv1", in, width, 3, stride, 1, source));
        if (batchNorm) {
            branch.add(new BatchNorm2d(name + ".bn1", width, source));
        }
        branch.add(new Relu(name + ".relu"));
        branch.add(new Conv2d(name + ".conv2", width, width, 3, 1, 1, source));
        if (batchNorm) {
            branch.add(new BatchNorm2d(name + ".bn2", width, source));
        }
        if (residual && (stride != 1 || in != width)) {
            shortcut.add(new Conv2d(name + ".downsample.0", in, width, 1, stride, 0, source));
            if (batchNorm) {
                shortcut.add(new BatchNorm2d(name + ".downsample.1", width, source));
            }
        }
        out = new Relu(name + ".relu#2");
    }

    FeatureMaps forward(FeatureMaps x, Workers workers) {
        inputStd = Moments.std(x, workers);
        FeatureMaps f = x;
        for (Layer layer : branch) {
            f = layer.forward(f, workers);
        }
        FeatureMaps y;
        if (residual) {
            FeatureMaps s = x;
            for (Layer layer : shortcut) {
                s = layer.forward(s, workers);
            }
            // ||F(x)|| / ||S(x)||: 0 when F starts at zero (zero_init_residual), 1 when branch and
            // shortcut carry equal energy; the stream grows by about sqrt(1 + ratio²) per block.
            branchToSkip = Moments.norm(f, workers) / Moments.norm(s, workers);
            y = out.forward(FeatureMaps.sum(f, s, workers), workers);
        } else {
            y = out.forward(f, workers);
        }
        outputStd = Moments.std(y, workers);
        output = y;
        return y;
    }

    FeatureMaps backward(FeatureMaps dy, Workers workers) {
        FeatureMaps dSum = out.backward(dy, workers);
        FeatureMaps dx = dSum;
        for (int i = branch.size() - 1; i >= 0; i--) {
            dx = branch.get(i).backward(dx, workers);
        }
        if (residual) {
            FeatureMaps ds = dSum;
            for (int i = shortcut.size() - 1; i >= 0; i--) {
                ds = shortcut.get(i).backward(ds, workers);
            }
            dx = FeatureMaps.sum(dx, ds, workers);
        }
        inputGradientNorm = Moments.norm(dx, workers);
        return dx;
    }

    /** The layers in torchvision's order: the branch, the shortcut, then the ReLU after the sum. */
    List<Layer> layers() {
        List<Layer> all = new ArrayList<>(branch);
        all.addAll(shortcut);
        all.add(out);
        return all;
    }

    /** The figures of the last forward and backward pass. */
    BlockFigures figures() {
        return new BlockFigures(name, output.channels, output.height, output.width, inputStd, outputStd,
                residual ? OptionalDouble.of(branchToSkip) : OptionalDouble.empty(), inputGradientNorm);
    }
}
