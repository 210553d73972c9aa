package io.jinit.distribution;

import io.jinit.internal.Checks;
import io.jinit.internal.ChunkScratch;
import io.jinit.internal.ChunkWalk;
import io.jinit.internal.NormalMath;
import io.jinit.random.CounterLayout;
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

    /**
     * Validates the parameters.
     *
     * @param mean the mean of the untruncated normal
     * @param stddev its standard deviation, &gt; 0
     * @param low the lower bound
     * @param high the upper bound, &gt; low
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
        if (!Float.isFinite(lowF) || !Float.isFinite(highF) || lowF > highF) {
            throw new IllegalArgumentException("[low, high] must hold a float32 value for a float32 fill: ["
                    + low + ", " + high + "]");
        }
        // Where the values can land (the interval, cut to mean ± 6.77 stddev as Normal's check
        // does) must fit float32, or they would be clamped to ±3.4e38 instead of drawn.
        double reachLow = Math.max(low, mean - Normal.MAX_ABS_Z * stddev);
        double reachHigh = Math.min(high, mean + Normal.MAX_ABS_Z * stddev);
        if (Math.max(Math.abs(reachLow), Math.abs(reachHigh)) > Float.MAX_VALUE) {
            throw new IllegalArgumentException("values of mean " + mean + " ± stddev " + stddev + " on [" + low + ", "
                    + high + "] reach beyond float32 for a float32 fill: [" + reachLow + ", " + reachHigh + "]");
        }
        if (usesRejection()) {
            Redraws redraws = new Redraws(key, lowF, highF);
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                s.normals(key, chunk, mean, stddev);
                double[] v = s.values;
                for (int i = 0; i < 1024; i++) {
                    dst[o + i] = (float) v[i]; // alone in its loop, which JDK 25 vectorises; rare fix-ups below
                }
                redraws.queue(chunk, v, dst, o, s);
            }, redraws::finish);
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
            Redraws redraws = new Redraws(key, 0f, 0f);
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                s.normals(key, chunk, mean, stddev);
                System.arraycopy(s.values, 0, dst, o, 1024);
                redraws.queue(chunk, s.values, dst, o, s);
            }, redraws::finish);
        } else {
            InverseCdf icdf = new InverseCdf(this);
            ChunkWalk.fill(from, out, offset, length, (chunk, dst, o, s) -> {
                icdf.values(key, chunk, s);
                System.arraycopy(s.values, 0, dst, o, 1024);
            });
        }
    }

    /**
     * The rejection method's redraws for one fill call (one thread). The chunk writer stores
     * every value, then queues the elements outside [low, high] with their positions in the
     * destination; once {@value ChunkScratch#REDRAW_BATCH} are queued (and whenever the walk
     * says so) their candidates are computed together ({@link ChunkScratch#redrawNormals}),
     * which vectorises far better than the few rejections of one chunk, and the accepted values
     * overwrite the queued positions. An element's value depends only on its own redraw blocks,
     * so when it is redrawn does not matter.
     */
    private final class Redraws {
        private static final int BATCH = ChunkScratch.REDRAW_BATCH;
        private final RandomKey key;
        private final float lowF;
        private final float highF;
        private final long[] elements = new long[BATCH + CounterLayout.CHUNK_ELEMENTS];
        private final int[] positions = new int[BATCH + CounterLayout.CHUNK_ELEMENTS];
        /** Entries of one attempt that rejected their first two candidates. */
        private final int[] later = new int[BATCH];
        private final double middle;
        private final double innerHalfWidth;
        private final int[] nearEdges = new int[CounterLayout.CHUNK_ELEMENTS];
        private int queued;
        private float[] floatTarget;
        private double[] doubleTarget;

        Redraws(RandomKey key, float lowF, float highF) {
            this.key = key;
            this.lowF = lowF;
            this.highF = highF;
            // Shrunk by a few ulps of the rounding in middle and in x - middle, so that every
            // x outside [lowF, highF] has a computed |x - middle| above it.
            double half = ((double) highF - lowF) * 0.5;
            this.middle = lowF + half;
            this.innerHalfWidth = half - 4 * (Math.ulp(middle) + Math.ulp(half));
        }

        /**
         * After the chunk's values v were rounded into dst: queues those outside [low, high] and
         * clamps the floats that rounding took outside [lowF, highF]. A value inside
         * [lowF, highF] (as doubles) needs neither, since rounding to float is monotone. A first
         * loop without branches lists the values near or beyond the edges of [lowF, highF]
         * (|x - middle| &gt; innerHalfWidth, read from the sign bit of the difference), a few
         * percent of them; only those are tested exactly. On a branch the outliers, at random
         * places, cost a misprediction each.
         */
        void queue(long chunk, double[] v, float[] dst, int o, ChunkScratch s) {
            if (dst != floatTarget) {
                finish(s);
                floatTarget = dst;
            }
            double lowFd = lowF;
            double highFd = highF;
            long first = chunk * CounterLayout.CHUNK_ELEMENTS;
            int[] f = nearEdges;
            int m = 0;
            for (int i = 0; i < 1024; i++) {
                f[m] = i;
                m += (int) (Double.doubleToRawLongBits(innerHalfWidth - Math.abs(v[i] - middle)) >>> 63);
            }
            int n = queued;
            for (int j = 0; j < m; j++) {
                int i = f[j];
                double x = v[i];
                if (x < lowFd | x > highFd) {
                    if (x < low || x > high) {
                        elements[n] = first + i;
                        positions[n] = o + i;
                        n++;
                    } else {
                        store(o + i, x);
                    }
                }
            }
            queued = n;
            drain(s);
        }

        /** After the chunk's values v were copied to dst: queues those outside [low, high]. */
        void queue(long chunk, double[] v, double[] dst, int o, ChunkScratch s) {
            if (dst != doubleTarget) {
                finish(s);
                doubleTarget = dst;
            }
            long first = chunk * CounterLayout.CHUNK_ELEMENTS;
            int n = queued;
            for (int i = 0; i < 1024; i++) {
                double x = v[i];
                if (x < low | x > high) {
                    elements[n] = first + i;
                    positions[n] = o + i;
                    n++;
                }
            }
            queued = n;
            drain(s);
        }

        /** Redraws whole batches from the front of the queue. */
        private void drain(ChunkScratch s) {
            int done = 0;
            while (queued - done >= BATCH) {
                redraw(s, done, BATCH);
                done += BATCH;
            }
            if (done > 0) {
                System.arraycopy(elements, done, elements, 0, queued - done);
                System.arraycopy(positions, done, positions, 0, queued - done);
                queued -= done;
            }
        }

        /** Redraws everything queued. */
        void finish(ChunkScratch s) {
            for (int done = 0; done < queued; done += BATCH) {
                redraw(s, done, Math.min(BATCH, queued - done));
            }
            queued = 0;
        }

        /**
         * Gives each of the entries [start, start + count) its accepted value: the first of its
         * four candidates of an attempt inside [low, high]. The third and fourth are computed
         * only for the entries that reject the first two (a fraction (1 - P)² of them).
         */
        private void redraw(ChunkScratch s, int start, int count) {
            int n = count;
            for (int attempt = 1; n > 0; attempt++) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("no accepted value after " + MAX_ATTEMPTS + " redraws: "
                            + TruncatedNormal.this);
                }
                s.redrawNormals(key, elements, start, n, attempt);
                int m = acceptOrList(s.redraws, n, start, null);
                int left = 0;
                if (m > 0) {
                    s.laterRedrawNormals(later, m);
                    left = acceptOrList(s.redraws, m, start, later);
                }
                n = left;
            }
        }

        /**
         * Stores the accepted candidate of each of m entries (entry i is {@code which[i]}, or i
         * when which is null), whose two candidates are {@code c[2i]} and {@code c[2i + 1]}. The
         * entries that reject both are listed in {@link #later} when which is null, or else moved
         * to the front of the queue for the next attempt; their number is returned.
         */
        private int acceptOrList(double[] c, int m, int start, int[] which) {
            int rejected = 0;
            for (int i = 0; i < m; i++) {
                int q = which == null ? i : which[i];
                double x = mean + stddev * c[2 * i];
                if (!(x >= low && x <= high)) {
                    x = mean + stddev * c[2 * i + 1];
                }
                if (x >= low && x <= high) {
                    store(positions[start + q], x);
                } else if (which == null) {
                    later[rejected++] = q;
                } else { // rejected <= i <= q, so nothing unread is overwritten
                    elements[start + rejected] = elements[start + q];
                    positions[start + rejected] = positions[start + q];
                    rejected++;
                }
            }
            return rejected;
        }

        private void store(int position, double x) {
            if (floatTarget != null) {
                float f = (float) x;
                if (f < lowF) {
                    f = lowF;
                } else if (f > highF) {
                    f = highF;
                }
                floatTarget[position] = f;
            } else {
                doubleTarget[position] = x;
            }
        }
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
