package io.jinit.cli;

import io.jinit.cli.report.ArchDiagnosis;
import io.jinit.diagnosis.Initialization;
import io.jinit.diagnosis.convolution.ParameterSource;
import io.jinit.diagnosis.convolution.ResNetRecipes;
import io.jinit.diagnosis.convolution.ResNetSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code jinit diagnose --arch}: a ResNet under each recipe, its tables, verdicts, report and JSON.
 * The options are as typed (null when absent), so that their defaults and checks stay with the
 * network they describe.
 *
 * @param archGiven {@code --arch}
 * @param widthMultiplierGiven {@code --width-multiplier}
 * @param imageGiven {@code --image}
 * @param batchGiven {@code --batch}
 * @param initializersGiven {@code --init}
 * @param seed the seed of every recipe
 * @param threads the threads to compute on
 * @param outputs the table's, report's and JSON's destinations, not yet checked
 */
record ResNetDiagnosis(String archGiven, Double widthMultiplierGiven, Integer imageGiven, Integer batchGiven,
        List<String> initializersGiven, long seed, int threads, DiagnosisOutputs.Requested outputs) {
    /** The width multiplier unless given: a quarter of resnet18's widths runs in seconds. */
    private static final double DEFAULT_WIDTH = 0.25;
    /** The image size unless given. */
    private static final int DEFAULT_IMAGE = 64;
    /** The largest --image: beyond it the patch matrices of one image leave any heap. */
    private static final int MAX_IMAGE = 4096;
    /** The batch unless given. */
    private static final int DEFAULT_BATCH = 8;
    /** The recipes unless --init names others, each a {@link ResNetRecipes} method. */
    private static final List<String> RECIPES = List.of("torchvision", "torch_default", "zero_init_residual");

    /** Checks the options, runs every recipe and writes what they found. */
    void run() {
        String arch = archGiven.strip().toLowerCase(Locale.ROOT);
        if (!arch.equals("resnet18") && !arch.equals("resnet18-plain")) {
            throw new IllegalArgumentException("--arch must be resnet18 or resnet18-plain: " + archGiven);
        }
        double multiplier = widthMultiplierGiven == null ? DEFAULT_WIDTH : widthMultiplierGiven;
        int image = imageGiven == null ? DEFAULT_IMAGE : imageGiven;
        if (image < 1 || image > MAX_IMAGE) {
            throw new IllegalArgumentException("--image must be between 1 and " + MAX_IMAGE + ": " + image);
        }
        int batch = batchGiven == null ? DEFAULT_BATCH : batchGiven;
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1: " + batch);
        }
        ResNetSpec resnet;
        try {
            resnet = ResNetSpec.resnet18().withWidthMultiplier(multiplier).withImageSize(image);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--width-multiplier must be > 0 and keep the widths <= 65536: "
                    + widthMultiplierGiven, e);
        }
        if (arch.endsWith("-plain")) {
            resnet = resnet.plain();
        }
        ArchDiagnosis.Footprint footprint = ArchDiagnosis.Footprint.of(resnet, batch);
        if ((long) batch * footprint.lastMap() * footprint.lastMap() < 2) {
            // torch refuses it too: "Expected more than 1 value per channel when training".
            throw new IllegalArgumentException("--batch " + batch + " with --image " + image + ": the last stage's "
                    + "maps are 1 x 1, and batch normalization needs more than one value per channel; give --batch 2 or "
                    + "more, or a larger --image");
        }
        if (footprint.largestArray() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " with --image " + image + ": a convolution's "
                    + "patch matrix of " + footprint.largestArray() + " values is more than one array holds ("
                    + (Integer.MAX_VALUE - 8) + ")");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (footprint.bytes() > ArchDiagnosis.HEAP_SHARE * heap) {
            throw new IllegalArgumentException("--batch " + batch + " with --image " + image
                    + " and --width-multiplier " + multiplier + ": the network is too large for the heap (about "
                    + footprint.bytes() / (1 << 20) + " MB, more than " + Math.round(ArchDiagnosis.HEAP_SHARE * 100)
                    + "% of " + heap / (1 << 20) + " MB; java -Xmx raises it)");
        }
        Map<String, ParameterSource> recipes = new LinkedHashMap<>();
        List<String> names = ListOption.once("--init", initializersGiven, RECIPES);
        for (String name : names) {
            String key = name.strip();
            ParameterSource source = switch (key) {
                case "torchvision" -> ResNetRecipes.torchvision(seed);
                case "torch_default" -> ResNetRecipes.torchDefaults(seed);
                case "zero_init_residual" -> ResNetRecipes.zeroInitResidual(seed);
                default -> convolutions(key, seed);
            };
            if (recipes.put(key, source) != null) {
                throw new IllegalArgumentException("--init lists " + key + " twice: " + String.join(",", names));
            }
        }
        DiagnosisOutputs checked = outputs.check();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            ArchDiagnosis diagnosis;
            try {
                diagnosis = ArchDiagnosis.run(resnet, recipes, batch, seed, pool, threads);
            } catch (IllegalArgumentException e) {
                // Every other argument was checked above: what is left is an initializer that cannot
                // fill a parameter of this shape.
                throw new IllegalArgumentException("--init: " + e.getMessage(), e);
            }
            checked.write(diagnosis);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A recipe given as an initializer: the convolutions filled by it, BN and fc as torchvision
     * leaves them. LSUV fits the weights of an MLP to its batch and has no convolutional form here.
     */
    private static ParameterSource convolutions(String name, long seed) {
        Initialization init;
        try {
            init = Initialization.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init: " + e.getMessage(), e);
        }
        if (!(init instanceof Initialization.Drawn drawn)) {
            throw new IllegalArgumentException("--init " + name + " cannot be given with --arch: it fits an MLP's "
                    + "weights to the batch; give torchvision, torch_default, zero_init_residual or an initializer");
        }
        return ResNetRecipes.convolutions(drawn.initializer(), seed);
    }
}
