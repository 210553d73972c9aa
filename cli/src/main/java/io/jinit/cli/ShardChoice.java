package io.jinit.cli;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The weight files {@code --shard} names: {@code i/N} (file i of N), or a list of files and
 * ranges of a plan of N, {@code 1,4-6/8}, counted from 1 as the {@code model-0000i-of-0000N}
 * names count them. N must be the plan's number of weight files, so that a worker whose plan
 * differs from the others' (another {@code --max-shard-size}, another config) stops before
 * writing instead of writing files of another layout.
 *
 * @param typed what the user typed
 * @param files the chosen files, numbered from 1
 * @param total N, the number of weight files the user expects
 */
record ShardChoice(String typed, SortedSet<Integer> files, int total) {

    /**
     * Parses {@code --shard}.
     *
     * @param typed what the user typed
     * @return the choice
     * @throws IllegalArgumentException naming {@code --shard} and the text if it is not such a
     *     list, a number is 0 or above N, or a range runs backwards
     */
    static ShardChoice parse(String typed) {
        String form = "--shard must be I/N or a list of files and ranges of N, such as 3/8 or 1,4-6/8: ";
        int slash = typed.indexOf('/');
        if (slash < 0 || slash != typed.lastIndexOf('/')) {
            throw new IllegalArgumentException(form + typed);
        }
        int total = number(typed.substring(slash + 1), form, typed);
        SortedSet<Integer> files = new TreeSet<>();
        for (String part : typed.substring(0, slash).split(",", -1)) {
            int dash = part.indexOf('-');
            int first = number(dash < 0 ? part : part.substring(0, dash), form, typed);
            int last = dash < 0 ? first : number(part.substring(dash + 1), form, typed);
            if (first < 1 || last > total) {
                throw new IllegalArgumentException("--shard numbers must be between 1 and " + total + ": " + typed);
            }
            if (last < first) {
                throw new IllegalArgumentException("--shard range " + part + " runs backwards: " + typed);
            }
            for (int i = first; i <= last; i++) {
                files.add(i);
            }
        }
        return new ShardChoice(typed, Collections.unmodifiableSortedSet(files), total);
    }

    /**
     * Checks the choice against the plan's number of weight files.
     *
     * @param planned the plan's number of weight files
     * @throws IllegalArgumentException naming {@code --shard} and the text if N differs
     */
    void check(int planned) {
        if (total != planned) {
            throw new IllegalArgumentException("--shard counts " + total + " weight files, and this model's plan has "
                    + planned + " (print it with --plan): " + typed);
        }
    }

    /** A decimal number of ASCII digits, below 10^9. */
    private static int number(String digits, String form, String typed) {
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(form + typed);
        }
        return Integer.parseInt(digits);
    }
}
