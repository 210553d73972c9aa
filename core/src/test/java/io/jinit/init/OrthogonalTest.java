package io.jinit.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.Catalogued;
import io.jinit.distribution.Normal;
import io.jinit.internal.HouseholderQr;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrthogonalTest {
    /**
     * Bound on max|W^T W - gain^2 I| / gain^2 (or W W^T). The QR is done in double, where the
     * error is of order n u (u ~ 1.1e-16); for the sizes here it stays below about 1e-15.
     */
    private static final double TOLERANCE = 1e-13;

    private static final FanConvention KERAS = FanConvention.KERAS;
    private static final FanConvention TORCH = FanConvention.TORCH;

    /**
     * A shape, a layout and the matrix the layout reads: Keras flattens the leading dims
     * (rows = prod(shape[:-1])), torch the trailing ones (cols = size / shape[0]).
     */
    static Stream<Arguments> matrices() {
        FanConvention axes = FanConvention.kerasAxes(List.of(-2), List.of(-1));
        return Stream.of(
                Arguments.of(Shape.of(8, 8), KERAS, 8, 8),
                Arguments.of(Shape.of(10, 4), KERAS, 10, 4),
                Arguments.of(Shape.of(4, 10), KERAS, 4, 10),
                Arguments.of(Shape.of(10, 4), TORCH, 10, 4),
                Arguments.of(Shape.of(4, 10), TORCH, 4, 10),
                Arguments.of(Shape.of(1, 5), KERAS, 1, 5),
                Arguments.of(Shape.of(5, 1), TORCH, 5, 1),
                Arguments.of(Shape.of(2, 3, 4), KERAS, 6, 4),
                Arguments.of(Shape.of(2, 3, 4), TORCH, 2, 12),
                Arguments.of(Shape.of(2, 3, 4), axes, 6, 4),
                Arguments.of(Shape.of(3, 3, 16, 32), KERAS, 144, 32),
                Arguments.of(Shape.of(32, 16, 3, 3), TORCH, 32, 144),
                Arguments.of(Shape.of(64, 3, 2, 2), TORCH, 64, 12),
                Arguments.of(Shape.of(2, 2, 3, 40), KERAS, 12, 40),
                Arguments.of(Shape.of(70, 90), KERAS, 70, 90));
    }

    @ParameterizedTest
    @MethodSource("matrices")
    void flattenedMatrixIsSemiOrthogonal(Shape shape, FanConvention layout, int rows, int cols) {
        double[] w = new Orthogonal(1.0, layout, 42).sampleDouble(shape);

        assertThat(maxDeviationFromScaledIdentity(w, rows, cols, 1.0)).isLessThan(TOLERANCE);
    }

    @Test
    void eachLayoutFlattensItsOwnWay() {
        // (2, 3, 4): Keras reads a (6, 4) matrix, torch a (2, 12) one. Each result is
        // orthonormal only when read the way it was made.
        Shape shape = Shape.of(2, 3, 4);
        double[] keras = new Orthogonal(1.0, KERAS, 7).sampleDouble(shape);
        double[] torch = new Orthogonal(1.0, TORCH, 7).sampleDouble(shape);

        assertThat(maxDeviationFromScaledIdentity(keras, 6, 4, 1.0)).isLessThan(TOLERANCE);
        assertThat(maxDeviationFromScaledIdentity(keras, 2, 12, 1.0)).isGreaterThan(0.1);
        assertThat(maxDeviationFromScaledIdentity(torch, 2, 12, 1.0)).isLessThan(TOLERANCE);
        assertThat(maxDeviationFromScaledIdentity(torch, 6, 4, 1.0)).isGreaterThan(0.1);
    }

    @Test
    void gainScalesEveryElement() {
        for (Shape shape : List.of(Shape.of(6, 6), Shape.of(9, 5), Shape.of(3, 2, 7))) {
            int rows = (int) shape.product(0, shape.rank() - 1);
            int cols = (int) shape.dim(-1);
            double[] unit = new Orthogonal(1.0, KERAS, 11).sampleDouble(shape);
            for (double gain : new double[] {2.0, -0.5}) {
                double[] w = new Orthogonal(gain, KERAS, 11).sampleDouble(shape);

                assertThat(maxDeviationFromScaledIdentity(w, rows, cols, gain)).isLessThan(TOLERANCE);
                for (int i = 0; i < w.length; i++) {
                    assertThat(w[i]).isEqualTo(gain * unit[i]);
                }
            }
        }
    }

    @Test
    void signFixMakesTheDiagonalOfRPositive() {
        // With Q the result and A the drawn normals (max x min), R = Q^T A must be upper
        // triangular with a positive diagonal: the one QR that Gram-Schmidt would give.
        for (int[] rc : new int[][] {{6, 6}, {7, 5}, {3, 8}, {40, 40}}) {
            int rows = rc[0];
            int cols = rc[1];
            int m = Math.max(rows, cols);
            int n = Math.min(rows, cols);
            RandomKey key = RandomKey.of(5);
            double[] w = new Orthogonal(1.0, KERAS, 0).sampleDouble(Shape.of(rows, cols), key);
            double[] a = new double[m * n];
            new Normal(0, 1).fill(key, 0, a, 0, a.length);
            double[] q = rows >= cols ? w : transpose(w, rows, cols);

            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double r = 0.0;
                    for (int k = 0; k < m; k++) {
                        r += q[k * n + i] * a[k * n + j];
                    }
                    if (i == j) {
                        assertThat(r).as("R[%d][%d] of %dx%d", i, j, rows, cols).isPositive();
                    } else if (i > j) {
                        assertThat(Math.abs(r)).as("R[%d][%d] of %dx%d", i, j, rows, cols).isLessThan(1e-12);
                    }
                }
            }
        }
    }

    @Test
    void sameKeyGivesSameBits() {
        Shape shape = Shape.of(20, 30);
        Orthogonal init = new Orthogonal(1.5, KERAS, 3);
        double[] first = init.sampleDouble(shape);
        // Another matrix in between replaces the cached one, so the second call recomputes.
        new Orthogonal(1.0, TORCH, 4).sampleDouble(Shape.of(5, 5));
        double[] second = new Orthogonal(1.5, KERAS, 3).sampleDouble(shape);
        double[] viaKey = init.sampleDouble(shape, RandomKey.of(3));

        assertThat(second).isEqualTo(first);
        assertThat(viaKey).isEqualTo(first);
    }

    /**
     * Matrices large enough that the draw, the sign fix and the transpose are split among threads
     * give the bits of the same steps done on one thread: the stream's normals in row-major order,
     * the QR on the calling thread, the signs of R's diagonal, and the transpose of a wide result.
     */
    @ParameterizedTest
    @MethodSource("largeMatrices")
    void splitStepsGiveTheBitsOfOneThread(int rows, int cols) {
        Shape shape = Shape.of(rows, cols);
        RandomKey key = RandomKey.of(17);
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[] q = new double[m * n];
        new Normal(0, 1).fill(key, 0, q, 0, q.length);
        double[] r = HouseholderQr.factor(q, m, n, Runnable::run, 1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[i * n + j] *= Math.signum(r[j]);
            }
        }
        double[] expected = rows >= cols ? q : transpose(q, m, n);

        assertThat(new Orthogonal(1.0, KERAS, 0).sampleDouble(shape, key)).isEqualTo(expected);
    }

    /** Above the parallel grain of 2^16 elements: square, tall and wide, none a multiple of 32. */
    static Stream<Arguments> largeMatrices() {
        return Stream.of(Arguments.of(401, 401), Arguments.of(530, 261), Arguments.of(299, 517));
    }

    @Test
    void differentSeedsAndKeysDiffer() {
        Shape shape = Shape.of(4, 4);
        double[] a = new Orthogonal(1.0, KERAS, 1).sampleDouble(shape);
        double[] b = new Orthogonal(1.0, KERAS, 2).sampleDouble(shape);
        double[] c = new Orthogonal(1.0, KERAS, 1).sampleDouble(shape, RandomKey.of(1).derive("w"));

        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isNotEqualTo(a[i]);
            assertThat(c[i]).isNotEqualTo(a[i]);
        }
    }

    @Test
    void rangeFillsMatchTheWholeFill() {
        // Uneven ranges, most of them crossing row boundaries (rows of 7 and of 30).
        for (Shape shape : List.of(Shape.of(5, 7), Shape.of(3, 10, 30))) {
            Orthogonal init = new Orthogonal(-1.25, TORCH, 9);
            RandomKey key = RandomKey.of(77);
            int size = shape.intSize();
            double[] whole = init.sampleDouble(shape, key);
            float[] wholeFloat = init.sample(shape, key);
            int[] cuts = {0, 1, 3, 10, 17, 18, size / 2 + 3, size - 1, size};
            double[] ranged = new double[size + 2];
            float[] rangedFloat = new float[size + 2];
            for (int c = 0; c + 1 < cuts.length; c++) {
                int from = cuts[c];
                int length = cuts[c + 1] - from;
                init.fill(shape, key, from, ranged, from + 2, length);
                init.fill(shape, key, from, rangedFloat, from + 2, length);
            }

            for (int i = 0; i < size; i++) {
                assertThat(ranged[i + 2]).isEqualTo(whole[i]);
                assertThat(rangedFloat[i + 2]).isEqualTo(wholeFloat[i]);
                assertThat(wholeFloat[i]).isEqualTo((float) whole[i]);
            }
        }
    }

    @Test
    void emptyTensorsAndEmptyRangesNeedNoWork() {
        Orthogonal init = new Orthogonal(1.0, TORCH, 1);

        assertThat(init.sampleDouble(Shape.of(0, 5))).isEmpty();
        assertThat(init.sample(Shape.of(3, 0, 2))).isEmpty();
        float[] out = {1, 2};
        init.fill(Shape.of(4, 4), RandomKey.of(1), 16, out, 0, 0);
        assertThat(out).containsExactly(1, 2);
    }

    @Test
    void rejectsShapesBelowRankTwo() {
        Orthogonal init = new Orthogonal(1.0, KERAS, 1);

        assertThatThrownBy(() -> init.sample(Shape.scalar()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must have rank >= 2 for Orthogonal: []");
        assertThatThrownBy(() -> init.sample(Shape.of(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must have rank >= 2 for Orthogonal: [5]");
        assertThatThrownBy(() -> new Orthogonal(1.0, TORCH, 1).sample(Shape.of(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must have rank >= 2 for Orthogonal: [5]");
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> new Orthogonal(Double.NaN, KERAS, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gain must be finite: NaN");
        assertThatThrownBy(() -> new Orthogonal(Double.NEGATIVE_INFINITY, KERAS, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gain must be finite: -Infinity");
        assertThatThrownBy(() -> new Orthogonal(1.0, null, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layout must not be null: null");
    }

    @Test
    void rejectsRangesOutsideTheTensor() {
        Orthogonal init = new Orthogonal(1.0, KERAS, 1);

        assertThatThrownBy(() -> init.fill(Shape.of(2, 3), RandomKey.of(1), 4, new double[8], 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from + length must be <= the element count 6 of [2, 3]: from=4, length=3");
    }

    @Test
    void rejectsMatricesThatCannotBeHeld() {
        // 2^31 elements do not fit one Java array; 40000 x 40000 doubles (12 GiB) do not fit the
        // heap the tests run with (-Xmx2g). Both are refused before any allocation.
        Orthogonal init = new Orthogonal(1.0, KERAS, 1);

        assertThatThrownBy(() -> init.fill(Shape.of(65536, 32768), RandomKey.of(1), 0, new double[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape has too many elements for Orthogonal (2147483648 > 2147483639): [65536, 32768]");
        assertThatThrownBy(() -> init.fill(Shape.of(40000, 40000), RandomKey.of(1), 0, new double[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shape is too large for Orthogonal: its QR needs about ")
                .hasMessageEndingWith(": [40000, 40000]");
    }

    @Test
    void entriesOfThreeByThreeAreUniformOnMinusOneToOne() {
        // For a Haar-distributed 3x3 orthogonal matrix every column is uniform on the sphere S^2,
        // and a coordinate of a uniform point on S^2 is uniform on [-1, 1] (Archimedes). Without
        // the sign fix W[0][0] = -|A00| / ||A[:, 0]|| would never be positive. The second entry
        // checked depends on the second reflection. False-alarm rate: a correct implementation
        // gives p < 1e-3 with probability 1e-3 per check, 2e-3 for both; the seeds are fixed, so
        // the outcome is the same on every run.
        int draws = 2000;
        double[] w00 = new double[draws];
        double[] w21 = new double[draws];
        for (int s = 0; s < draws; s++) {
            double[] w = new Orthogonal(1.0, KERAS, s).sampleDouble(Shape.of(3, 3));
            w00[s] = w[0];
            w21[s] = w[2 * 3 + 1];
        }
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();

        assertThat(ks.test(w00, OrthogonalTest::uniformCdf).getPValue()).isGreaterThan(1e-3);
        assertThat(ks.test(w21, OrthogonalTest::uniformCdf).getPValue()).isGreaterThan(1e-3);
    }

    @Test
    void describesItself() {
        Orthogonal keras = new Orthogonal(1.0, KERAS, 42);
        Orthogonal torch = new Orthogonal(2.0, TORCH, -3);

        assertThat(keras).hasToString("Orthogonal[gain=1.0, layout=KERAS, seed=42]");
        assertThat(torch).hasToString("Orthogonal[gain=2.0, layout=TORCH, seed=-3]");
        NamedInitializer kerasNamed = Initializers.get("Orthogonal", Map.of("seed", 42L, "gain", 1.0));
        NamedInitializer torchNamed = Initializers.get("Orthogonal", Map.of("seed", -3L, "gain", 2.0, "layout", "torch"));
        assertThat(((Catalogued) kerasNamed).family()).isEqualTo(keras);
        assertThat(((Catalogued) torchNamed).family()).isEqualTo(torch);
        assertThat(kerasNamed.config()).containsExactly(Map.entry("seed", 42L), Map.entry("gain", 1.0));
        assertThat(torchNamed.config())
                .containsExactly(Map.entry("seed", -3L), Map.entry("gain", 2.0), Map.entry("layout", "torch"));
        assertThatThrownBy(() -> kerasNamed.config().put("gain", 3.0))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(kerasNamed.className()).isEqualTo("Orthogonal");
        assertThat(kerasNamed.module()).isEqualTo("keras.initializers");
        assertThat(keras.key()).isEqualTo(RandomKey.of(42));
        assertThat(keras.isElementwise()).isFalse();
        assertThat(keras).isEqualTo(new Orthogonal(1.0, KERAS, 42));
    }

    private static double uniformCdf(double x) {
        return Math.min(1.0, Math.max(0.0, (x + 1.0) / 2.0));
    }

    /**
     * max|G - gain^2 I| / gain^2 with G = W^T W when rows >= cols and G = W W^T otherwise, W
     * read as a row-major rows x cols matrix.
     */
    private static double maxDeviationFromScaledIdentity(double[] w, int rows, int cols, double gain) {
        boolean tall = rows >= cols;
        int k = tall ? cols : rows;
        double max = 0.0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0.0;
                for (int i = 0; i < (tall ? rows : cols); i++) {
                    s += tall ? w[i * cols + a] * w[i * cols + b] : w[a * cols + i] * w[b * cols + i];
                }
                double expected = a == b ? gain * gain : 0.0;
                max = Math.max(max, Math.abs(s - expected) / (gain * gain));
            }
        }
        return max;
    }

    private static double[] transpose(double[] w, int rows, int cols) {
        double[] t = new double[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = w[i * cols + j];
            }
        }
        return t;
    }
}
