package io.jinit.compat;

import java.util.Arrays;

/**
 * NumPy's legacy global stream, {@code np.random.seed(s)} followed by {@code randn},
 * {@code random_sample}, {@code normal} or {@code uniform} (equivalently a
 * {@code np.random.RandomState(s)}), reproduced bit for bit. It exists so that code ported from
 * NumPy, such as {@link io.jinit.compat.WeightInits}, can give the arrays of its
 * Python original; jinit's own stream is the counter-based one of {@link io.jinit.random.RandomKey}.
 * <pre>
 *   seed(s), s in [0, 2^32):   MT19937 init_genrand(s); forget the cached normal
 *   seed(key[]):               MT19937 init_by_array(key); forget the cached normal
 *   randomSample():            a = next32() &gt;&gt;&gt; 5,  b = next32() &gt;&gt;&gt; 6,
 *                              (a · 2^26 + b) / 2^53                      (53 bits, [0, 1))
 *   standardNormal():          if a normal is cached, return it and forget it; otherwise
 *                              do { x1 = 2 u - 1;  x2 = 2 u' - 1;  r2 = x1² + x2² }
 *                              while (r2 &gt;= 1 or r2 == 0)                 (Marsaglia's polar method)
 *                              f = sqrt(-2 log(r2) / r2);  cache f · x1;  return f · x2
 *   normal(loc, scale):        loc + scale · standardNormal()
 *   uniform(low, high):        low + (high - low) · randomSample()
 * </pre>
 * Arrays are filled in C (row-major) order, one draw per element; the cached normal carries
 * over from one call to the next, as in NumPy ({@code seed(7); randn(5); randn(4)} is
 * {@code seed(7); randn(9)}).
 *
 * <p>{@code log} is glibc's (see below); every other operation is an IEEE {@code + - * /} or
 * {@code Math.sqrt}, which are correctly rounded.
 *
 * @implSpec The values equal NumPy's bit for bit on Linux with glibc 2.28 or later on x86-64 CPUs
 * with FMA (the manylinux wheels on current hardware). Checked against NumPy 2.4.6 with glibc 2.36
 * on 800,712 normals (including all of {@code seed(42); randn(784, 128)}), 1,264 uniforms and 638
 * raw outputs in 21 cases; see {@code scripts/reference/numpy_legacy_golden.py}.
 *
 * @implNote NumPy's polar method calls the C library's {@code log}. This class computes it as
 * glibc 2.28+ does on x86-64 with FMA (a port of Arm's optimized-routines algorithm with
 * {@link Math#fma}), so it gives the same bits on every JVM. NumPy itself gives other bits for a
 * few normals on platforms whose {@code log} differs: glibc before 2.28, glibc on CPUs without
 * FMA (about 1 log in 10<sup>4</sup> then differs by an ulp), macOS and Windows. Where {@code log}
 * differs by an ulp, the pair of normals it scales differs by at most a few ulps.
 * With {@link StrictMath#log} instead, 7.4% of the logs of the seed-42 stream would differ from
 * glibc's, with {@link Math#log} (HotSpot, JDK 17) 0.08%.
 *
 * <p>Mutable and not thread-safe, like NumPy's {@code RandomState}.
 *
 * <p>References:
 * <ol>
 * <li>Matsumoto, M. and Nishimura, T. (1998)
 * <a href="https://doi.org/10.1145/272991.272995">Mersenne Twister: a 623-dimensionally
 * equidistributed uniform pseudo-random number generator</a>. ACM TOMACS 8(1).</li>
 * <li>Marsaglia, G. and Bray, T. A. (1964)
 * <a href="https://doi.org/10.1137/1006063">A Convenient Method for Generating Normal
 * Variables</a>. SIAM Review 6(3).</li>
 * <li>NumPy, {@code numpy/random/src/legacy/legacy-distributions.c} ({@code legacy_gauss}) and
 * {@code numpy/random/src/mt19937/} (seeding, {@code next_double}).</li>
 * </ol>
 *
 * @since 0.1
 */
public final class NumpyLegacy {
    /** The largest seed {@code np.random.seed} accepts: 2<sup>32</sup> - 1. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;
    /** 2<sup>26</sup>: the weight of the first draw's 27 bits in a 53-bit double. */
    private static final double TWO_26 = 0x1p26;
    /** 2<sup>53</sup>. */
    private static final double TWO_53 = 0x1p53;

    private final Mt19937 mt = new Mt19937();
    private boolean hasGauss;
    private double gauss;

    private NumpyLegacy() {
    }

    /**
     * A stream seeded as {@code np.random.seed(seed)} or {@code np.random.RandomState(seed)}.
     *
     * @param seed the seed, in [0, 2<sup>32</sup> - 1]
     * @return a new stream
     * @throws IllegalArgumentException if the seed is out of range
     */
    public static NumpyLegacy seeded(long seed) {
        NumpyLegacy s = new NumpyLegacy();
        s.seed(seed);
        return s;
    }

    /**
     * A stream seeded as {@code np.random.seed([k0, k1, ...])} (MT19937 {@code init_by_array}).
     *
     * @param key the seed words, each in [0, 2<sup>32</sup> - 1], at least one
     * @return a new stream
     * @throws IllegalArgumentException if the key is null, empty or has a word out of range
     */
    public static NumpyLegacy seeded(long[] key) {
        NumpyLegacy s = new NumpyLegacy();
        s.seed(key);
        return s;
    }

    /**
     * Reseeds as {@code np.random.seed(seed)}: the generator restarts and a cached normal is
     * forgotten.
     *
     * @param seed the seed, in [0, 2<sup>32</sup> - 1]
     * @throws IllegalArgumentException if the seed is out of range
     */
    public void seed(long seed) {
        mt.initGenrand(checkSeed("seed", seed));
        forgetGauss();
    }

    /**
     * Reseeds as {@code np.random.seed([k0, k1, ...])}: the generator restarts from
     * {@code init_by_array} and a cached normal is forgotten.
     *
     * @param key the seed words, each in [0, 2<sup>32</sup> - 1], at least one
     * @throws IllegalArgumentException if the key is null, empty or has a word out of range
     */
    public void seed(long[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("seed array must not be empty: "
                    + (key == null ? "null" : "[]"));
        }
        int[] words = new int[key.length];
        for (int i = 0; i < key.length; i++) {
            words[i] = checkSeed("seed[" + i + "]", key[i]);
        }
        mt.initByArray(words);
        forgetGauss();
    }

    /**
     * The next raw MT19937 output, as NumPy's {@code MT19937.random_raw()}. It does not touch the
     * cached normal.
     *
     * @return a value in [0, 2<sup>32</sup>)
     */
    public long randomRaw() {
        return mt.next32() & 0xFFFF_FFFFL;
    }

    /**
     * The next double of {@code np.random.random_sample()}: 53 random bits, two MT outputs.
     *
     * @return a value in [0, 1)
     */
    public double randomSample() {
        int a = mt.next32() >>> 5;
        int b = mt.next32() >>> 6;
        return (a * TWO_26 + b) / TWO_53;
    }

    /**
     * The next {@code n} doubles of {@code np.random.random_sample(n)}.
     *
     * @param n how many, &gt;= 0
     * @return the values
     * @throws IllegalArgumentException if n is negative
     */
    public double[] randomSample(int n) {
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = randomSample();
        }
        return out;
    }

    /**
     * The next standard normal of {@code np.random.standard_normal()} (NumPy's
     * {@code legacy_gauss}): the cached one if there is one, otherwise the second of a new
     * polar-method pair, whose first is cached.
     *
     * @return a standard normal value
     */
    public double standardNormal() {
        if (hasGauss) {
            double t = gauss;
            forgetGauss();
            return t;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * GlibcLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * The next {@code n} values of {@code np.random.standard_normal(n)}.
     *
     * @param n how many, &gt;= 0
     * @return the values
     * @throws IllegalArgumentException if n is negative
     */
    public double[] standardNormal(int n) {
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = standardNormal();
        }
        return out;
    }

    /**
     * {@code np.random.randn(d0, d1, ...)}: standard normals filling an array of that shape in C
     * (row-major) order; no dims gives one value, as {@code randn()} does.
     *
     * @param dims the shape, each &gt;= 0
     * @return the values, row-major
     * @throws IllegalArgumentException if a dim is negative or the size exceeds an array
     */
    public double[] randn(int... dims) {
        return standardNormal(size(dims));
    }

    /**
     * The next {@code n} values of {@code np.random.normal(loc, scale, n)}:
     * {@code loc + scale * standardNormal()}.
     *
     * @param loc the mean, finite
     * @param scale the standard deviation, finite and &gt;= 0
     * @param n how many, &gt;= 0
     * @return the values
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public double[] normal(double loc, double scale, int n) {
        if (!Double.isFinite(loc)) {
            throw new IllegalArgumentException("loc must be finite: " + loc);
        }
        if (!(scale >= 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number >= 0: " + scale);
        }
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = loc + scale * standardNormal();
        }
        return out;
    }

    /**
     * The next {@code n} values of {@code np.random.uniform(low, high, n)}:
     * {@code low + (high - low) * randomSample()}, in [low, high) up to rounding. As in NumPy,
     * {@code low > high} is allowed and gives values in (high, low].
     *
     * @param low one end, finite
     * @param high the other end, finite, with {@code high - low} finite
     * @param n how many, &gt;= 0
     * @return the values
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public double[] uniform(double low, double high, int n) {
        double range = high - low;
        if (!Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(range)) {
            throw new IllegalArgumentException("low, high and high - low must be finite: low="
                    + low + ", high=" + high);
        }
        double[] out = new double[checkCount(n)];
        for (int i = 0; i < n; i++) {
            out[i] = low + range * randomSample();
        }
        return out;
    }

    private void forgetGauss() {
        hasGauss = false;
        gauss = 0.0;
    }

    private static int checkSeed(String name, long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException(name + " must be between 0 and 2**32 - 1: " + seed);
        }
        return (int) seed;
    }

    private static int checkCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0: " + n);
        }
        return n;
    }

    private static int size(int[] dims) {
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("dims[" + i + "] must be >= 0: " + dims[i]);
            }
            size *= dims[i];
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("randn" + Arrays.toString(dims)
                        + " has more elements than an array holds: " + Arrays.toString(dims));
            }
        }
        return (int) size;
    }
}
