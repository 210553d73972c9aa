package io.jinit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean ...?" for a mistyped name: the known names nearest to it by edit distance. */
final class NameSuggestions {
    /** Most names suggested. */
    private static final int MAX = 3;

    private NameSuggestions() {
    }

    /**
     * The suggestion text for {@code typed}: {@code " (did you mean he_normal?)"}, or empty when no
     * known name is near.
     */
    static String didYouMean(String typed, Collection<String> known) {
        List<String> near = nearest(typed, known);
        return near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
    }

    /**
     * The known names nearest to {@code typed}, at most {@value #MAX}. A name is near when at most a
     * third of its letters (and at least 2) differ, ignoring case and the trailing underscore of
     * torch names.
     */
    static List<String> nearest(String typed, Collection<String> known) {
        String t = normal(typed);
        int limit = Math.max(2, t.length() / 3);
        int best = Integer.MAX_VALUE;
        List<String> near = new ArrayList<>();
        for (String name : known) {
            int d = distance(t, normal(name), limit);
            if (d > limit || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                near.clear();
            }
            if (near.size() < MAX) {
                near.add(name);
            }
        }
        return near;
    }

    private static String normal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith("_") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /**
     * Levenshtein distance, or a value above {@code limit} once it must exceed it; long typed names
     * (an attacker's megabyte) are cut off at once, so the work stays linear in the known names.
     */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
