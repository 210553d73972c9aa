package io.jinit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HouseholderQrTest {
    /**
     * Bound on max|Q^T Q - I| and on the relative residuals below. Householder QR in double gives
     * errors of order n u (u = 2^-53 ~ 1.1e-16) with a small constant; up to n = 600 we see at most
     * about 4e-15, so 1e-13 leaves a wide margin and still catches any real mistake (which gives
     * errors of order 1).
     */
    private static final double TOLERANCE = 1e-13;

    private static final Executor DIRECT = Runnable::run;

    /**
     * (m, n): square, tall, one column, multiples of the panel width and not, odd row counts (a
     * row left over after the pairs and fours) and widths around the 512-column blocks.
     */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 1),
                Arguments.of(7, 1),
                Arguments.of(5, 5),
                Arguments.of(40, 33),
                Arguments.of(32, 32),
                Arguments.of(64, 64),
                Arguments.of(97, 64),
                Arguments.of(130, 100),
                Arguments.of(256, 256),
                Arguments.of(300, 70),
                Arguments.of(600, 530),
                Arguments.of(515, 513),
                Arguments.of(161, 159));
    }

    /** Each shape with the narrow and the wide panel width. */
    static Stream<Arguments> shapesAndPanelWidths() {
        return shapes().flatMap(shape -> Stream.of(HouseholderQr.PANEL_WIDTH, HouseholderQr.WIDE_PANEL_WIDTH)
                .map(width -> Arguments.of(shape.get()[0], shape.get()[1], width)));
    }

    @ParameterizedTest
    @MethodSource("shapesAndPanelWidths")
    void columnsOfQAreOrthonormal(int m, int n, int panelWidth) {
        double[] q = normals(m, n, 1);
        HouseholderQr.factor(q, m, n, ForkJoinPool.commonPool(), 2, HouseholderQr.PAIRED_ROWS, panelWidth);

        double[][] gram = multiplyTransposed(q, q, m, n);
        for (int a = 0; a < n; a++) {
            gram[a][a] -= 1.0;
        }
        assertThat(maxAbs(gram)).isLessThan(TOLERANCE);
    }

    @ParameterizedTest
    @MethodSource("shapesAndPanelWidths")
    void qTimesRReconstructsA(int m, int n, int panelWidth) {
        double[] a = normals(m, n, 2);
        double[] q = a.clone();
        double[] rDiagonal = HouseholderQr.factor(q, m, n, ForkJoinPool.commonPool(), 2, HouseholderQr.PAIRED_ROWS,
                panelWidth);

        // R = Q^T A must be upper triangular with the returned diagonal, and Q R must give A.
        double[][] r = multiplyTransposed(q, a, m, n);
        double scale = maxAbs(a) * Math.sqrt(m);
        for (int i = 0; i < n; i++) {
            assertThat(r[i][i]).isCloseTo(rDiagonal[i], within(TOLERANCE * scale));
            for (int j = 0; j < i; j++) {
                assertThat(Math.abs(r[i][j])).isLessThan(TOLERANCE * scale);
                r[i][j] = 0.0;
            }
        }
        double residual = 0.0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int k = 0; k <= j; k++) {
                    s += q[i * n + k] * r[k][j];
                }
                residual = Math.max(residual, Math.abs(s - a[i * n + j]));
            }
        }
        assertThat(residual).isLessThan(TOLERANCE * scale);
    }

    @Test
    void threadCountAndExecutorDoNotChangeAnyBit() {
        // Wide enough (five 128-column chunks at first) that the parallel steps are cut in chunks.
        int m = 700;
        int n = 600;
        double[] serial = normals(m, n, 3);
        double[] serialR = HouseholderQr.factor(serial, m, n, DIRECT, 1);

        double[] inline = normals(m, n, 3);
        double[] inlineR = HouseholderQr.factor(inline, m, n, DIRECT, 4);
        assertThat(inline).isEqualTo(serial);
        assertThat(inlineR).isEqualTo(serialR);

        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            for (int threads : new int[] {2, 3, 8}) {
                double[] parallel = normals(m, n, 3);
                double[] parallelR = HouseholderQr.factor(parallel, m, n, pool, threads);
                assertThat(parallel).as("threads=%d", threads).isEqualTo(serial);
                assertThat(parallelR).as("threads=%d", threads).isEqualTo(serialR);
            }
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @MethodSource("shapesAndPanelWidths")
    void bothLoopShapesGiveTheSameBits(int m, int n, int panelWidth) {
        // Two rows per pass (the JDK 25 shape) and one row per pass (the JDK 17 shape) must give
        // every element the same operations, on any thread count.
        double[] single = normals(m, n, 4);
        double[] singleR = HouseholderQr.factor(single, m, n, DIRECT, 1, false, panelWidth);
        ForkJoinPool pool = new ForkJoinPool(6);
        try {
            for (int threads : new int[] {1, 2, 7}) {
                double[] paired = normals(m, n, 4);
                double[] pairedR = HouseholderQr.factor(paired, m, n, pool, threads, true, panelWidth);
                assertThat(paired).as("threads=%d", threads).isEqualTo(single);
                assertThat(pairedR).as("threads=%d", threads).isEqualTo(singleR);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void panelsWidenFromTheSizeThreshold() {
        // m n = 2^23 takes the wide panels and one row less the narrow ones. The two widths give
        // different last bits, so comparing bits tells which one ran.
        int n = 64;
        int atThreshold = (int) (HouseholderQr.WIDE_PANEL_ELEMENTS / n);
        int[][] rowsAndWidth = {
            {atThreshold, HouseholderQr.WIDE_PANEL_WIDTH, HouseholderQr.PANEL_WIDTH},
            {atThreshold - 1, HouseholderQr.PANEL_WIDTH, HouseholderQr.WIDE_PANEL_WIDTH}};
        for (int[] c : rowsAndWidth) {
            int m = c[0];
            double[] chosen = normals(m, n, 5);
            HouseholderQr.factor(chosen, m, n, DIRECT, 1);
            double[] expected = normals(m, n, 5);
            HouseholderQr.factor(expected, m, n, DIRECT, 1, HouseholderQr.PAIRED_ROWS, c[1]);
            double[] other = normals(m, n, 5);
            HouseholderQr.factor(other, m, n, DIRECT, 1, HouseholderQr.PAIRED_ROWS, c[2]);

            assertThat(chosen).as("m=%d", m).isEqualTo(expected);
            assertThat(chosen).as("m=%d", m).isNotEqualTo(other);
        }
    }

    @Test
    void columnsWithNothingBelowTheDiagonalGetNoReflection() {
        // As LAPACK's dlarfg: tau = 0, so H = I and R keeps the sign of the diagonal entry.
        double[] a = {
            -2, 5, 1,
            0, 3, 4,
            0, 0, 0,
            0, 0, 0};
        double[] rDiagonal = HouseholderQr.factor(a, 4, 3, DIRECT, 1);

        assertThat(rDiagonal).containsExactly(-2, 3, 0);
        assertThat(a).containsExactly(
                1, 0, 0,
                0, 1, 0,
                0, 0, 1,
                0, 0, 0);
    }

    @Test
    void emptyMatrixHasEmptyDiagonal() {
        assertThat(HouseholderQr.factor(new double[0], 4, 0, DIRECT, 1)).isEmpty();
    }

    @Test
    void rejectsWideMatricesAndWrongSizes() {
        assertThatThrownBy(() -> HouseholderQr.factor(new double[6], 2, 3, DIRECT, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("QR needs m >= n >= 0: m=2, n=3");
        assertThatThrownBy(() -> HouseholderQr.factor(new double[5], 3, 2, DIRECT, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a must hold m * n = 6 values: 5");
        assertThatThrownBy(() -> HouseholderQr.factor(new double[6], 3, 2, DIRECT, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be >= 1: 0");
    }

    private static double[] normals(int m, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }

    /** {@code X^T Y} for row-major m x n matrices X and Y. */
    private static double[][] multiplyTransposed(double[] x, double[] y, int m, int n) {
        double[][] p = new double[n][n];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                double xa = x[i * n + a];
                for (int b = 0; b < n; b++) {
                    p[a][b] += xa * y[i * n + b];
                }
            }
        }
        return p;
    }

    private static double maxAbs(double[][] x) {
        double max = 0.0;
        for (double[] row : x) {
            max = Math.max(max, maxAbs(row));
        }
        return max;
    }

    private static double maxAbs(double[] x) {
        double max = 0.0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
