package io.jinit.compat;

/**
 * The 32-bit Mersenne Twister MT19937 with the two seeding routines of its authors' reference
 * code, as NumPy's {@code MT19937} uses them for the legacy {@code RandomState}:
 * <pre>
 *   initGenrand(s):   mt[0] = s;  mt[i] = 1812433253 (mt[i-1] ^ (mt[i-1] &gt;&gt; 30)) + i   (mod 2^32)
 *   initByArray(key): initGenrand(19650218), then two mixing passes (multipliers 1664525 and
 *                     1566083941) over max(624, key.length) and 623 words; mt[0] = 0x80000000
 *   next32():         twist all 624 words when they are used up, then temper
 *                       y ^= y &gt;&gt; 11;  y ^= (y &lt;&lt; 7) &amp; 0x9d2c5680;
 *                       y ^= (y &lt;&lt; 15) &amp; 0xefc60000;  y ^= y &gt;&gt; 18
 * </pre>
 * {@code initGenrand(s)} is also {@code std::mt19937(s)} and the engine of
 * {@code torch.manual_seed(s)}. Mutable and not thread-safe.
 *
 * <p>References:
 * <ol>
 * <li>Matsumoto, M. and Nishimura, T. (1998)
 * <a href="https://doi.org/10.1145/272991.272995">Mersenne Twister: a 623-dimensionally
 * equidistributed uniform pseudo-random number generator</a>. ACM TOMACS 8(1).</li>
 * </ol>
 */
final class Mt19937 {
    /** Words of state. */
    static final int N = 624;
    /** The middle word of the recurrence. */
    private static final int M = 397;
    /** The twist matrix's last row. */
    private static final int MATRIX_A = 0x9908b0df;
    /** The most significant bit of a word. */
    private static final int UPPER_MASK = 0x80000000;
    /** The 31 least significant bits of a word. */
    private static final int LOWER_MASK = 0x7fffffff;
    /** The seed of initGenrand that initByArray starts from. */
    private static final int ARRAY_SEED_BASE = 19650218;

    private final int[] mt = new int[N];
    private int pos = N;

    /**
     * Seeds from one 32-bit word (the reference {@code init_genrand}).
     *
     * @param seed the seed, read as unsigned
     */
    void initGenrand(int seed) {
        mt[0] = seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
    }

    /**
     * Seeds from an array of 32-bit words (the reference {@code init_by_array}).
     *
     * @param key the words, read as unsigned; not empty
     */
    void initByArray(int[] key) {
        initGenrand(ARRAY_SEED_BASE);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = UPPER_MASK;
        pos = N;
    }

    /**
     * The next tempered output.
     *
     * @return 32 random bits
     */
    int next32() {
        if (pos == N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Regenerates all N words of state. */
    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? v ^ MATRIX_A : v;
        }
        pos = 0;
    }
}
