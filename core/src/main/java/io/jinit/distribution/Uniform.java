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
 *   float32:  u = (w &gt;&gt;&gt; 8) · 2<sup>-24</sup>          v = float(low) + float(high - low) · u     (float arithmetic)
 *   float64:  u = (w + 0.5) · 2<sup>-32</sup>           v = low + (high - low) · u                 (double arithmetic)
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

    /**
     * Validates the bounds.
     *
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
        floats(s.x0, dst, o, lowF, widthF);
        floats(s.x1, dst, o + 256, lowF, widthF);
        floats(s.x2, dst, o + 512, lowF, widthF);
        floats(s.x3, dst, o + 768, lowF, widthF);
        if (guard) {
            for (int i = o; i < o + 1024; i++) {
                if (dst[i] >= highF) {
                    dst[i] = belowHigh;
                }
            }
        }
    }

    private static void floats(long[] words, float[] dst, int o, float lowF, float widthF) {
        for (int j = 0; j < 256; j++) {
            float u = (float) (int) (words[j] >>> 8) * 0x1p-24f;
            dst[o + j] = lowF + widthF * u;
        }
    }

    private static void writeDoubles(RandomKey key, long chunk, double[] dst, int o, ChunkScratch s,
                                     double low, double width, boolean guard, double high, double belowHigh) {
        s.words(key, chunk);
        doubles(s.x0, dst, o, low, width);
        doubles(s.x1, dst, o + 256, low, width);
        doubles(s.x2, dst, o + 512, low, width);
        doubles(s.x3, dst, o + 768, low, width);
        if (guard) {
            for (int i = o; i < o + 1024; i++) {
                if (dst[i] >= high) {
                    dst[i] = belowHigh;
                }
            }
        }
    }

    private static void doubles(long[] words, double[] dst, int o, double low, double width) {
        for (int j = 0; j < 256; j++) {
            double u = ((double) words[j] + 0.5) * 0x1p-32;
            dst[o + j] = low + width * u;
        }
    }
}
