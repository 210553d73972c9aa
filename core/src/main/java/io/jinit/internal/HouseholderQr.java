package io.jinit.internal;

import java.util.Arrays;
import java.util.concurrent.Executor;

/**
 * Reduced (thin) QR decomposition of a dense tall matrix by blocked Householder reflections:
 * <pre>
 *   A = Q R,   A: m x n (m &gt;= n),   Q: m x n with Q^T Q = I,   R: n x n upper triangular
 * </pre>
 * It computes the explicit Q and the diagonal of R, which is all the orthogonal initializer needs.
 *
 * <p>Algorithm: the LAPACK {@code dgeqrf}/{@code dorgqr} scheme. Columns are factored in panels
 * of {@value #PANEL_WIDTH} ({@value #WIDE_PANEL_WIDTH} for large matrices). Within a panel,
 * column {@code k} gets the reflector
 * <pre>
 *   H_k   = I - tau_k v_k v_k^T,     v_k[k] = 1
 *   R_kk  = beta = -sign(alpha) ||x||,  alpha = x[k], sign(0) = +1
 *   tau_k = (beta - alpha) / beta
 *   (tau_k = 0 and R_kk = alpha when x is zero below row k)
 * </pre>
 * as in {@code dlarfg}. The panel's reflectors are then combined in the compact WY form
 * <pre>
 *   H_1 H_2 ... H_b = I - V T V^T,   T upper triangular (b x b)
 * </pre>
 * of Schreiber and Van Loan, and applied to the rest of the matrix with level-3 updates
 * {@code A := A - V (T^T (V^T A))}. Q is formed backwards from {@code [I; 0]} with the same
 * block reflectors, {@code Q := Q - V (T (V^T Q))}, touching only the trailing part each time.
 * That costs about {@code 4mn^2 - 4n^3/3} flops, {@code 8n^3/3} for a square matrix.
 *
 * <p>Why here and not from a library: the core module has no runtime dependencies, and the JDK
 * has no linear algebra. The code is written for the JIT: the working matrix is an array of
 * rows, and every level-3 loop runs unit-stride over whole {@code double[]} rows with the same
 * index in every array, a shape that C2 turns into SIMD code (30 to 50 GF/s per core on the
 * reference machine against about 10 GF/s for the same loop over one flat array with offsets).
 * With fused multiply-adds those loops issue half the arithmetic instructions.
 *
 * @implSpec The result is a pure function of the input: the trailing updates and the forming of
 * Q are split among threads by disjoint column ranges only, and every sum runs in an order fixed
 * by the indices, so any thread count and any executor give the same bits, on any JIT tier and
 * any JVM. Every update {@code y := y + a x} is one {@link Math#fma} per element, which is
 * specified to round once on every JVM (in software where the CPU lacks the instruction); the dot
 * products round products and sums separately. No scaling guards against overflow of the squared
 * column norms: callers pass values such as standard normal draws, whose squares sum far below
 * {@code Double.MAX_VALUE}.
 *
 * <p>References:
 * <ol>
 * <li>Schreiber, R. and Van Loan, C. (1989)
 * <a href="https://doi.org/10.1137/0910005">A Storage-Efficient WY Representation for Products of
 * Householder Transformations</a>. SIAM J. Sci. Stat. Comput. 10(1), 53-57.</li>
 * <li>Golub, G. H. and Van Loan, C. F. (2013)
 * <a href="https://jhupbooks.press.jhu.edu/title/matrix-computations">Matrix Computations</a>,
 * 4th ed., sections 5.1 and 5.2. Johns Hopkins University Press.</li>
 * </ol>
 */
public final class HouseholderQr {
    // Implementation note: written 2026-11-24 from the algorithms in Golub and Van Loan (2013),
    // sections 5.1 and 5.2, and the documented behaviour of LAPACK's dgeqrf, dlarfg, dlarft,
    // dlarfb and dorgqr; no code was copied. Deviations from LAPACK: no rescaling of tiny
    // or huge column norms in the reflector; the strictly upper part of R is not kept; Q's panel
    // columns are formed by the same level-3 update as the rest (from identity columns) instead of
    // by dorg2r; dot products run four partial sums; the updates use fused multiply-adds. The
    // panel width and the loop shapes were chosen by measurement on the 2-core AVX-512 reference
    // machine, JDK 17 and 25.

    /**
     * Columns per panel (the block size b) below {@link #WIDE_PANEL_ELEMENTS}. Wider panels give
     * the level-3 loops more work per element loaded and halve the passes over the trailing
     * matrix, but put more flops into the single-threaded panel factorization.
     */
    static final int PANEL_WIDTH = 32;

    /** Columns per panel from {@link #WIDE_PANEL_ELEMENTS} on. */
    static final int WIDE_PANEL_WIDTH = 64;

    /**
     * The matrix size (m n) from which panels are {@value #WIDE_PANEL_WIDTH} wide. Each panel
     * step streams the trailing matrix through the caches twice; once the matrix is several times
     * the last-level cache (64 MB here, 32 MB of L3 on the reference machine), halving the steps
     * saves more than the wider panel costs. Measured there: 64 columns take 2-3% less time at
     * 3072 x 3072 and 4-8% less at 4096 x 4096, but 11% more at 1024 x 1024 and about as much at
     * 2048 x 2048.
     */
    static final long WIDE_PANEL_ELEMENTS = 1L << 23;

    /**
     * The most columns of the trailing matrix one level-3 pass works on. The panel's slice of the
     * work matrix W ({@code b x BLOCK_COLUMNS} doubles, 128 or 256 KiB) stays in L2 while the
     * rows of A stream past it; longer rows make the inner loops more efficient.
     */
    private static final int BLOCK_COLUMNS = 512;

    /**
     * Whether the level-3 loops update two rows per pass, loading each element of the rows they
     * combine once for both. C2 vectorises that loop on JDK 25 (about 50 GF/s per core on the
     * reference machine, against about 40 for one row per pass) but not on JDK 17, where it runs
     * scalar at about 15 GF/s. Both shapes do the same operations on every element, so the choice
     * changes the speed only.
     */
    static final boolean PAIRED_ROWS = Runtime.version().feature() >= 25;

    /**
     * Parallel steps are cut into chunks of a multiple of this many columns; at least
     * {@link #WIDE_PANEL_WIDTH}, so that one block covers a panel.
     */
    private static final int CHUNK_COLUMNS = 128;

    /** How many more chunks than threads a parallel step is cut into, so a slow thread is waited on less. */
    private static final int CHUNKS_PER_THREAD = 2;

    private final double[][] rows;
    private final int m;
    private final int n;
    private final Workers workers;
    private final int threads;
    /** The loop shape of the level-3 updates: {@link #PAIRED_ROWS} unless a test asks for the other. */
    private final boolean pairedRows;
    /** Columns per panel: {@link #PANEL_WIDTH} or {@link #WIDE_PANEL_WIDTH}, by the size. */
    private final int panelWidth;
    /** The panel being factored, column-major: {@code panel[c][i] = A[k0 + i][k0 + c]}. */
    private final double[][] panel;
    /**
     * V of the panels, row-major {@code (m - k0) x b}, with its zeros and unit diagonal explicit:
     * panel {@code k} uses {@code vs[k % 2]}, so that the next panel's V is made while the current
     * one is being applied.
     */
    private final double[][] vs;
    /**
     * The work matrix {@code W = V^T X} of each thread (slot 0 is the caller's), made on first use.
     * Its rows are indexed by the columns of A, so its loops share A's index. One per thread, not
     * one shared: threads writing neighbouring columns of shared rows would fight over the cache
     * lines at the chunk edges.
     */
    private final double[][][] work;
    /** T of every panel, {@code b x b} row-major. */
    private final double[][] ts;
    private final double[] rDiagonal;

    private HouseholderQr(double[][] rows, int m, int n, Executor executor, int threads, boolean pairedRows,
            int panelWidth) {
        this.rows = rows;
        this.m = m;
        this.n = n;
        this.workers = new Workers(executor, threads);
        this.threads = threads;
        this.pairedRows = pairedRows;
        this.panelWidth = panelWidth;
        int b = Math.min(panelWidth, n);
        this.panel = new double[b][m];
        this.vs = new double[][] {new double[m * b], new double[m * b]};
        this.work = new double[threads][][];
        this.ts = new double[(n + panelWidth - 1) / panelWidth][];
        this.rDiagonal = new double[n];
    }

    /**
     * Decomposes {@code A = QR} and overwrites {@code a} with Q.
     *
     * @param a on entry A, on return Q; both m x n, row-major
     * @param m rows, {@code m >= n}
     * @param n columns, {@code n >= 0}
     * @param executor runs the helper threads of the parallel steps; the calling thread works too
     * @param threads the number of threads to use, the caller included; 1 runs everything in the caller
     * @return the diagonal of R, {@code n} values; {@code R[j][j]} may have either sign
     * @throws IllegalArgumentException if the sizes do not match {@code a}, {@code m < n} or
     *     {@code threads < 1}
     * @implNote Besides {@code a}, it holds one copy of the matrix as rows and about
     *     {@code b (3m + threads n)} doubles of panel and work buffers, b the panel width.
     */
    public static double[] factor(double[] a, int m, int n, Executor executor, int threads) {
        int panelWidth = (long) m * n >= WIDE_PANEL_ELEMENTS ? WIDE_PANEL_WIDTH : PANEL_WIDTH;
        return factor(a, m, n, executor, threads, PAIRED_ROWS, panelWidth);
    }

    /**
     * {@link #factor(double[], int, int, Executor, int)} with a given loop shape and panel width,
     * for the tests.
     */
    static double[] factor(double[] a, int m, int n, Executor executor, int threads, boolean pairedRows,
            int panelWidth) {
        if (n < 0 || m < n) {
            throw new IllegalArgumentException("QR needs m >= n >= 0: m=" + m + ", n=" + n);
        }
        if ((long) m * n != a.length) {
            throw new IllegalArgumentException("a must hold m * n = " + (long) m * n + " values: " + a.length);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        if (n == 0) {
            return new double[0];
        }
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = Arrays.copyOfRange(a, i * n, i * n + n);
        }
        HouseholderQr qr = new HouseholderQr(rows, m, n, executor, threads, pairedRows, panelWidth);
        qr.triangularize();
        qr.formQ();
        for (int i = 0; i < m; i++) {
            System.arraycopy(rows[i], 0, a, i * n, n);
        }
        return qr.rDiagonal;
    }

    /**
     * Factors panel after panel, leaving each panel's V in its columns of {@link #rows} (rows
     * {@code k0..m}) for {@link #formQ}. The strictly upper part of R is never needed, so the
     * block rows that would hold it are not updated.
     *
     * <p>The panel factorization runs on one thread, so it is overlapped with the update of the
     * rest (look-ahead): the first task of each update brings the next panel's columns up to date
     * and factors them at once, while the other threads update the columns to its right. That
     * task updates a whole chunk of columns, not only the panel's: with a share of 32- or
     * 64-column calls to the level-3 loops, JDK 17 ran 15% slower overall, most likely because C2
     * sizes a loop's unrolling by its profiled trip count. Each column receives the same
     * operations in the same order whichever task updates it.
     */
    private void triangularize() {
        preparePanel(0);
        for (int k0 = 0; k0 < n; k0 += panelWidth) {
            int b = Math.min(panelWidth, n - k0);
            int mp = m - k0;
            double[] vk = vs[(k0 / panelWidth) % 2];
            double[] t = ts[k0 / panelWidth];
            final int first = k0;
            ColumnRange update = (w, j0, j1) -> applyBlock(w, vk, first, b, mp, t, true, b, j0, j1);
            int next = k0 + b;
            // The lead task's columns: one chunk's worth of whole blocks, which covers the next
            // panel since a block is at least as wide as a panel.
            int blocks = (n - next + CHUNK_COLUMNS - 1) / CHUNK_COLUMNS;
            int leadBlocks = Math.max(1, blocks / (threads * CHUNKS_PER_THREAD));
            int leadEnd = Math.min(next + leadBlocks * CHUNK_COLUMNS, n);
            LeadTask lookAhead = next < n ? w -> {
                update.run(w, next, leadEnd);
                preparePanel(next);
            } : w -> { };
            inParallel(lookAhead, leadEnd, n, update);
        }
    }

    /**
     * Factors the panel starting at column k0, whose columns are up to date: its T goes to
     * {@link #ts}, its V to its buffer in {@link #vs} and to the panel's columns of {@link #rows}.
     */
    private void preparePanel(int k0) {
        int b = Math.min(panelWidth, n - k0);
        int mp = m - k0;
        for (int i = 0; i < mp; i++) {
            double[] row = rows[k0 + i];
            for (int c = 0; c < b; c++) {
                panel[c][i] = row[k0 + c];
            }
        }
        double[] tau = factorPanel(k0, b, mp);
        ts[k0 / panelWidth] = triangularFactor(tau, b, mp);
        double[] v = vs[(k0 / panelWidth) % 2];
        for (int i = 0; i < mp; i++) {
            double[] row = rows[k0 + i];
            for (int c = 0; c < b; c++) {
                double vic = i < c ? 0.0 : i == c ? 1.0 : panel[c][i];
                v[i * b + c] = vic;
                row[k0 + c] = vic;
            }
        }
    }

    /**
     * Householder reflections of the panel's columns, unblocked, in {@link #panel}; each column
     * is replaced by its v (below the diagonal) and R's diagonal entry goes to {@link #rDiagonal}.
     *
     * @return the b values of tau
     */
    private double[] factorPanel(int k0, int b, int mp) {
        double[] tau = new double[b];
        for (int c = 0; c < b; c++) {
            double[] x = panel[c];
            double alpha = x[c];
            double below = dot(x, x, c + 1, mp);
            double beta;
            if (below == 0.0) {
                // Nothing to annihilate: H = I, as dlarfg does; R[c][c] keeps alpha's sign.
                beta = alpha;
            } else {
                double norm = Math.sqrt(alpha * alpha + below);
                beta = alpha >= 0 ? -norm : norm;
                tau[c] = (beta - alpha) / beta;
                double scale = 1.0 / (alpha - beta);
                for (int i = c + 1; i < mp; i++) {
                    x[i] *= scale;
                }
            }
            x[c] = 1.0;
            rDiagonal[k0 + c] = beta;
            if (tau[c] != 0.0) {
                for (int d = c + 1; d < b; d++) {
                    double[] y = panel[d];
                    addScaled(y, -(tau[c] * dot(x, y, c, mp)), x, c, mp);
                }
            }
        }
        return tau;
    }

    /**
     * T of the compact WY form, built column by column ({@code dlarft}, forward, columnwise):
     * <pre>
     *   T[c][c] = tau[c],   T[0:c][c] = -tau[c] T[0:c][0:c] (V[:, 0:c]^T v_c)
     * </pre>
     */
    private double[] triangularFactor(double[] tau, int b, int mp) {
        double[] t = new double[b * b];
        double[] z = new double[b];
        for (int c = 0; c < b; c++) {
            t[c * b + c] = tau[c];
            if (tau[c] == 0.0) {
                continue;
            }
            // v_c is zero above row c and 1 at row c, so the products start at row c.
            for (int r = 0; r < c; r++) {
                z[r] = dot(panel[r], panel[c], c, mp);
            }
            for (int r = 0; r < c; r++) {
                double s = 0.0;
                for (int q = r; q < c; q++) {
                    s += t[r * b + q] * z[q];
                }
                t[r * b + c] = -tau[c] * s;
            }
        }
        return t;
    }

    /**
     * Forms Q backwards: for each panel from the last, its block reflector is applied to
     * {@code Q[k0:m][k0:n]}, whose panel columns start as the identity and whose top block rows
     * start as zero (they held R). The previous panel's V is taken out of its columns while the
     * update runs, since the update does not touch them.
     */
    private void formQ() {
        int last = (ts.length - 1) * panelWidth;
        prepareQ(last);
        for (int k0 = last; k0 >= 0; k0 -= panelWidth) {
            int b = Math.min(panelWidth, n - k0);
            int mp = m - k0;
            double[] vk = vs[(k0 / panelWidth) % 2];
            double[] t = ts[k0 / panelWidth];
            final int first = k0;
            int previous = k0 - panelWidth;
            LeadTask lookAhead = previous >= 0 ? w -> prepareQ(previous) : w -> { };
            inParallel(lookAhead, k0, n, (w, j0, j1) -> applyBlock(w, vk, first, b, mp, t, false, 0, j0, j1));
        }
    }

    /**
     * Moves the V of the panel starting at column k0 from {@link #rows} to its buffer in
     * {@link #vs}, and starts that part of Q: the identity in the panel's columns, zeros right of
     * them in its block rows.
     */
    private void prepareQ(int k0) {
        int b = Math.min(panelWidth, n - k0);
        int mp = m - k0;
        double[] v = vs[(k0 / panelWidth) % 2];
        for (int i = 0; i < mp; i++) {
            double[] row = rows[k0 + i];
            for (int c = 0; c < b; c++) {
                v[i * b + c] = row[k0 + c];
                row[k0 + c] = i == c ? 1.0 : 0.0;
            }
        }
        for (int i = 0; i < b; i++) {
            Arrays.fill(rows[k0 + i], k0 + b, n, 0.0);
        }
    }

    /**
     * Applies {@code I - V T V^T} ({@code transposed}: {@code I - V T^T V^T}) to columns
     * {@code [j0, j1)} of rows {@code k0..m}, writing rows from {@code k0 + firstRow} on:
     * <pre>
     *   W = V^T X,   W := T W  (or T^T W),   X := X - V W
     * </pre>
     */
    private void applyBlock(double[][] w, double[] v, int k0, int b, int mp, double[] t, boolean transposed,
            int firstRow, int j0, int j1) {
        for (int c0 = j0; c0 < j1; c0 += BLOCK_COLUMNS) {
            int c1 = Math.min(c0 + BLOCK_COLUMNS, j1);
            project(w, v, k0, b, mp, c0, c1);
            if (transposed) {
                multiplyByTransposedT(w, t, b, c0, c1);
            } else {
                multiplyByT(w, t, b, c0, c1);
            }
            subtract(w, v, k0, b, mp, firstRow, c0, c1);
        }
    }

    /**
     * {@code W[0:b][c0:c1] = V^T A[k0:m][c0:c1]}, four rows of A per pass over W (over two rows of
     * W with {@link #pairedRows}).
     */
    private void project(double[][] w, double[] v, int k0, int b, int mp, int c0, int c1) {
        for (int p = 0; p < b; p++) {
            Arrays.fill(w[p], c0, c1, 0.0);
        }
        int i = 0;
        for (; i + 4 <= mp; i += 4) {
            double[] x0 = rows[k0 + i];
            double[] x1 = rows[k0 + i + 1];
            double[] x2 = rows[k0 + i + 2];
            double[] x3 = rows[k0 + i + 3];
            int o = i * b;
            int p = 0;
            if (pairedRows) {
                for (; p + 2 <= b; p += 2) {
                    int q = o + p;
                    addCombinations(w[p], w[p + 1], v[q], v[q + b], v[q + 2 * b], v[q + 3 * b],
                            v[q + 1], v[q + 1 + b], v[q + 1 + 2 * b], v[q + 1 + 3 * b], x0, x1, x2, x3, c0, c1);
                }
            }
            for (; p < b; p++) {
                int q = o + p;
                addCombination(w[p], v[q], x0, v[q + b], x1, v[q + 2 * b], x2, v[q + 3 * b], x3, c0, c1);
            }
        }
        for (; i < mp; i++) {
            double[] x0 = rows[k0 + i];
            int o = i * b;
            for (int p = 0; p < b; p++) {
                addScaled(w[p], v[o + p], x0, c0, c1);
            }
        }
    }

    /** {@code W := T^T W} in place; row p of the result needs rows {@code q <= p}, so p descends. */
    private static void multiplyByTransposedT(double[][] w, double[] t, int b, int c0, int c1) {
        for (int p = b - 1; p >= 0; p--) {
            double[] wp = w[p];
            double d = t[p * b + p];
            for (int j = c0; j < c1; j++) {
                wp[j] *= d;
            }
            for (int q = 0; q < p; q++) {
                addScaled(wp, t[q * b + p], w[q], c0, c1);
            }
        }
    }

    /** {@code W := T W} in place; row p of the result needs rows {@code q >= p}, so p ascends. */
    private static void multiplyByT(double[][] w, double[] t, int b, int c0, int c1) {
        for (int p = 0; p < b; p++) {
            double[] wp = w[p];
            double d = t[p * b + p];
            for (int j = c0; j < c1; j++) {
                wp[j] *= d;
            }
            for (int q = p + 1; q < b; q++) {
                addScaled(wp, t[p * b + q], w[q], c0, c1);
            }
        }
    }

    /**
     * {@code A[k0 + i][c0:c1] -= V[i][:] W[:][c0:c1]} for rows i from firstRow. Four rows of W are
     * combined per pass over a row of A (over two rows of A with {@link #pairedRows}), and each
     * such group of W rows serves four rows of A before the next group is read, so that it is read
     * from L1 rather than L2.
     */
    private void subtract(double[][] w, double[] v, int k0, int b, int mp, int firstRow, int c0, int c1) {
        for (int i0 = firstRow; i0 < mp; i0 += 4) {
            int i1 = Math.min(i0 + 4, mp);
            int p = 0;
            for (; p + 4 <= b; p += 4) {
                double[] w0 = w[p];
                double[] w1 = w[p + 1];
                double[] w2 = w[p + 2];
                double[] w3 = w[p + 3];
                int i = i0;
                if (pairedRows) {
                    for (; i + 2 <= i1; i += 2) {
                        int o = i * b + p;
                        int o1 = o + b;
                        addCombinations(rows[k0 + i], rows[k0 + i + 1], -v[o], -v[o + 1], -v[o + 2], -v[o + 3],
                                -v[o1], -v[o1 + 1], -v[o1 + 2], -v[o1 + 3], w0, w1, w2, w3, c0, c1);
                    }
                }
                for (; i < i1; i++) {
                    int o = i * b + p;
                    addCombination(rows[k0 + i], -v[o], w0, -v[o + 1], w1, -v[o + 2], w2, -v[o + 3], w3, c0, c1);
                }
            }
            for (; p < b; p++) {
                double[] w0 = w[p];
                for (int i = i0; i < i1; i++) {
                    addScaled(rows[k0 + i], -v[i * b + p], w0, c0, c1);
                }
            }
        }
    }

    /**
     * {@code y[j] += a0 x0[j] + a1 x1[j] + a2 x2[j] + a3 x3[j]} for j in {@code [from, to)}, one
     * {@code Math.fma} per term, the terms added in that order.
     */
    private static void addCombination(double[] y, double a0, double[] x0, double a1, double[] x1,
            double a2, double[] x2, double a3, double[] x3, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] = Math.fma(a3, x3[j], Math.fma(a2, x2[j], Math.fma(a1, x1[j], Math.fma(a0, x0[j], y[j]))));
        }
    }

    /**
     * {@link #addCombination} for two rows at once, {@code y0} with the coefficients a and
     * {@code y1} with c, so that each element of x is loaded once for both; every element of y0
     * and y1 gets exactly the operations that {@link #addCombination} would give it.
     */
    private static void addCombinations(double[] y0, double[] y1, double a0, double a1, double a2, double a3,
            double c0, double c1, double c2, double c3, double[] x0, double[] x1, double[] x2, double[] x3,
            int from, int to) {
        for (int j = from; j < to; j++) {
            double u0 = x0[j];
            double u1 = x1[j];
            double u2 = x2[j];
            double u3 = x3[j];
            y0[j] = Math.fma(a3, u3, Math.fma(a2, u2, Math.fma(a1, u1, Math.fma(a0, u0, y0[j]))));
            y1[j] = Math.fma(c3, u3, Math.fma(c2, u2, Math.fma(c1, u1, Math.fma(c0, u0, y1[j]))));
        }
    }

    /** {@code y[j] += a x[j]} for j in {@code [from, to)}, one {@code Math.fma} each. */
    private static void addScaled(double[] y, double a, double[] x, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] = Math.fma(a, x[j], y[j]);
        }
    }

    /**
     * The dot product of {@code x[from:to]} and {@code y[from:to]} with four running sums, so the
     * additions overlap; the order is fixed by the indices alone.
     */
    private static double dot(double[] x, double[] y, int from, int to) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < to; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Work on the columns {@code [j0, j1)} with the calling thread's work matrix. */
    @FunctionalInterface
    private interface ColumnRange {
        void run(double[][] w, int j0, int j1);
    }

    /** Work done beside a column step, with the calling thread's work matrix. */
    @FunctionalInterface
    private interface LeadTask {
        void run(double[][] w);
    }

    /** The work matrix of a thread slot; only the thread holding the slot calls this. */
    private double[][] workMatrix(int slot) {
        if (work[slot] == null) {
            work[slot] = new double[Math.min(panelWidth, n)][n];
        }
        return work[slot];
    }

    /**
     * Runs {@code lead} and {@code step} over {@code [from, to)}, each thread with its own work
     * matrix. The lead task is handed out first; the columns are cut into
     * {@code threads * }{@value #CHUNKS_PER_THREAD} chunks of whole {@value #CHUNK_COLUMNS}-column
     * blocks.
     */
    private void inParallel(LeadTask lead, int from, int to, ColumnRange step) {
        int blocks = Math.max(0, (to - from + CHUNK_COLUMNS - 1) / CHUNK_COLUMNS);
        int chunks = Math.min(blocks, threads * CHUNKS_PER_THREAD);
        workers.forChunks(chunks + 1, chunks + 1, (slot, c0, c1) -> {
            double[][] w = workMatrix(slot);
            for (int c = c0; c < c1; c++) {
                if (c == 0) {
                    lead.run(w);
                } else {
                    int b0 = (int) ((long) (c - 1) * blocks / chunks);
                    int b1 = (int) ((long) c * blocks / chunks);
                    step.run(w, from + b0 * CHUNK_COLUMNS, Math.min(to, from + b1 * CHUNK_COLUMNS));
                }
            }
        });
    }

}
