package io.jinit.diagnosis;

import java.util.List;

/**
 * Counts of values in equal-width bins over {@code [min, max]}.
 *
 * @param min the lower edge of the first bin
 * @param max the upper edge of the last bin
 * @param counts the count of each bin
 * @since 0.1
 */
public record Histogram(double min, double max, List<Long> counts) {
    /**
     * Copies the counts.
     *
     * @param min the lower edge of the first bin
     * @param max the upper edge of the last bin
     * @param counts the count of each bin
     */
    public Histogram {
        counts = List.copyOf(counts);
    }
}
