package io.jinit.cli.report;

/**
 * One PNG written by {@link ChartRenderer}.
 *
 * @param fileName the file's name in the report directory, e.g. {@code relu-pre-activation-std.png}
 * @param kind what it shows
 * @param activation the activation whose runs it shows
 * @param title its title, as drawn on the chart
 * @param description a sentence saying what is plotted, for alt text and captions
 * @param width its width in pixels
 * @param height its height in pixels
 * @since 0.1
 */
public record ChartFile(String fileName, Kind kind, String activation, String title, String description, int width,
                        int height) {

    /** What a chart shows. */
    public enum Kind {
        /** Pre-activation std / input std by layer, one line per initializer, log scale, with the bounds. */
        PRE_ACTIVATION_STD,
        /** Weight-gradient norm / last layer's by layer, one line per initializer, log scale, with the bounds. */
        GRADIENT_RATIO,
        /** Histograms of the first, middle and last layer's activations, one row per initializer. */
        HISTOGRAMS
    }
}
