package io.jinit.diagnosis.kernel;

/**
 * The float32 matrix products of the forward and backward passes, on matrices held as arrays of
 * rows.
 *
 * <p>Every element of the result is computed by the same sequence of float operations whatever
 * the row range or the thread: element {@code (i, j)} is
 * <pre>
 *   c = 0
 *   for p = 0, 4, 8, ... while p + 4 &lt;= k:
 *       c = c + (((a_ip b_pj + a_i(p+1) b_(p+1)j) + a_i(p+2) b_(p+2)j) + a_i(p+3) b_(p+3)j)
 *   for each remaining p:
 *       c = c + a_ip b_pj
 * </pre>
 * in float32 (Java evaluates float expressions in float32 and never fuses a multiply and an add),
 * so results do not depend on the thread count.
 *
 * @implNote The loop order is i-p-j: the inner loop runs with unit stride over one row of C and
 * four rows of B, which C2 vectorises because every array in it is indexed by the same {@code j}
 * (rows of one flat array at different offsets are not vectorised by JDK 17: C2 cannot rule out
 * that they overlap). A loop that reuses each loaded row of B for two rows of C would need half the
 * loads, but its body is larger than the unrolling limit that C2's vectorisation depends on ({@code
 * LoopUnrollLimit}, 60 nodes), and JDK 17 and 25 leave it scalar, two to four times slower. Each
 * pass loads four rows of B and one of C and stores one of C for four multiply-adds per element:
 * the products are bound by loads, and the rows of B must come from the level-1 cache. The p range
 * is therefore cut into blocks of {@link #blockRows} rows of B (a multiple of 4, so the grouping
 * above is unchanged) holding about {@value #BLOCK_BYTES} bytes, which stay in that cache while the
 * rows of A go by. On the 2-core Zen 5 machine of docs/performance.md, 1024 x 256 x 256 runs at 43
 * to 49 GFLOP/s on one core on JDK 17 and 25, with 512-bit or 256-bit vectors, against 38 to 41
 * with blocks of 256 rows (a quarter of the level-2 cache) and 10 without vectors.
 */
public final class Matmul {
    /**
     * Bytes of B per block: half of a 32 KiB level-1 data cache (Zen 1 to 4, most Intel cores;
     * Zen 5 has 48 KiB), leaving room for the rows of A and C.
     */
    static final int BLOCK_BYTES = 16 * 1024;

    private Matmul() {
    }

    /**
     * Rows {@code [r0, r1)} of {@code C = A B}, overwriting them.
     *
     * @param a rows of A, each of at least k values
     * @param b k rows of B, each of at least n values
     * @param c rows of C, each of n values
     */
    public static void multiply(float[][] a, float[][] b, float[][] c, int k, int n, int r0, int r1) {
        int block = blockRows(n);
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block);
            for (int i = r0; i < r1; i++) {
                float[] ai = a[i];
                float[] ci = c[i];
                if (p0 == 0) {
                    java.util.Arrays.fill(ci, 0, n, 0.0f);
                }
                int p = p0;
                for (; p + 4 <= p1; p += 4) {
                    accumulate4(ci, n, ai[p], ai[p + 1], ai[p + 2], ai[p + 3], b[p], b[p + 1], b[p + 2], b[p + 3]);
                }
                for (; p < p1; p++) {
                    accumulate1(ci, n, ai[p], b[p]);
                }
            }
        }
    }

    /**
     * Rows {@code [r0, r1)} of {@code C = A}<sup>T</sup>{@code B}, overwriting them: A is given by
     * its k rows, so {@code A^T(i, p) = a[p][i]}.
     *
     * @param a k rows of A, each of at least r1 values
     * @param b k rows of B, each of at least n values
     * @param c rows of C, each of n values
     */
    public static void multiplyTransposed(float[][] a, float[][] b, float[][] c, int k, int n, int r0, int r1) {
        int block = blockRows(n);
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block);
            for (int i = r0; i < r1; i++) {
                float[] ci = c[i];
                if (p0 == 0) {
                    java.util.Arrays.fill(ci, 0, n, 0.0f);
                }
                int p = p0;
                for (; p + 4 <= p1; p += 4) {
                    accumulate4(ci, n, a[p][i], a[p + 1][i], a[p + 2][i], a[p + 3][i],
                            b[p], b[p + 1], b[p + 2], b[p + 3]);
                }
                for (; p < p1; p++) {
                    accumulate1(ci, n, a[p][i], b[p]);
                }
            }
        }
    }

    /**
     * Rows of B per block for rows of n values: as many as fit {@value #BLOCK_BYTES} bytes,
     * rounded down to a multiple of 4, and at least 4.
     *
     * @param n the length of a row of B, &gt;= 1
     * @return a multiple of 4, &gt;= 4
     */
    public static int blockRows(int n) {
        return Math.max(4, (BLOCK_BYTES / (Float.BYTES * n)) & ~3);
    }

    private static void accumulate4(float[] c, int n, float a0, float a1, float a2, float a3,
                                    float[] b0, float[] b1, float[] b2, float[] b3) {
        for (int j = 0; j < n; j++) {
            c[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
        }
    }

    private static void accumulate1(float[] c, int n, float a0, float[] b0) {
        for (int j = 0; j < n; j++) {
            c[j] += a0 * b0[j];
        }
    }

    /**
     * The transpose of a matrix given by rows.
     *
     * @return {@code cols} new rows of {@code rows.length} values
     */
    public static float[][] transpose(float[][] m, int cols) {
        float[][] t = new float[cols][m.length];
        transpose(m, m.length, cols, t);
        return t;
    }

    /**
     * The transpose of the first {@code rows} rows and {@code cols} columns of a matrix, written
     * into the first {@code cols} rows and {@code rows} columns of {@code t}.
     */
    public static void transpose(float[][] m, int rows, int cols, float[][] t) {
        for (int i = 0; i < rows; i++) {
            float[] row = m[i];
            for (int j = 0; j < cols; j++) {
                t[j][i] = row[j];
            }
        }
    }

    /** A row-major flat matrix as rows (copies). */
    public static float[][] rows(float[] flat, int rows, int cols) {
        float[][] m = new float[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = java.util.Arrays.copyOfRange(flat, i * cols, i * cols + cols);
        }
        return m;
    }

    /** Rows as one row-major flat matrix (copies). */
    public static float[] flat(float[][] m, int cols) {
        float[] flat = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, flat, i * cols, cols);
        }
        return flat;
    }
}
