package io.jinit.diagnosis.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.internal.Workers;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked products give, bit for bit, the sequence of float operations of {@link Matmul}'s
 * Javadoc, computed here element by element without blocks, for sizes that leave remainders
 * everywhere: k not a multiple of 4 nor of the block, n not a multiple of any vector width, an odd
 * number of rows, cut into row ranges as threads cut them.
 */
class MatmulTest {
    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** Element (i, j) as the Javadoc writes it: groups of four products, then the rest one by one. */
    private static float element(float[][] a, float[][] b, int i, int j, int k, boolean transposed) {
        float c = 0;
        int p = 0;
        for (; p + 4 <= k; p += 4) {
            c = c + (((at(a, i, p, transposed) * b[p][j] + at(a, i, p + 1, transposed) * b[p + 1][j])
                    + at(a, i, p + 2, transposed) * b[p + 2][j]) + at(a, i, p + 3, transposed) * b[p + 3][j]);
        }
        for (; p < k; p++) {
            c = c + at(a, i, p, transposed) * b[p][j];
        }
        return c;
    }

    private static float at(float[][] a, int i, int p, boolean transposed) {
        return transposed ? a[p][i] : a[i][p];
    }

    private static float[][] random(Random r, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                // wide exponents, so that a different grouping would show in the last bits
                row[j] = (float) (r.nextGaussian() * Math.pow(2, r.nextInt(20) - 10));
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0} rows, k = {1}, n = {2}")
    @CsvSource({
        "1, 1, 1",
        "7, 3, 5",
        "33, 23, 1000",  // blocks of 4 rows of B: six blocks, the last of 3
        "17, 230, 37",   // blocks of 108: the last of 14
        "9, 1030, 17",   // blocks of 240
        "21, 258, 256",  // blocks of 16, as the default network's
    })
    void blockedProductsEqualTheElementwiseFormula(int rows, int k, int n) {
        Random r = new Random(rows * 31L + k * 7L + n);
        float[][] a = random(r, rows, k);
        float[][] aByP = random(r, k, rows);
        float[][] b = random(r, k, n);
        float[][] expected = new float[rows][n];
        float[][] expectedTransposed = new float[rows][n];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                expected[i][j] = element(a, b, i, j, k, false);
                expectedTransposed[i][j] = element(aByP, b, i, j, k, true);
            }
        }
        for (int threads : new int[] {1, 2, 3, 5}) {
            Workers workers = new Workers(pool, threads);
            float[][] c = random(r, rows, n); // every value is overwritten
            float[][] ct = random(r, rows, n);
            workers.forRange(rows, 1, (r0, r1) -> Matmul.multiply(a, b, c, k, n, r0, r1));
            workers.forRange(rows, 1, (r0, r1) -> Matmul.multiplyTransposed(aByP, b, ct, k, n, r0, r1));
            for (int i = 0; i < rows; i++) {
                assertThat(c[i]).as("row %d on %d threads", i, threads).isEqualTo(expected[i]);
                assertThat(ct[i]).as("row %d of the transposed product on %d threads", i, threads)
                        .isEqualTo(expectedTransposed[i]);
            }
        }
    }

    @ParameterizedTest(name = "n = {0}: {1} rows of B per block")
    @CsvSource({"1, 4096", "5, 816", "37, 108", "256, 16", "1000, 4", "1025, 4", "100000, 4"})
    void blocksAreMultiplesOfFourWithinTheirBytes(int n, int rows) {
        assertThat(Matmul.blockRows(n)).isEqualTo(rows);
        assertThat(rows % 4).isZero();
    }
}
