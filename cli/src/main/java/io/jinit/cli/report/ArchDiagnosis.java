package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.convolution.BlockFigures;
import io.jinit.diagnosis.convolution.LayerFigures;
import io.jinit.diagnosis.convolution.ParameterFigures;
import io.jinit.diagnosis.convolution.ParameterSource;
import io.jinit.diagnosis.convolution.ResNet;
import io.jinit.diagnosis.convolution.ResNetFigures;
import io.jinit.diagnosis.convolution.ResNetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code jinit diagnose --arch}: one forward and backward pass of a ResNet under each recipe, the
 * figures the reports show, and a verdict per recipe. The verdicts judge two ratios, each against
 * the bounds of the MLP diagnosis ({@link io.jinit.diagnosis.Diagnoser}):
 * <pre>
 *   stream:   std of the stream leaving each block / std of the input images   within [0.1, 10]
 *   gradient: ||dL/dx|| at the image / ||dL/dx|| entering the last block       within [0.01, 100]
 * </pre>
 * The verdict is the first that applies: {@link Verdict#NOT_FINITE}, {@link Verdict#VANISHING},
 * {@link Verdict#EXPLODING}, {@link Verdict#HEALTHY}. Blocks whose branch-to-skip ratio is 0 are
 * named beside it: the identity start of {@code zero_init_residual}, not a failure.
 *
 * @param spec the network
 * @param batch the images of the batch
 * @param seed the seed of the parameters, the images and the projection
 * @param runs one per recipe, in the order given
 * @since 0.1
 */
public record ArchDiagnosis(ResNetSpec spec, int batch, long seed, List<Run> runs) {
    /** Below this stream std over the input's, the signal has vanished: the MLP's pre-activation bound. */
    public static final double VANISHING_STREAM_RATIO = Diagnoser.VANISHING_STD_RATIO;
    /** Above this stream std over the input's, the stream has grown: the MLP's pre-activation bound. */
    public static final double EXPLODING_STREAM_RATIO = Diagnoser.EXPLODING_STD_RATIO;
    /** Below this image-to-last-block gradient ratio, the gradient vanished on its way back: the MLP's bound. */
    public static final double VANISHING_GRADIENT_RATIO = Diagnoser.VANISHING_GRADIENT_RATIO;
    /** Above this image-to-last-block gradient ratio, the gradient exploded on its way back: the MLP's bound. */
    public static final double EXPLODING_GRADIENT_RATIO = Diagnoser.EXPLODING_GRADIENT_RATIO;
    /** The share of the heap that one pass may take, as for the MLP diagnosis. */
    public static final double HEAP_SHARE = 0.6;

    /** What a branch-to-skip ratio of 0 means, for the reports. */
    public static final String IDENTITY_NOTE = "a block with branch-to-skip 0 starts as the identity (its last BN "
            + "weight is 0, Goyal et al. 2017): the intended start of zero_init_residual, not a failure; the "
            + "branch learns from its first step, since the gradient reaches that BN weight";

    private static final String BN_GROUP = "BN weights";
    private static final String FC_GROUP = "fc";

    /**
     * Copies the runs.
     *
     * @param spec the network
     * @param batch the images of the batch
     * @param seed the seed
     * @param runs one per recipe
     */
    public ArchDiagnosis {
        runs = List.copyOf(runs);
    }

    /** The verdict on one recipe, in the order the rules are tried. */
    public enum Verdict {
        /** A figure is NaN or infinite: float32 overflowed somewhere. */
        NOT_FINITE,
        /** The stream or the gradient at the image fell below its lower bound. */
        VANISHING,
        /** The stream or the gradient at the image rose above its upper bound. */
        EXPLODING,
        /** Every ratio within its bounds. */
        HEALTHY;

        /**
         * The name reports print.
         *
         * @return {@code not finite}, {@code vanishing}, ...
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One recipe's pass and its judgement.
     *
     * @param recipe the recipe's name, as given
     * @param figures the figures of the pass
     * @param verdict the verdict
     * @param reason the sentence that justifies it, with the figure and the bound
     * @param identityBlocks the blocks whose branch-to-skip ratio is exactly 0
     */
    public record Run(String recipe, ResNetFigures figures, Verdict verdict, String reason,
                      List<String> identityBlocks) {
        /**
         * Copies the list.
         *
         * @param recipe the recipe's name
         * @param figures the figures
         * @param verdict the verdict
         * @param reason why
         * @param identityBlocks the identity blocks
         */
        public Run {
            identityBlocks = List.copyOf(identityBlocks);
        }

        /**
         * Judges a pass.
         *
         * @param recipe the recipe's name
         * @param figures the figures of the pass
         * @return the run with its verdict
         */
        public static Run of(String recipe, ResNetFigures figures) {
            List<String> identity = new ArrayList<>();
            for (BlockFigures b : figures.blocks()) {
                if (b.branchToSkip().isPresent() && b.branchToSkip().getAsDouble() == 0) {
                    identity.add(b.name());
                }
            }
            Judged judged = judge(figures);
            return new Run(recipe, figures, judged.verdict, judged.reason, identity);
        }

        /**
         * The stream ratio of a block: the std of the stream leaving it over the input images'.
         *
         * @param block the block
         * @return the ratio
         */
        public double streamRatio(BlockFigures block) {
            return block.outputStd() / figures.inputStd();
        }

        /**
         * The gradient ratio: {@code ||dL/dx||} at the image over its value entering the last
         * block; NaN when the latter is 0 or not finite.
         *
         * @return the ratio
         */
        public double gradientRatio() {
            double last = figures.blocks().get(figures.blocks().size() - 1).inputGradientNorm();
            return last > 0 && Double.isFinite(last) ? imageGradient(figures) / last : Double.NaN;
        }
    }

    /** The gradient reaching the image: the input gradient of the stem's convolution. */
    static double imageGradient(ResNetFigures figures) {
        return figures.layers().get(0).inputGradientNorm();
    }

    /**
     * The fraction of zeros leaving a block: those of its last ReLU ({@code <block>.relu#2}).
     *
     * @param figures the pass
     * @param block the block
     * @return the fraction, or NaN if the pass has no such layer
     */
    public static double zeroFraction(ResNetFigures figures, BlockFigures block) {
        for (LayerFigures l : figures.layers()) {
            if (l.name().equals(block.name() + ".relu#2")) {
                return l.zeroFraction();
            }
        }
        return Double.NaN;
    }

    /**
     * The gradient norms of the parameter groups: the stem's convolution, each stage's
     * convolutions (shortcut projections included), every BN weight γ, and fc's weight; each the
     * Frobenius norm of the group's gradients together.
     *
     * @param figures the pass
     * @return group name to norm, in that order
     */
    public static Map<String, Double> groupGradients(ResNetFigures figures) {
        Map<String, Double> squares = new LinkedHashMap<>();
        for (ParameterFigures p : figures.parameters()) {
            String group = group(p);
            if (group != null) {
                squares.merge(group, p.gradientNorm() * p.gradientNorm(), Double::sum);
            }
        }
        Map<String, Double> bn = new LinkedHashMap<>();
        Map<String, Double> norms = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : squares.entrySet()) {
            (e.getKey().equals(BN_GROUP) ? bn : norms).put(e.getKey(), Math.sqrt(e.getValue()));
        }
        // BN weights come after every convolution, before fc, whatever order the parameters came in.
        Double fc = norms.remove(FC_GROUP);
        norms.putAll(bn);
        if (fc != null) {
            norms.put(FC_GROUP, fc);
        }
        return norms;
    }

    private static String group(ParameterFigures p) {
        String name = p.name();
        if (p.shape().size() == 4) {
            return name.startsWith("layer") ? name.substring(0, name.indexOf('.')) + " convs" : "conv1";
        }
        if (name.equals("fc.weight")) {
            return FC_GROUP;
        }
        // BN's γ: bn1.weight, layerS.B.bnK.weight, layerS.0.downsample.1.weight.
        return name.endsWith(".weight") && p.shape().size() == 1 ? BN_GROUP : null;
    }

    /** A verdict and its reason. */
    private record Judged(Verdict verdict, String reason) {
    }

    private static Judged judge(ResNetFigures f) {
        String notFinite = firstNotFinite(f);
        if (notFinite != null) {
            return new Judged(Verdict.NOT_FINITE, notFinite + " is not finite (float32 overflow)");
        }
        double gradient = imageGradient(f);
        BlockFigures lastBlock = f.blocks().get(f.blocks().size() - 1);
        double last = lastBlock.inputGradientNorm();
        String entering = " that entering " + lastBlock.name();
        for (BlockFigures b : f.blocks()) {
            double r = b.outputStd() / f.inputStd();
            if (r < VANISHING_STREAM_RATIO) {
                return new Judged(Verdict.VANISHING, "the stream leaving " + b.name() + " has a std "
                        + Figures.format(r) + " times the input's (< " + Figures.plain(VANISHING_STREAM_RATIO) + ")");
            }
        }
        if (last == 0) {
            return new Judged(Verdict.VANISHING, "no gradient reaches " + lastBlock.name() + " (its norm is 0)");
        }
        if (gradient / last < VANISHING_GRADIENT_RATIO) {
            return new Judged(Verdict.VANISHING, "the gradient at the image is " + Figures.format(gradient / last)
                    + " of" + entering + " (< " + Figures.plain(VANISHING_GRADIENT_RATIO) + ")");
        }
        for (BlockFigures b : f.blocks()) {
            double r = b.outputStd() / f.inputStd();
            if (r > EXPLODING_STREAM_RATIO) {
                return new Judged(Verdict.EXPLODING, "the stream leaving " + b.name() + " has a std "
                        + Figures.format(r) + " times the input's (> " + Figures.plain(EXPLODING_STREAM_RATIO) + ")");
            }
        }
        if (gradient / last > EXPLODING_GRADIENT_RATIO) {
            return new Judged(Verdict.EXPLODING, "the gradient at the image is " + Figures.format(gradient / last)
                    + " times" + entering + " (> " + Figures.plain(EXPLODING_GRADIENT_RATIO) + ")");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (BlockFigures b : f.blocks()) {
            lo = Math.min(lo, b.outputStd() / f.inputStd());
            hi = Math.max(hi, b.outputStd() / f.inputStd());
        }
        return new Judged(Verdict.HEALTHY, "the stream's std stays within " + Figures.format(lo) + " to "
                + Figures.format(hi) + " of the input's, and the gradient at the image is "
                + Figures.format(gradient / last) + " times" + entering);
    }

    /** The first figure that is not finite, named, in the order of the pass; null if none. */
    private static String firstNotFinite(ResNetFigures f) {
        for (LayerFigures l : f.layers()) {
            if (!Double.isFinite(l.outputStd())) {
                return "the output of " + l.name();
            }
        }
        if (!Double.isFinite(f.loss())) {
            return "the loss";
        }
        // Backward, the gradient goes from the last layer to the first.
        for (int i = f.layers().size() - 1; i >= 0; i--) {
            if (!Double.isFinite(f.layers().get(i).inputGradientNorm())) {
                return "the gradient at the input of " + f.layers().get(i).name();
            }
        }
        for (ParameterFigures p : f.parameters()) {
            if (!Double.isFinite(p.gradientNorm())) {
                return "the gradient of " + p.name();
            }
        }
        return null;
    }

    /**
     * The rule of a verdict in one sentence, written from the constants, for the reports' legends.
     *
     * @param verdict the verdict
     * @return the rule
     */
    public static String rule(Verdict verdict) {
        return switch (verdict) {
            case NOT_FINITE -> "an activation, the loss or a gradient is NaN or infinite: float32 overflowed, and "
                    + "no other figure means anything";
            case VANISHING -> "the stream leaving a block has a std below " + Figures.plain(VANISHING_STREAM_RATIO)
                    + " of the input images', or the gradient at the image is below "
                    + Figures.plain(VANISHING_GRADIENT_RATIO) + " of that entering the last block: the signal or "
                    + "the gradient does not get through";
            case EXPLODING -> "the stream leaving a block has a std above " + Figures.plain(EXPLODING_STREAM_RATIO)
                    + " times the input images' (residual branches adding up), or the gradient at the image is "
                    + "above " + Figures.plain(EXPLODING_GRADIENT_RATIO) + " times that entering the last block";
            case HEALTHY -> "every block's stream std within " + Figures.plain(VANISHING_STREAM_RATIO) + " to "
                    + Figures.plain(EXPLODING_STREAM_RATIO) + " times the input's and the gradient at the image "
                    + "within " + Figures.plain(VANISHING_GRADIENT_RATIO) + " to "
                    + Figures.plain(EXPLODING_GRADIENT_RATIO) + " times that entering the last block";
        };
    }

    /**
     * Runs every recipe, one network at a time (each is dropped before the next is built).
     *
     * @param spec the network
     * @param recipes recipe name to its parameters, in the order to run
     * @param batch the images
     * @param seed the seed of the images and the projection
     * @param executor runs the helper threads
     * @param threads how many threads work at once
     * @return the diagnosis
     */
    public static ArchDiagnosis run(ResNetSpec spec, Map<String, ParameterSource> recipes, int batch, long seed,
                                    Executor executor, int threads) {
        List<Run> runs = new ArrayList<>();
        for (Map.Entry<String, ParameterSource> r : recipes.entrySet()) {
            runs.add(Run.of(r.getKey(), ResNet.of(spec, r.getValue()).propagate(batch, seed, executor, threads)));
        }
        return new ArchDiagnosis(spec, batch, seed, runs);
    }

    /**
     * What one pass of a network needs, from its spec alone, so that a network too large is refused
     * before anything is allocated.
     *
     * @param bytes an upper estimate of the bytes the pass holds: the parameters with their
     *     gradients and copies, and per image every layer's output with its gradient and the largest
     *     convolution's patch matrix with its gradient (im2col, recomputed in the backward pass)
     * @param largestArray the values of the largest single array, the largest patch matrix of the
     *     batch
     * @param lastMap the height (and width) of the last stage's maps
     */
    public record Footprint(long bytes, long largestArray, int lastMap) {
        /**
         * The footprint of a pass.
         *
         * @param spec the network
         * @param batch the images
         * @return its footprint
         */
        public static Footprint of(ResNetSpec spec, int batch) {
            int size = spec.imageSize();
            int c0 = spec.width(0);
            long parameters = 3L * c0 * 49;
            int stem = convOut(size, 7, 2, 3);
            int pooled = convOut(stem, 3, 2, 1);
            long maps = 3L * c0 * stem * stem + (long) c0 * pooled * pooled;
            long patches = (long) stem * stem * 3 * 49;
            int in = c0;
            int h = pooled;
            for (int s = 0; s < spec.blocks().size(); s++) {
                int width = spec.width(s);
                for (int b = 0; b < spec.blocks().get(s); b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    int out = convOut(h, 3, stride, 1);
                    parameters += 9L * in * width + 9L * width * width + 4L * width + (long) in * width;
                    // conv1, bn1, relu, conv2, bn2, the shortcut's conv and bn, the sum, relu#2
                    maps += 9L * width * out * out;
                    patches = Math.max(patches, (long) out * out * Math.max(in, width) * 9);
                    in = width;
                    h = out;
                }
            }
            parameters += (long) in * spec.classes() + spec.classes();
            long perImage = 2 * maps + 2 * patches;
            return new Footprint(Float.BYTES * (4 * parameters + (long) batch * perImage), (long) batch * patches, h);
        }
    }

    private static int convOut(int size, int kernel, int stride, int padding) {
        return Math.max(1, (size + 2 * padding - kernel) / stride + 1);
    }
}
