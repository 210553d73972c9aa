package io.jinit.cli.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/** How the report writes numbers and names, the same way in the terminal and on the page. */
final class Figures {
    /** Magnitudes in [{@value #FIXED_MIN}, {@value #FIXED_MAX}) are written in fixed notation. */
    static final double FIXED_MIN = 1e-3;
    /** See {@link #FIXED_MIN}. */
    static final double FIXED_MAX = 1e4;

    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private Figures() {
    }

    /**
     * Four significant digits, fixed between 0.001 and 10000 ({@code 0.1127}, {@code 22.58}),
     * scientific outside ({@code 3.12e-09}); {@code 0}, {@code inf}, {@code -inf} and {@code NaN}
     * as such. Never longer than 10 characters.
     */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= FIXED_MIN && magnitude < FIXED_MAX) {
            BigDecimal rounded = new BigDecimal(value).round(FOUR_DIGITS);
            int leading = rounded.precision() - rounded.scale() - 1; // the power of ten of the first digit
            if (leading < 4) {
                return rounded.setScale(Math.max(0, 3 - leading)).toPlainString();
            }
        }
        return String.format(Locale.ROOT, "%.2e", value);
    }

    /** A threshold as written in the engine: {@code 0.1}, {@code 10}, {@code 0.01}, {@code 100}. */
    static String plain(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A fraction as a percentage with at most one decimal: {@code 0.5} is {@code 50%}. */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return format(fraction);
        }
        double pct = Math.round(fraction * 1000) / 10.0;
        return (pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct)) + "%";
    }

    /**
     * The network in words: {@code "input 256, 10 layers of 256"} when the layers share a width,
     * otherwise {@code "input 784, layers 512, 256, 10"}.
     */
    static String network(List<Integer> widths) {
        if (widths.isEmpty()) {
            return "no layers";
        }
        List<Integer> layers = widths.subList(1, widths.size());
        String input = "input " + widths.get(0);
        if (layers.isEmpty()) {
            return input + ", no layers";
        }
        if (layers.stream().distinct().count() == 1) {
            return input + ", " + layers.size() + (layers.size() == 1 ? " layer of " : " layers of ") + layers.get(0);
        }
        StringBuilder s = new StringBuilder(input).append(", layers ");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(layers.get(i));
        }
        return s.toString();
    }

    /** An activation's name as a file-name stem: lower case letters, digits, '_', '.' and '-'. */
    static String slug(String name) {
        StringBuilder s = new StringBuilder();
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
            if (ok) {
                s.append(c);
            } else if (s.length() > 0 && s.charAt(s.length() - 1) != '-') {
                s.append('-');
            }
        }
        while (s.length() > 0 && (s.charAt(s.length() - 1) == '-' || s.charAt(s.length() - 1) == '.')) {
            s.setLength(s.length() - 1);
        }
        while (s.length() > 0 && (s.charAt(0) == '.' || s.charAt(0) == '-')) {
            s.deleteCharAt(0);
        }
        return s.length() == 0 ? "activation" : s.toString();
    }
}
