package io.jinit.cli.report;

import io.jinit.diagnosis.Verdict;
import java.util.Locale;

/** The words, meanings and colours of the verdicts, shared by every renderer. */
final class Verdicts {
    private Verdicts() {
    }

    /** The verdict as the report writes it: {@code "vanishing"}. Null reads {@code "-"}. */
    static String label(Verdict verdict) {
        return verdict == null ? "-" : verdict.name().toLowerCase(Locale.ROOT);
    }

    /** The verdict a report label names, or null for {@code "-"}. */
    static Verdict parse(String label) {
        if (label == null || label.equals("-")) {
            return null;
        }
        try {
            return Verdict.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verdict must be one of symmetric, dead, saturated, exploding, "
                    + "vanishing, healthy: " + label, e);
        }
    }

    /**
     * What the verdict means, with its threshold. The thresholds are those the diagnosis engine
     * applies (docs/diagnosis.md once it exists).
     */
    static String meaning(Verdict verdict) {
        switch (verdict) {
            case SYMMETRIC:
                return "every unit of a layer computes the same value on every example: symmetry was never "
                        + "broken (e.g. all-zero weights), so every unit gets the same gradient and they stay identical.";
            case DEAD:
                return "at least 50% of a layer's units are never positive over the batch (ReLU-like "
                        + "activations): they pass no gradient back.";
            case SATURATED:
                return "at least 50% of a layer's units sit where their activation is flat (tanh, sigmoid) "
                        + "on at least 95% of the batch: their gradients are close to zero.";
            case EXPLODING:
                return "a layer's pre-activation std exceeds 10x the input's, or its weight-gradient norm "
                        + "exceeds 100x layer 1's.";
            case VANISHING:
                return "a layer's pre-activation std falls below 0.1x the input's, or its weight-gradient norm "
                        + "below 0.01x layer 1's.";
            case HEALTHY:
                return "none of the above in any layer.";
            default:
                throw new AssertionError(verdict);
        }
    }

    /** The ANSI SGR colour code of the verdict in a terminal. */
    static String ansi(Verdict verdict) {
        if (verdict == null) {
            return "0";
        }
        switch (verdict) {
            case HEALTHY:
                return "32";
            case VANISHING:
                return "34";
            case EXPLODING:
                return "31";
            case SATURATED:
                return "33";
            case DEAD:
                return "90";
            case SYMMETRIC:
                return "35";
            default:
                throw new AssertionError(verdict);
        }
    }
}
