package io.jinit.cli;

import io.jinit.cli.report.WidthSweep;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.transformer.TransformerCoordinateCheck;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.models.hf.HfConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * {@code jinit diagnose --hf-config config.json --width-sweep W1,W2,...}: muP's coordinate check
 * ({@link TransformerCoordinateCheck}) on a Hugging Face config's decoder stack. The base stack is
 * the config's at the first width W1, which keeps the config's head width; the check keeps its
 * heads and grows the head width with the other widths. sigma is the config's
 * {@code initializer_range}. The options are as typed (null when absent), so that their defaults
 * and checks stay with the sweep.
 *
 * @param hfConfig {@code --hf-config}
 * @param widthsGiven {@code --width-sweep}
 * @param depthGiven {@code --depth}
 * @param sequenceGiven {@code --sequence}
 * @param batchGiven {@code --batch}
 * @param optimizerGiven {@code --optimizer}
 * @param learningRateGiven {@code --lr}
 * @param stepsGiven {@code --steps}
 * @param seed the seed of the parameters, the tokens and the projection
 * @param threads the threads to compute on
 * @param outputs the table's, report's and JSON's destinations, not yet checked
 */
record TransformerWidthSweep(Path hfConfig, List<String> widthsGiven, Integer depthGiven, Integer sequenceGiven,
        Integer batchGiven, String optimizerGiven, Double learningRateGiven, Integer stepsGiven, long seed,
        int threads, DiagnosisOutputs.Requested outputs) {
    /**
     * Tokens per sequence unless --sequence gives it: few, so that GPT-2 small at --depth 2 sweeps
     * 64 to 512 in seconds; the slopes are those of the stack, not of the sequence.
     */
    private static final int DEFAULT_SEQUENCE = 16;
    /** Sequences unless --batch gives it. */
    private static final int DEFAULT_BATCH = 2;
    /**
     * Adam's learning rate unless --lr gives it: one step stays small against the stream at the base
     * width (TransformerCoordinateCheck's measurements; at 1e-2 the step replaces the stream and SP's
     * slopes saturate).
     */
    private static final double DEFAULT_ADAM_RATE = 1e-3;
    /** SGD's learning rate unless --lr gives it, small at the base width likewise. */
    private static final double DEFAULT_SGD_RATE = 1e-4;

    /** Reads the config, checks the options, runs the check and writes what it found. */
    void run() {
        HfConfig config = HfTransformerStack.read(hfConfig);
        List<Integer> widths = WidthSweepDiagnosis.widths(widthsGiven);
        int sequence = sequenceGiven == null ? DEFAULT_SEQUENCE : sequenceGiven;
        int batch = batchGiven == null ? DEFAULT_BATCH : batchGiven;
        HfTransformerStack.positive("--sequence", sequence);
        HfTransformerStack.positive("--batch", batch);
        HfTransformerStack.positive("--depth", depthGiven);
        Optimizer optimizer = WidthSweepDiagnosis.optimizer(optimizerGiven);
        double lr = WidthSweepDiagnosis.learningRate(learningRateGiven, optimizer == Optimizer.ADAM
                ? DEFAULT_ADAM_RATE : DEFAULT_SGD_RATE);
        int steps = WidthSweepDiagnosis.steps(stepsGiven);
        String given = "--width-sweep " + widths.stream().map(String::valueOf).collect(Collectors.joining(","));
        TransformerShape base;
        try {
            base = HfTransformerStack.shape(config, depthGiven, widths.get(0), sequence, batch);
        } catch (IllegalArgumentException e) {
            // The first width is the base stack's --width: its error speaks of the sweep's first width.
            throw e.getMessage().startsWith("--width ") ? new IllegalArgumentException(given + ": the first width is "
                    + "the base stack's, which keeps the config's head width: " + e.getMessage().substring(2), e)
                    : e.getMessage().startsWith("--") ? e : new IllegalArgumentException("--hf-config: "
                    + e.getMessage(), e);
        }
        TransformerCoordinateCheck.Spec spec;
        try {
            spec = new TransformerCoordinateCheck.Spec(base, widths, optimizer, lr,
                    HfTransformerStack.initializerRange(config), steps, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(given + ": " + e.getMessage(), e);
        }
        TransformerShape widest = spec.stack(widths.get(widths.size() - 1));
        long bytes = HfTransformerStack.bytes(widest);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > 0.6 * heap) {
            throw new IllegalArgumentException(given + ": the widest stack (" + widest.layers() + " blocks of width "
                    + widest.width() + ", vocabulary " + widest.vocabulary() + ") needs about " + (bytes >> 20)
                    + " MiB, more than 60% of the heap (" + (heap >> 20) + " MiB); --depth and smaller widths scale it "
                    + "down, java -Xmx raises the heap");
        }
        DiagnosisOutputs checked = outputs.check();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            checked.write(WidthSweep.of(TransformerCoordinateCheck.run(spec, pool, threads), hfConfig.toString(),
                    config.family().modelType()));
        } finally {
            pool.shutdownNow();
        }
    }
}
