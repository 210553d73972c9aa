package io.jinit.diagnosis;

import io.jinit.diagnosis.Propagation.LayerFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the figures of a run into verdicts and the sentence that explains the run's. The rules
 * and thresholds are those of {@link Diagnoser} and docs/diagnosis.md.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** A layer's verdict and the sentence that gives its deciding figure. */
    record Judged(LayerReport report, String reason, boolean forwardNonFinite, boolean backwardNonFinite) {
    }

    /**
     * The reports of a run's layers.
     *
     * @param inputStd s_0, the standard deviation of the input batch
     * @param figures the layers' figures, layer 1 first
     * @param activation the activation's name, for the sentences
     */
    static List<Judged> judge(double inputStd, List<LayerFigures> figures, Activation activation) {
        int depth = figures.size();
        double lastW = figures.get(depth - 1).weightGradientNorm();
        double lastH = figures.get(depth - 1).activationGradientNorm();
        // The backward signal enters at the last layer, so that is the reference; a last layer with
        // no usable gradient gives no reference, and the ratios are NaN rather than a verdict.
        boolean lastUsable = lastW > 0 && Double.isFinite(lastW);
        List<Judged> judged = new ArrayList<>();
        for (LayerFigures f : figures) {
            int l = f.layer();
            double stdRatio = f.preStd() / inputStd;
            double toLast = lastUsable ? f.weightGradientNorm() / lastW : Double.NaN;
            boolean backwardFinite = Double.isFinite(f.weightGradientNorm())
                    && Double.isFinite(f.activationGradientNorm());
            Verdict verdict;
            String reason;
            if (!f.forwardFinite()) {
                // Dead, saturated and symmetric mean nothing once values overflow.
                verdict = Verdict.EXPLODING;
                reason = "layer " + l + " overflows float32: its pre-activations or activations are not finite";
            } else if (f.symmetric()) {
                verdict = Verdict.SYMMETRIC;
                reason = "layer " + l + ": all " + f.width() + " units compute the same pre-activation on every"
                        + " example, so they get the same gradient and never differ (symmetry not broken)";
            } else if (f.deadFraction() >= Diagnoser.DEAD_FRACTION) {
                verdict = Verdict.DEAD;
                reason = "layer " + l + ": " + percent(f.deadFraction()) + " of units are never positive over the"
                        + " batch (>= " + percent(Diagnoser.DEAD_FRACTION) + ")";
            } else if (f.saturatedFraction() >= Diagnoser.SATURATED_FRACTION) {
                verdict = Verdict.SATURATED;
                reason = "layer " + l + ": " + percent(f.saturatedFraction()) + " of units are saturated ("
                        + activation.name() + "' < " + format(Diagnoser.SATURATION_DERIVATIVE
                        * activation.maxDerivative()) + " on >= " + percent(Diagnoser.SATURATION_BATCH_FRACTION)
                        + " of the batch)";
            } else if (!backwardFinite) {
                verdict = Verdict.EXPLODING;
                reason = "layer " + l + " overflows float32 in the backward pass: its gradient norm is not finite";
            } else if (stdRatio > Diagnoser.EXPLODING_STD_RATIO) {
                verdict = Verdict.EXPLODING;
                reason = "layer " + l + " pre-activation std is " + format(stdRatio) + " times the input's (> "
                        + format(Diagnoser.EXPLODING_STD_RATIO) + ")";
            } else if (toLast > Diagnoser.EXPLODING_GRADIENT_RATIO) {
                verdict = Verdict.EXPLODING;
                reason = "layer " + l + " weight gradient norm is " + format(toLast) + " times layer " + depth
                        + "'s (> " + format(Diagnoser.EXPLODING_GRADIENT_RATIO) + ")";
            } else if (stdRatio < Diagnoser.VANISHING_STD_RATIO) {
                verdict = Verdict.VANISHING;
                reason = "layer " + l + " pre-activation std is " + format(stdRatio) + " of the input's (< "
                        + format(Diagnoser.VANISHING_STD_RATIO) + ")";
            } else if (toLast < Diagnoser.VANISHING_GRADIENT_RATIO) {
                verdict = Verdict.VANISHING;
                reason = "layer " + l + " weight gradient norm is " + format(toLast) + " of layer " + depth
                        + "'s (< " + format(Diagnoser.VANISHING_GRADIENT_RATIO) + ")";
            } else {
                verdict = Verdict.HEALTHY;
                reason = "layer " + l + " is within bounds";
            }
            LayerReport report = new LayerReport(l, f.width(), f.preMean(), f.preStd(), f.mean(), f.std(),
                    f.deadFraction(), f.saturatedFraction(), f.symmetric(), f.weightGradientNorm(),
                    f.activationGradientNorm(), toLast, f.activationGradientNorm() / lastH, verdict);
            judged.add(new Judged(report, reason, !f.forwardFinite(), !backwardFinite));
        }
        return judged;
    }

    /**
     * What a verdict means, with the thresholds {@link #judge} applies, written from the same
     * constants: the legend of every report.
     */
    static String rule(Verdict verdict) {
        switch (verdict) {
            case SYMMETRIC:
                return "every unit of a layer computes the same pre-activation on every example (to a relative "
                        + format(Diagnoser.SYMMETRY_TOLERANCE) + "): symmetry was never broken, so the units get "
                        + "the same gradient and stay identical.";
            case DEAD:
                return "at least " + percent(Diagnoser.DEAD_FRACTION) + " of a layer's units are never positive over "
                        + "the batch (relu, leaky_relu): they pass no gradient back.";
            case SATURATED:
                return "at least " + percent(Diagnoser.SATURATED_FRACTION) + " of a layer's units have a slope below "
                        + percent(Diagnoser.SATURATION_DERIVATIVE) + " of the activation's largest (tanh' < "
                        + format(Diagnoser.SATURATION_DERIVATIVE * Activation.of("tanh").maxDerivative())
                        + ", sigmoid' < " + format(Diagnoser.SATURATION_DERIVATIVE
                        * Activation.of("sigmoid").maxDerivative()) + ") on at least "
                        + percent(Diagnoser.SATURATION_BATCH_FRACTION) + " of the batch: they pass almost no "
                        + "gradient back.";
            case EXPLODING:
                return "a layer's values overflow float32, or its pre-activation std is more than "
                        + format(Diagnoser.EXPLODING_STD_RATIO) + " times the input's, or its weight-gradient norm "
                        + "more than " + format(Diagnoser.EXPLODING_GRADIENT_RATIO) + " times the last layer's "
                        + "(where the gradient enters).";
            case VANISHING:
                return "a layer's pre-activation std is less than " + format(Diagnoser.VANISHING_STD_RATIO)
                        + " times the input's, or its weight-gradient norm less than "
                        + format(Diagnoser.VANISHING_GRADIENT_RATIO) + " times the last layer's (where the "
                        + "gradient enters).";
            case HEALTHY:
                return "none of the above in any layer.";
            default:
                throw new AssertionError(verdict);
        }
    }

    /** The run's verdict: the first in declaration order among its layers'. */
    static Verdict runVerdict(List<Judged> layers) {
        Verdict worst = Verdict.HEALTHY;
        for (Judged j : layers) {
            if (j.report().verdict().compareTo(worst) < 0) {
                worst = j.report().verdict();
            }
        }
        return worst;
    }

    /**
     * The sentence of the run's verdict: that of the first layer with it, except for values that
     * are not finite, which name the layer where they first appear (the lowest layer forward, the
     * highest backward); for a healthy run, the ranges of the two figures the thresholds bound.
     */
    static String runReason(Verdict verdict, List<Judged> layers, double inputStd) {
        if (verdict == Verdict.HEALTHY) {
            double minStd = Double.POSITIVE_INFINITY;
            double maxStd = 0;
            double minGrad = Double.POSITIVE_INFINITY;
            double maxGrad = 0;
            double last = layers.get(layers.size() - 1).report().weightGradientNorm();
            for (Judged j : layers) {
                double r = j.report().preActivationStd() / inputStd;
                minStd = Math.min(minStd, r);
                maxStd = Math.max(maxStd, r);
                double g = j.report().weightGradientNorm() / last;
                minGrad = Math.min(minGrad, g);
                maxGrad = Math.max(maxGrad, g);
            }
            String grads = last > 0 ? ", weight gradient norms " + format(minGrad) + " to " + format(maxGrad)
                    + " times the last layer's" : "";
            return "every layer is within bounds: pre-activation std " + format(minStd) + " to " + format(maxStd)
                    + " times the input's" + grads;
        }
        if (verdict == Verdict.EXPLODING) {
            for (Judged j : layers) {
                if (j.forwardNonFinite()) {
                    return j.reason();
                }
            }
            for (int i = layers.size() - 1; i >= 0; i--) {
                if (layers.get(i).backwardNonFinite() && layers.get(i).report().verdict() == verdict) {
                    return layers.get(i).reason();
                }
            }
        }
        for (Judged j : layers) {
            if (j.report().verdict() == verdict) {
                return j.reason();
            }
        }
        throw new AssertionError(verdict);
    }

    /** Three significant digits, in scientific notation outside [0.01, 1000). */
    static String format(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (a != 0 && (a < 0.01 || a >= 1000)) {
            String s = String.format(Locale.ROOT, "%.2e", v);
            return s.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    private static String percent(double fraction) {
        return format(100 * fraction) + "%";
    }
}
