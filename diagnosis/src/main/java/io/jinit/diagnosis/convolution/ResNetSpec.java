package io.jinit.diagnosis.convolution;

import java.util.List;

/**
 * The architecture of a {@link ResNet}: torchvision's ResNet with basic blocks, optionally narrower,
 * on smaller images, without shortcuts or without batch normalization.
 * <pre>
 *   conv1 7x7/2 (3 → c_0), bn1, relu, maxpool 3/2 pad 1
 *   layer1 .. layerS: blocks[s] basic blocks of width c_s = max(1, round(64 · 2^s · multiplier)),
 *                     the first of each stage after the first with stride 2
 *   avgpool (global), fc (c_(S-1) → classes)
 * </pre>
 * {@link #resnet18()} is torchvision's {@code resnet18}: blocks {@code [2, 2, 2, 2]}, multiplier 1,
 * images of 224, 1000 classes.
 *
 * @param blocks the basic blocks of each stage, each &gt;= 1, at least one stage
 * @param widthMultiplier the factor on torchvision's widths 64, 128, 256, 512, &gt; 0
 * @param imageSize the height and width of the input images, &gt;= 1
 * @param classes the outputs of fc, &gt;= 1
 * @param shortcuts whether the blocks are residual ({@code false}: the plain network of the same
 *     depth)
 * @param batchNorm whether the convolutions are followed by batch normalization
 * @since 0.1
 */
public record ResNetSpec(List<Integer> blocks, double widthMultiplier, int imageSize, int classes,
                         boolean shortcuts, boolean batchNorm) {
    /** torchvision's width of the first stage. */
    public static final int BASE_WIDTH = 64;
    /** The channels of the input images (RGB). */
    public static final int INPUT_CHANNELS = 3;

    /**
     * Checks the arguments.
     *
     * @param blocks the basic blocks of each stage
     * @param widthMultiplier the factor on the widths
     * @param imageSize the image height and width
     * @param classes the outputs
     * @param shortcuts whether the blocks are residual
     * @param batchNorm whether there is batch normalization
     * @throws IllegalArgumentException naming the argument and its value if one is out of range
     */
    public ResNetSpec {
        // List.of(...).contains(null) throws, hence the stream.
        if (blocks == null || blocks.isEmpty() || blocks.stream().anyMatch(b -> b == null || b < 1)) {
            throw new IllegalArgumentException("blocks must give at least one stage of >= 1 blocks: " + blocks);
        }
        blocks = List.copyOf(blocks);
        if (!(widthMultiplier > 0) || !Double.isFinite(widthMultiplier)
                || BASE_WIDTH * Math.pow(2, blocks.size() - 1) * widthMultiplier > 1 << 16) {
            throw new IllegalArgumentException("widthMultiplier must be > 0 and keep widths <= 65536: "
                    + widthMultiplier);
        }
        Checks.positive("imageSize", imageSize);
        Checks.positive("classes", classes);
    }

    /**
     * torchvision's {@code resnet18}.
     *
     * @return blocks {@code [2, 2, 2, 2]}, multiplier 1, images of 224, 1000 classes, shortcuts and
     *     batch normalization
     */
    public static ResNetSpec resnet18() {
        return new ResNetSpec(List.of(2, 2, 2, 2), 1.0, 224, 1000, true, true);
    }

    /**
     * This architecture with other stages.
     *
     * @param stageBlocks the basic blocks of each stage
     * @return the copy
     */
    public ResNetSpec withBlocks(List<Integer> stageBlocks) {
        return new ResNetSpec(stageBlocks, widthMultiplier, imageSize, classes, shortcuts, batchNorm);
    }

    /**
     * This architecture with another width multiplier.
     *
     * @param multiplier the factor on the widths
     * @return the copy
     */
    public ResNetSpec withWidthMultiplier(double multiplier) {
        return new ResNetSpec(blocks, multiplier, imageSize, classes, shortcuts, batchNorm);
    }

    /**
     * This architecture on images of another size.
     *
     * @param size the height and width
     * @return the copy
     */
    public ResNetSpec withImageSize(int size) {
        return new ResNetSpec(blocks, widthMultiplier, size, classes, shortcuts, batchNorm);
    }

    /**
     * This architecture with another number of classes.
     *
     * @param outputs the outputs of fc
     * @return the copy
     */
    public ResNetSpec withClasses(int outputs) {
        return new ResNetSpec(blocks, widthMultiplier, imageSize, outputs, shortcuts, batchNorm);
    }

    /**
     * The plain network of the same depth: every block without its shortcut.
     *
     * @return the copy
     */
    public ResNetSpec plain() {
        return new ResNetSpec(blocks, widthMultiplier, imageSize, classes, false, batchNorm);
    }

    /**
     * This architecture without batch normalization.
     *
     * @return the copy
     */
    public ResNetSpec withoutBatchNorm() {
        return new ResNetSpec(blocks, widthMultiplier, imageSize, classes, shortcuts, false);
    }

    /**
     * The width of a stage.
     *
     * @param stage 0-based
     * @return {@code max(1, round(64 · 2^stage · multiplier))}
     * @throws IllegalArgumentException if there is no such stage
     */
    public int width(int stage) {
        if (stage < 0 || stage >= blocks.size()) {
            throw new IllegalArgumentException("stage must be in [0, " + blocks.size() + "): " + stage);
        }
        return (int) Math.max(1, Math.round(BASE_WIDTH * Math.pow(2, stage) * widthMultiplier));
    }
}
