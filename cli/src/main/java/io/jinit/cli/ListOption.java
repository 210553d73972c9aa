package io.jinit.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A list option of {@code jinit diagnose} taken as typed, one string per occurrence: picocli's own
 * split would join a repeated option into one list ({@code --layers 6,5,4 --layers 0,5}) and
 * would cut an initializer's call at the commas between its parameters.
 */
final class ListOption {
    private ListOption() {
    }

    /**
     * The one value of a list option, split at the commas outside parentheses (so that
     * {@code kaiming_uniform_(a=2.236,mode=fan_out),he_normal} is two entries); {@code defaults}
     * when it is not given.
     *
     * @param option the option's name, for messages
     * @param given the occurrences typed, or null when the option is absent
     * @param defaults the entries when the option is absent
     * @return the entries
     * @throws IllegalArgumentException if the option is given twice
     */
    static List<String> once(String option, List<String> given, List<String> defaults) {
        if (given == null || given.isEmpty()) {
            return defaults;
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException(option + " given twice: " + String.join(" ", given)
                    + " (give one comma-separated list)");
        }
        String list = given.get(0);
        List<String> entries = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                entries.add(list.substring(start, i));
                start = i + 1;
            }
        }
        entries.add(list.substring(start));
        return List.copyOf(entries);
    }
}
