package io.jinit.cli.report;

import io.jinit.diagnosis.Verdict;
import java.util.Locale;

/** How a report writes a verdict: its word and its terminal colour, shared by every renderer. */
final class VerdictStyle {
    private VerdictStyle() {
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
