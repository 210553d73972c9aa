package io.jinit.distribution;

import io.jinit.internal.Checks;
import io.jinit.internal.ChunkWalk;
import io.jinit.random.WordSource;

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
 * values are capped at the largest value below {@code high} ({@code min(v, nextDown(high))}),
 * so the upper bound stays open as Keras and PyTorch promise. {@code low == high} gives {@code low} everywhere.
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
        Checks.interval("low", low, "high", high);
    }

    @Override
    public void fill(WordSource words, long from, float[] out, int offset, int length) {
        float lowF = (float) low;
        float widthF = (float) (high - low);
        float highF = (float) high;
        if (!Float.isFinite(lowF) || !Float.isFinite(highF) || !Float.isFinite(widthF)) {
            throw new IllegalArgumentException("low, high and high - low must fit float32 for a float32 fill: low="
                    + low + ", high=" + high);
        }
        float width = low == high ? 0f : widthF;
        boolean guard = low != high && lowF + widthF * MAX_U24 >= highF;
        float ceiling = Math.nextDown(highF);
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
            s.topBits(words, chunk, dst, o); // w >>> 8
            for (int i = o; i < o + 1024; i++) {
                dst[i] = lowF + width * (dst[i] * 0x1p-24f); // u = (w >>> 8)·2^-24, exact
            }
            if (guard) {
                capBelowHigh(dst, o, ceiling);
            }
        });
    }

    @Override
    public void fill(WordSource words, long from, double[] out, int offset, int length) {
        double width = high - low;
        boolean guard = width > 0 && low + width * MAX_U32 >= high;
        double ceiling = Math.nextDown(high);
        ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
            s.centredWords(words, chunk, dst, o); // w - 2^31
            for (int i = o; i < o + 1024; i++) {
                dst[i] = low + width * ((dst[i] + HALF_ABOVE_2_31) * 0x1p-32); // u = (w + 0.5)·2^-32, exact
            }
            if (guard) {
                capBelowHigh(dst, o, ceiling);
            }
        });
    }

    /** {@code min(v, ceiling)}: the values that rounded up to high become the value below it. */
    private static void capBelowHigh(float[] dst, int o, float ceiling) {
        for (int i = o; i < o + 1024; i++) {
            dst[i] = Math.min(dst[i], ceiling);
        }
    }

    /** {@code min(v, ceiling)}: the values that rounded up to high become the value below it. */
    private static void capBelowHigh(double[] dst, int o, double ceiling) {
        for (int i = o; i < o + 1024; i++) {
            dst[i] = Math.min(dst[i], ceiling);
        }
    }
}
