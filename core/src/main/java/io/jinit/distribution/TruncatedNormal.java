package io.jinit.distribution;

import io.jinit.internal.BoxMuller;
import io.jinit.internal.Checks;
import io.jinit.internal.ChunkScratch;
import io.jinit.internal.ChunkWalk;
import io.jinit.internal.NormalMath;
import io.jinit.random.CounterLayout;
import io.jinit.random.Philox4x32;
import io.jinit.random.RandomKey;

/**
 * The normal N(mean, stddev<sup>2</sup>) restricted to the closed interval {@code [low, high]}
 * (absolute bounds, as in PyTorch's {@code trunc_normal_}; Keras's 2σ truncation is
 * {@code [mean - 2·stddev, mean + 2·stddev]}).
 *
 * <p>Two exact methods, chosen from the parameters alone. With α = (low - mean)/stddev,
 * β = (high - mean)/stddev and mass P = Φ(β) - Φ(α):
 * <ul>
 * <li><b>P &gt;= 1/4: rejection.</b> Element {@code i} first takes the {@link Normal} value of
 * its own words; while {@code mean + stddev·z} lies outside {@code [low, high]} it takes the next
 * candidate from its redraw blocks {@code (lo32(i), hi32(i), attempt, 1)}, four per block in the
 * order cos(x0, x2), sin(x0, x2), cos(x1, x3), sin(x1, x3). The accepted value is exactly
 * N(mean, stddev<sup>2</sup>) conditioned on the interval (up to the Box-Muller tail cut at
 * 6.76σ).</li>
 * <li><b>P &lt; 1/4: inverse CDF</b>, one word {@code w} per element:
 * u = (w + 0.5)·2<sup>-32</sup>, z = Φ<sup>-1</sup>(Φ(α) + u·(Φ(β) - Φ(α))), computed on the side
 * of the interval nearer the mean's lower tail (the interval is reflected when its centre is
 * above the mean) so that far tails keep their relative accuracy.</li>
 * </ul>
 * The float64 value is clamped to {@code [low, high]}; the float32 value is it rounded to nearest
 * and clamped to the floats inside {@code [low, high]}.
 *
 * @param mean the mean of the untruncated normal
 * @param stddev its standard deviation, &gt; 0
 * @param low the lower bound
 * @param high the upper bound, &gt; low
 * @since 0.1
 */
public record TruncatedNormal(double mean, double stddev, double low, double high) implements Distribution {
    /** The standard deviation of N(0,1) truncated to [-2, 2]: Keras's and JAX's correction. */
    public static final double TRUNCATED_STD_2SIGMA = 0.87962566103423978;
    /** Below this mass the inverse CDF is used instead of rejection. */
    private static final double REJECTION_MIN_MASS = 0.25;
    /** The interval must lie within this many standard deviations of the mean. */
    private static final double MAX_SIGMAS = 37.0;
    private static final int MAX_ATTEMPTS = 1 << 20;
    private static final long MASK = 0xFFFF_FFFFL;

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if a parameter is not finite, stddev &lt;= 0, low &gt;= high,
     *     or the interval lies beyond 37 standard deviations from the mean
     */
    public TruncatedNormal {
        Checks.finite("mean", mean);
        Checks.positive("stddev", stddev);
        Checks.finite("low", low);
        Checks.finite("high", high);
        if (!(low < high)) {
            throw new IllegalArgumentException("low must be < high: low=" + low + ", high=" + high);
        }
        if ((high - mean) / stddev < -MAX_SIGMAS || (low - mean) / stddev > MAX_SIGMAS) {
            throw new IllegalArgumentException("interval [low, high] must come within " + MAX_SIGMAS
                    + " standard deviations of the mean: [" + low + ", " + high + "], mean=" + mean
                    + ", stddev=" + stddev);
        }
    }

    /**
     * Keras's and JAX's truncation: {@code [mean - 2·stddev, mean + 2·stddev]}.
     *
     * @param mean the mean
     * @param stddev the standard deviation before truncation
     * @return the distribution
     */
    public static TruncatedNormal twoSigma(double mean, double stddev) {
        return new TruncatedNormal(mean, stddev, mean - 2.0 * stddev, mean + 2.0 * stddev);
    }

    /**
     * The probability mass of the interval under the untruncated normal.
     *
     * @return Φ(β) - Φ(α)
     */
    public double mass() {
        double alpha = (low - mean) / stddev;
        double beta = (high - mean) / stddev;
        if (alpha > -beta) {
            return NormalMath.cdf(-alpha) - NormalMath.cdf(-beta);
        }
        return NormalMath.cdf(beta) - NormalMath.cdf(alpha);
    }

    /**
     * Whether elements are drawn by rejection (true) or by the inverse CDF (false).
     *
     * @return mass() &gt;= 1/4
     */
    public boolean usesRejection() {
        return mass() >= REJECTION_MIN_MASS;
    }

    @Override
    public void fill(RandomKey key, long from, float[] out, int offset, int length) {
        float lowF = insideUp(low);
        float highF = insideDown(high);
        if (usesRejection()) {
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                s.normals(key, chunk, mean, stddev);
                acceptOrRedraw(key, chunk, s);
                roundInto(s.values, dst, o, lowF, highF);
            });
        } else {
            InverseCdf icdf = new InverseCdf(this);
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                icdf.values(key, chunk, s);
                roundInto(s.values, dst, o, lowF, highF);
            });
        }
    }

    @Override
    public void fill(RandomKey key, long from, double[] out, int offset, int length) {
        if (usesRejection()) {
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                s.normals(key, chunk, mean, stddev);
                acceptOrRedraw(key, chunk, s);
                System.arraycopy(s.values, 0, dst, o, 1024);
            });
        } else {
            InverseCdf icdf = new InverseCdf(this);
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                icdf.values(key, chunk, s);
                System.arraycopy(s.values, 0, dst, o, 1024);
            });
        }
    }

    /** Turns the chunk's normals (mean + stddev·z, in values) into accepted values, redrawing those outside. */
    private void acceptOrRedraw(RandomKey key, long chunk, ChunkScratch s) {
        double[] v = s.values;
        long first = chunk * CounterLayout.CHUNK_ELEMENTS;
        for (int i = 0; i < 1024; i++) {
            if (v[i] < low || v[i] > high) {
                v[i] = redraw(key, first + i);
            }
        }
    }

    private double redraw(RandomKey key, long element) {
        int[] block = new int[4];
        double[] pair = new double[2];
        for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            Philox4x32.block(key.k0(), key.k1(), (int) element, (int) (element >>> 32), attempt,
                    CounterLayout.REDRAW_DOMAIN, block);
            for (int q = 0; q < 2; q++) {
                BoxMuller.pair(block[q] & MASK, block[q + 2] & MASK, pair);
                for (int h = 0; h < 2; h++) {
                    double v = mean + stddev * pair[h];
                    if (v >= low && v <= high) {
                        return v;
                    }
                }
            }
        }
        throw new IllegalStateException("no accepted value after " + MAX_ATTEMPTS + " redraws: " + this);
    }

    private static void roundInto(double[] values, float[] dst, int o, float lowF, float highF) {
        for (int i = 0; i < 1024; i++) {
            float f = (float) values[i];
            if (f < lowF) {
                f = lowF;
            } else if (f > highF) {
                f = highF;
            }
            dst[o + i] = f;
        }
    }

    /** The smallest float &gt;= x. */
    private static float insideUp(double x) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
    }

    /** The largest float &lt;= x. */
    private static float insideDown(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }

    /** The inverse-CDF method, with its constants computed once per fill. */
    private static final class InverseCdf {
        private final TruncatedNormal d;
        private final boolean reflect;
        private final double lowerZ;
        private final double upperZ;
        private final double lowerP;
        private final double widthP;

        InverseCdf(TruncatedNormal d) {
            this.d = d;
            double alpha = (d.low - d.mean) / d.stddev;
            double beta = (d.high - d.mean) / d.stddev;
            reflect = alpha > -beta;
            lowerZ = reflect ? -beta : alpha;
            upperZ = reflect ? -alpha : beta;
            lowerP = NormalMath.cdf(lowerZ);
            widthP = NormalMath.cdf(upperZ) - lowerP;
        }

        void values(RandomKey key, long chunk, ChunkScratch s) {
            s.words(key, chunk);
            one(s.x0, s.values, 0);
            one(s.x1, s.values, 256);
            one(s.x2, s.values, 512);
            one(s.x3, s.values, 768);
        }

        private void one(long[] words, double[] out, int o) {
            for (int j = 0; j < 256; j++) {
                double u = ((double) words[j] + 0.5) * 0x1p-32;
                double z = NormalMath.quantile(lowerP + u * widthP);
                z = Math.max(lowerZ, Math.min(upperZ, z));
                double v = d.mean + d.stddev * (reflect ? -z : z);
                out[o + j] = Math.max(d.low, Math.min(d.high, v));
            }
        }
    }
}
