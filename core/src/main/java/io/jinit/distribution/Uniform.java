package io.jinit.distribution;

import io.jinit.internal.Checks;
import io.jinit.internal.ChunkScratch;
import io.jinit.internal.ChunkWalk;
import io.jinit.random.RandomKey;

/**
 * The uniform distribution on {@code [low, high)}.
 *
 * <p>Stream use: one 32-bit word {@code w} per element (layout in
 * {@link io.jinit.random.CounterLayout}).
 * <pre>
 *   float32:  u = (w &gt;&gt;&gt; 8) · 2⁻²⁴          v = float(low) + float(high - low) · u     (float arithmetic)
 *   float64:  u = (w + 0.5) · 2⁻³²           v = low + (high - low) · u                 (double arithmetic)
 * </pre>
 * Both are monotone in {@code u}; when the largest {@code u} would round up to {@code high}, the
 * values that do are replaced by the largest value below {@code high}, so the upper bound stays
 * open as Keras and PyTorch promise. {@code low == high} gives {@code low} everywhere.
 *
 * @param low inclusive lower bound
 * @param high exclusive upper bound
 * @since 0.1
 */
public record Uniform(double low, double high) implements Distribution {
    private static final float MAX_U24 = (float) ((0x1p24 - 1) * 0x1p-24);
    private static final double MAX_U32 = (0x1p32 - 0.5) * 0x1p-32;
    private static final double HALF_ABOVE_2_31 = 0x1p31 + 0.5;

    /**
     * Validates the bounds.
     *
     * @param low inclusive lower bound
     * @param high exclusive upper bound
     * @throws IllegalArgumentException if a bound is not finite, low &gt; high, or high - low overflows
     */
    public Uniform {
        Checks.finite("low", low);
        Checks.finite("high", high);
        if (low > high) {
            throw new IllegalArgumentException("low must be <= high: low=" + low + ", high=" + high);
        }
        if (!Double.isFinite(high - low)) {
            throw new IllegalArgumentException("high - low must be finite: low=" + low + ", high=" + high);
        }
    }

    @Override
    public void fill(RandomKey key, long from, float[] out, int offset, int length) {
        float lowF = (float) low;
        float widthF = (float) (high - low);
        float highF = (float) high;
        if (!Float.isFinite(lowF) || !Float.isFinite(highF) || !Float.isFinite(widthF)) {
            throw new IllegalArgumentException("low, high and high - low must fit float32 for a float32 fill: low="
                    + low + ", high=" + high);
        }
        boolean degenerate = low == high;
        boolean guard = !degenerate && lowF + widthF * MAX_U24 >= highF;
        float belowHigh = Math.nextDown(highF);
        ChunkWalk.fill(from, out, offset, length,
                (chunk, dst, o, s) -> writeFloats(key, chunk, dst, o, s, lowF, degenerate ? 0f : widthF, guard, highF,
                        belowHigh));
    }

    @Override
    public void fill(RandomKey key, long from, double[] out, int offset, int length) {
        double width = high - low;
        boolean guard = width > 0 && low + width * MAX_U32 >= high;
        double belowHigh = Math.nextDown(high);
        ChunkWalk.fill(from, out, offset, length,
                (chunk, dst, o, s) -> writeDoubles(key, chunk, dst, o, s, low, width, guard, high, belowHigh));
    }

    private static void writeFloats(RandomKey key, long chunk, float[] dst, int o, ChunkScratch s,
                                    float lowF, float widthF, boolean guard, float highF, float belowHigh) {
        s.words(key, chunk);
        // the conversions in loops of their own: C2 on JDK 17 vectorises the arithmetic only without them
        integers(s.x0, dst, o);
        integers(s.x1, dst, o + 256);
        integers(s.x2, dst, o + 512);
        integers(s.x3, dst, o + 768);
        for (int i = o; i < o + 1024; i++) {
            dst[i] = lowF + widthF * (dst[i] * 0x1p-24f); // u = (w >>> 8)·2^-24, exact
        }
        if (guard) {
            for (int i = o; i < o + 1024; i++) {
                if (dst[i] >= highF) {
                    dst[i] = belowHigh;
                }
            }
        }
    }

    /** The top 24 bits of each word as a float (exact). */
    private static void integers(long[] words, float[] dst, int o) {
        for (int j = 0; j < 256; j++) {
            dst[o + j] = (float) (int) (words[j] >>> 8);
        }
    }

    private static void writeDoubles(RandomKey key, long chunk, double[] dst, int o, ChunkScratch s,
                                     double low, double width, boolean guard, double high, double belowHigh) {
        s.words(key, chunk);
        centred(s.x0, dst, o);
        centred(s.x1, dst, o + 256);
        centred(s.x2, dst, o + 512);
        centred(s.x3, dst, o + 768);
        for (int i = o; i < o + 1024; i++) {
            dst[i] = low + width * ((dst[i] + HALF_ABOVE_2_31) * 0x1p-32); // u = (w + 0.5)·2^-32, exact
        }
        if (guard) {
            for (int i = o; i < o + 1024; i++) {
                if (dst[i] >= high) {
                    dst[i] = belowHigh;
                }
            }
        }
    }

    /**
     * {@code w - 2^31} as a double (exact), through an int: C2 converts int to double faster
     * than long to double on JDK 17. Adding 2<sup>31</sup> + 0.5 then gives {@code w + 0.5}
     * exactly.
     */
    private static void centred(long[] words, double[] dst, int o) {
        for (int j = 0; j < 256; j++) {
            dst[o + j] = (int) (words[j] - 0x8000_0000L);
        }
    }
}
