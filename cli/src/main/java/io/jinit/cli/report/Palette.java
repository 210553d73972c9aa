package io.jinit.cli.report;

import java.awt.Color;
import java.util.Locale;

/**
 * One colour per initializer, by its position in the diagnosis, the same in every chart and on
 * the page; and one colour per verdict. The first eight initializer colours are Okabe and Ito's
 * palette for colour-blind readers (its yellow, hard to see on white, moved last).
 */
final class Palette {
    private static final Color[] INITIALIZERS = {
        new Color(0x0072B2), // blue
        new Color(0xE69F00), // orange
        new Color(0x009E73), // bluish green
        new Color(0xD55E00), // vermillion
        new Color(0xCC79A7), // reddish purple
        new Color(0x56B4E9), // sky blue
        new Color(0x000000), // black
        new Color(0x999999), // grey
        new Color(0xC9B800), // yellow, darkened to be seen on white
    };

    private Palette() {
    }

    /** The colour of the initializer at {@code index} in the diagnosis; it repeats after nine. */
    static Color initializer(int index) {
        return INITIALIZERS[Math.floorMod(index, INITIALIZERS.length)];
    }

    /** Whether the initializer at {@code index} shares its colour with an earlier one (draw it dashed). */
    static boolean repeats(int index) {
        return index >= INITIALIZERS.length;
    }

    /** A colour as CSS {@code #rrggbb}. */
    static String css(Color colour) {
        return String.format(Locale.ROOT, "#%06x", colour.getRGB() & 0xFFFFFF);
    }
}
