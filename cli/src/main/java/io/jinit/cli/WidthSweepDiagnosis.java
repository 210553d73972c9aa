package io.jinit.cli;

import io.jinit.cli.report.WidthSweep;
import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code jinit diagnose --width-sweep}: muP's coordinate check, its table, report and JSON. The
 * options are as typed (null when absent), so that their defaults and checks stay with the sweep.
 *
 * @param widthsGiven {@code --width-sweep}
 * @param activationGiven {@code --activation}
 * @param optimizerGiven {@code --optimizer}
 * @param learningRateGiven {@code --lr}
 * @param stepsGiven {@code --steps}
 * @param batchGiven {@code --batch}
 * @param seed the seed of every run
 * @param threads the threads to compute on
 * @param outputs the table's, report's and JSON's destinations, not yet checked
 */
record WidthSweepDiagnosis(List<String> widthsGiven, List<String> activationGiven, String optimizerGiven,
        Double learningRateGiven, Integer stepsGiven, Integer batchGiven, long seed, int threads,
        DiagnosisOutputs.Requested outputs) {
    /** The batch of a width sweep unless --batch gives one: that of the {@code mup} package's examples. */
    private static final int DEFAULT_BATCH = 64;
    /** The most steps of a width sweep: a coordinate check looks at the first few steps. */
    private static final int MAX_STEPS = 1000;

    /** Checks the options, runs the sweep and writes what it found. */
    void run() {
        List<Integer> widths = widths(widthsGiven);
        List<String> activation = ListOption.once("--activation", activationGiven, List.of("relu"));
        if (activation.size() != 1) {
            throw new IllegalArgumentException("--width-sweep takes one --activation: " + String.join(",", activation));
        }
        Activation f;
        try {
            f = Activation.of(activation.get(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--activation: " + e.getMessage(), e);
        }
        Optimizer optimizer = optimizer(optimizerGiven);
        double lr = learningRate(learningRateGiven, optimizer == Optimizer.ADAM ? 0.01 : 0.1);
        int steps = steps(stepsGiven);
        int batch = batchGiven == null ? DEFAULT_BATCH : batchGiven;
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1: " + batch);
        }
        CoordinateCheck.Spec sweep;
        try {
            sweep = new CoordinateCheck.Spec(widths, 32, 10, 3, f, optimizer, lr, steps, batch, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--width-sweep: " + e.getMessage(), e);
        }
        DiagnosisOutputs checked = outputs.check();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            CoordinateCheck.Result result;
            try {
                result = CoordinateCheck.run(sweep, pool, threads);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--width-sweep: " + e.getMessage(), e);
            }
            checked.write(WidthSweep.of(result));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code --width-sweep}: whole numbers between 1 and the largest int, as given; the sweep checks
     * their order.
     */
    static List<Integer> widths(List<String> given) {
        List<Integer> widths = new ArrayList<>();
        for (long w : WholeNumbers.parse("--width-sweep", String.join(",", ListOption.once("--width-sweep", given,
                List.of())))) {
            if (w < 1 || w > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--width-sweep widths must be between 1 and " + Integer.MAX_VALUE
                        + ": " + w);
            }
            widths.add((int) w);
        }
        return widths;
    }

    /** {@code --optimizer}: adam (the default) or sgd. */
    static Optimizer optimizer(String given) {
        return switch (given == null ? "adam" : given.strip().toLowerCase(Locale.ROOT)) {
            case "adam" -> Optimizer.ADAM;
            case "sgd" -> Optimizer.SGD;
            default -> throw new IllegalArgumentException("--optimizer must be adam or sgd: " + given);
        };
    }

    /** {@code --lr}, finite and &gt; 0, or the network's default for the optimizer. */
    static double learningRate(Double given, double byDefault) {
        double lr = given != null ? given : byDefault;
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("--lr must be a finite number > 0: " + given);
        }
        return lr;
    }

    /** {@code --steps}: 1 unless given, at most {@value #MAX_STEPS}. */
    static int steps(Integer given) {
        int steps = given == null ? 1 : given;
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("--steps must be between 1 and " + MAX_STEPS + ": " + steps);
        }
        return steps;
    }
}
