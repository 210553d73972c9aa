package io.jinit.cli;

/**
 * A comma-separated list of whole numbers as an option takes it ({@code --shape 784,128}). The
 * option is a single value, so that picocli refuses it given twice instead of joining the two
 * lists; the numbers are ASCII digits only (picocli's own conversion takes {@code +3} and
 * Arabic-Indic digits).
 */
final class WholeNumbers {
    private WholeNumbers() {
    }

    /**
     * Parses {@code text}; the empty text is the empty list.
     *
     * @param option the option's name, for messages
     * @param text what the user typed
     * @return the numbers
     * @throws IllegalArgumentException naming the option and the text
     */
    static long[] parse(String option, String text) {
        if (text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",", -1);
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 19 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException(option + " must be whole numbers separated by commas, e.g. "
                        + "784,128: " + text);
            }
            values[i] = Long.parseLong(p);
        }
        return values;
    }
}
