package io.jinit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal and the run is long
 * enough to need one; redrawn at most ten times a second.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    /** Runs smaller than this (elements) finish before a bar would help. */
    private static final long MIN_ELEMENTS = 1L << 26;

    private final PrintWriter err;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;

    ProgressBar(PrintWriter err, long total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.enabled = terminal && total >= MIN_ELEMENTS;
    }

    /** Whether stderr is a terminal (the JVM's console is attached to both streams). */
    static boolean stderrIsTerminal() {
        return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
    }

    synchronized void advance(long elements) {
        done += elements;
        long now = System.nanoTime();
        if (enabled && (now - lastDraw >= REDRAW_NANOS || done >= total)) {
            lastDraw = now;
            int filled = (int) (WIDTH * done / Math.max(1, total));
            double seconds = (now - start) / 1e9;
            // Locale.ROOT: the same digits and separators under every user locale.
            err.printf(Locale.ROOT, "\r[%s%s] %3d%%  %,d / %,d elements  %.1f s", "=".repeat(filled),
                    " ".repeat(WIDTH - filled),
                    100 * done / Math.max(1, total), done, total, seconds);
            err.flush();
        }
    }

    void finish() {
        if (enabled) {
            err.println();
        }
    }
}
