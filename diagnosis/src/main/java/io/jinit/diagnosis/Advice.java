package io.jinit.diagnosis;

import io.jinit.compat.Recommendation;
import io.jinit.compat.WeightInits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recommendation of an activation: the initializer seed 002's table names for it, checked
 * against the runs of the diagnosis. A table entry the runs contradict is not repeated as advice:
 * <ul>
 * <li>the table's initializer was run and is healthy: it, with the table's reason;</li>
 * <li>other initializers are healthy: those, and what became of the table's;</li>
 * <li>none is healthy: that, the best of them (the one whose worst layer is nearest the bounds)
 * with the reason of its verdict, and what to try instead.</li>
 * </ul>
 */
final class Advice {
    /** Where the gain 1 / max f' for sigmoid comes from. */
    private static final String SIGMOID_GAIN_SOURCE = "the factor 4 of the deeplearning.net MLP tutorial for sigmoid,"
            + " after Glorot and Bengio 2010";

    private Advice() {
    }

    /** The table's recommendation for an activation: {@link WeightInits#recommend}. */
    static Recommendation table(Activation activation) {
        return WeightInits.recommend(activation.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The table's advice alone, for a run whose layers mix activations. */
    static String tableAdvice(Activation activation) {
        Recommendation r = table(activation);
        return r.initializer() + ": " + r.reason();
    }

    /**
     * The run the advice names first among the healthy ones: the table's initializer if it ran
     * and is healthy, else the first healthy run in the order given.
     *
     * @param activation the activation
     * @param runs the runs under it, each with its verdict
     * @return the run, or empty when none is healthy
     */
    static Optional<RunReport> choice(Activation activation, List<RunReport> runs) {
        Recommendation r = table(activation);
        RunReport firstHealthy = null;
        for (RunReport run : runs) {
            if (run.verdict() == Verdict.HEALTHY) {
                if (run.initializer().equals(r.initializer())) {
                    return Optional.of(run);
                }
                if (firstHealthy == null) {
                    firstHealthy = run;
                }
            }
        }
        return Optional.ofNullable(firstHealthy);
    }

    /**
     * The advice for an activation given its runs.
     *
     * @param activation the activation
     * @param runs the runs under it, each with its verdict
     * @param widths the network's widths, for a concrete std to try
     */
    static String advise(Activation activation, List<RunReport> runs, List<Integer> widths) {
        Recommendation r = table(activation);
        RunReport tableRun = null;
        List<String> healthy = new ArrayList<>();
        for (RunReport run : runs) {
            if (run.initializer().equals(r.initializer())) {
                tableRun = run;
            }
            if (run.verdict() == Verdict.HEALTHY) {
                healthy.add(run.initializer());
            }
        }
        String name = activation.name();
        if (tableRun != null && tableRun.verdict() == Verdict.HEALTHY) {
            return r.initializer() + ": " + r.reason();
        }
        String table = tableRun == null ? "the table's " + r.initializer() + " was not tried"
                : "the table's " + r.initializer() + " is " + label(tableRun.verdict()) + ": " + tableRun.reason();
        if (!healthy.isEmpty()) {
            return String.join(", ", healthy) + (healthy.size() == 1 ? " is" : " are") + " healthy for " + name
                    + " here (" + table + ")";
        }
        RunReport best = null;
        double bestExcess = Double.POSITIVE_INFINITY;
        for (RunReport run : runs) {
            double e = excess(run);
            if (best == null || e < bestExcess) {
                best = run;
                bestExcess = e;
            }
        }
        String advice = "none of the initializers tried is healthy for " + name + "; the best is "
                + best.initializer() + ", " + label(best.verdict()) + ": " + best.reason() + "; try "
                + attempt(activation, best, runs, widths);
        return tableRun == null ? advice + " (" + table + ")" : advice;
    }

    /** What to try when nothing was healthy, from how the best run failed. */
    private static String attempt(Activation activation, RunReport best, List<RunReport> runs, List<Integer> widths) {
        boolean lsuvTried = runs.stream().anyMatch(run -> run.initializer().strip().equalsIgnoreCase(Initialization.LSUV));
        String lsuv = lsuvTried ? "" : ", or lsuv, which scales every layer to unit pre-activation variance";
        switch (best.verdict()) {
            case SYMMETRIC:
                return "random weights: equal weights never break symmetry";
            case DEAD:
                return "a smaller scale or leaky_relu" + lsuv;
            case SATURATED:
                return "a smaller scale" + lsuv;
            case EXPLODING:
                return "a smaller scale" + lsuv;
            default:
                break;
        }
        if (forwardVanishes(best)) {
            return "a larger scale" + lsuv;
        }
        if (activation.maxDerivative() < 1) {
            // The slope of sigmoid is at most 1/4: whatever keeps the forward variance, each layer
            // shrinks the backward signal about fourfold unless the weights are that much larger.
            double gain = 1 / activation.maxDerivative();
            String std = sameWidths(widths) ? " (std=" + Verdicts.format(gain / Math.sqrt(widths.get(0)))
                    + " here)" : "";
            return "weights of std " + Verdicts.format(gain) + " / sqrt(fan_in)" + std + ", which make up for "
                    + activation.name() + "'s slope of at most " + Verdicts.format(activation.maxDerivative()) + " ("
                    + SIGMOID_GAIN_SOURCE + "), or fewer layers";
        }
        return "fewer layers" + lsuv;
    }

    private static boolean sameWidths(List<Integer> widths) {
        return widths.stream().distinct().count() == 1;
    }

    private static boolean forwardVanishes(RunReport run) {
        for (LayerReport l : run.layers()) {
            if (l.preActivationStd() / run.inputStd() < Diagnoser.VANISHING_STD_RATIO) {
                return true;
            }
        }
        return false;
    }

    /**
     * How far a run is from healthy, in decades beyond the bounds of its worst layer: 0 for a
     * healthy run, +∞ for values that are not finite and for the structural verdicts (symmetric,
     * dead, saturated), which no scale fixes by a known amount.
     */
    static double excess(RunReport run) {
        switch (run.verdict()) {
            case HEALTHY:
                return 0;
            case SYMMETRIC:
            case DEAD:
            case SATURATED:
                return Double.POSITIVE_INFINITY;
            default:
                break;
        }
        double worst = 0;
        for (LayerReport l : run.layers()) {
            worst = Math.max(worst, outside(l.preActivationStd() / run.inputStd(), Diagnoser.VANISHING_STD_RATIO,
                    Diagnoser.EXPLODING_STD_RATIO));
            if (!Double.isNaN(l.weightGradientRatio())) {
                worst = Math.max(worst, outside(l.weightGradientRatio(), Diagnoser.VANISHING_GRADIENT_RATIO,
                        Diagnoser.EXPLODING_GRADIENT_RATIO));
            }
        }
        return worst;
    }

    /** Decades of {@code r} below {@code low} or above {@code high}; 0 within; +∞ for 0, ∞ or NaN. */
    private static double outside(double r, double low, double high) {
        if (!(r > 0) || !Double.isFinite(r)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.max(0, Math.max(Math.log10(low / r), Math.log10(r / high)));
    }

    private static String label(Verdict verdict) {
        return verdict.name().toLowerCase(java.util.Locale.ROOT);
    }
}
