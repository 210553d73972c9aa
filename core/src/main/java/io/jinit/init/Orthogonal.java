package io.jinit.init;

import io.jinit.distribution.Normal;
import io.jinit.internal.Checks;
import io.jinit.internal.HouseholderQr;
import io.jinit.internal.Workers;
import io.jinit.random.CounterLayout;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.lang.ref.SoftReference;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

/**
 * A (semi-)orthogonal matrix, scaled by a gain: Keras {@code Orthogonal} and
 * {@code torch.nn.init.orthogonal_}. The tensor is read as a matrix, a standard normal matrix is
 * drawn, and its QR decomposition, with the signs fixed, gives the result:
 * <pre>
 *   (rows, cols) = (prod(shape[:-1]), shape[-1])      KERAS and axes layouts
 *   (rows, cols) = (shape[0], size / shape[0])         TORCH layout
 *   A = normals, max(rows, cols) x min(rows, cols)     row-major
 *   A = Q R                                            reduced QR
 *   Q = Q diag(sign(R_jj))                             sign(0) = 0, as numpy and torch
 *   W = gain Q (rows &gt;= cols)  or  gain Q^T (rows &lt; cols), reshaped row-major to shape
 * </pre>
 * so that {@code W}<sup>T</sup>{@code W = gain}<sup>2</sup>{@code I} when rows &gt;= cols and
 * {@code W W}<sup>T</sup>{@code = gain}<sup>2</sup>{@code I} otherwise. With the sign fix, Q is the
 * factor of the unique QR with a positive diagonal of R, so W is Haar-distributed (uniform on the
 * orthogonal group or the Stiefel manifold) and does not depend on the QR algorithm beyond
 * rounding.
 *
 * <p>Stream use: element {@code i} of A (row-major) is element {@code i} of
 * {@code new Normal(0, 1)} under the key, two Philox words per pair of elements (Box-Muller).
 * The values are not those of Keras or torch, whose normals come from other generators.
 *
 * <p>Everything is computed in double; a float32 fill rounds each double value once.
 *
 * <p>References:
 * <ol>
 * <li>Saxe, A. M., McClelland, J. L. and Ganguli, S. (2014)
 * <a href="https://arxiv.org/abs/1312.6120">Exact solutions to the nonlinear dynamics of learning
 * in deep linear neural networks</a>. ICLR.</li>
 * <li>Mezzadri, F. (2007)
 * <a href="https://arxiv.org/abs/math-ph/0609050">How to generate random matrices from the
 * classical compact groups</a>. Notices of the AMS 54(5), 592-604.</li>
 * </ol>
 *
 * @implNote Every element depends on the whole matrix, so a fill of any range computes all of
 * it: a blocked Householder QR of {@code 4mn^2 - 4n^3/3} flops (m = max, n = min of rows and
 * cols; 2048 x 2048 takes 0.3 to 0.4 s on two cores), run on the calling thread and
 * {@link ForkJoinPool#commonPool()}. The thread count does not change any bit of the result. The
 * last matrix computed is kept, softly, so that a tensor filled range by range is computed once.
 *
 * @param gain the factor applied to the orthogonal matrix, finite, any sign
 * @param layout how the tensor is read as a matrix: {@link FanConvention#TORCH} flattens the
 *     trailing dims, any other convention the leading dims
 * @param seed the seed of {@link #key()}
 * @since 0.1
 */
public record Orthogonal(double gain, FanConvention layout, long seed) implements Seeded, ComputedInDouble {

    /**
     * The last unit-gain matrix, shared by all instances: records cannot have instance fields, and
     * the matrix depends only on (rows, cols, key). Concurrent fills may both compute it; each
     * publishes a complete holder, so none sees a partial matrix.
     */
    private static volatile Cached last;

    /** The fewest elements worth a thread of their own in the steps around the QR. */
    private static final int PARALLEL_GRAIN = 1 << 16;

    /**
     * Validates the parameters.
     *
     * @param gain the factor applied to the orthogonal matrix, finite, any sign
     * @param layout how the tensor is read as a matrix
     * @param seed the seed of {@link #key()}
     * @throws IllegalArgumentException if gain is not finite or layout is null
     */
    public Orthogonal {
        Checks.finite("gain", gain);
        if (layout == null) {
            throw new IllegalArgumentException("layout must not be null: null");
        }
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        Checks.range(from, out.length, offset, length);
        double[] q = unitMatrix(shape, key, from, length);
        for (int i = 0; i < length; i++) {
            out[offset + i] = gain * q[(int) from + i];
        }
    }

    /** @return false: every element depends on the whole matrix */
    @Override
    public boolean isElementwise() {
        return false;
    }

    /** @return the layout, which reads the tensor as a matrix as its fans would */
    @Override
    public Optional<FanConvention> fanConvention() {
        return Optional.of(layout);
    }

    private boolean isTorchLayout() {
        return layout instanceof FanConvention.Torch;
    }

    /**
     * The unit-gain matrix of the shape under the key (row-major, the shape's element order),
     * after checking the shape and the range; null when the range is empty.
     */
    private double[] unitMatrix(Shape shape, RandomKey key, long from, int length) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("shape must have rank >= 2 for Orthogonal: " + shape);
        }
        if (from + length > shape.size()) {
            throw new IllegalArgumentException("from + length must be <= the element count " + shape.size()
                    + " of " + shape + ": from=" + from + ", length=" + length);
        }
        if (length == 0) {
            return null;
        }
        long rows = isTorchLayout() ? shape.dim(0) : shape.product(0, shape.rank() - 1);
        long cols = shape.size() / rows;
        Cached cached = last;
        if (cached != null && cached.rows == rows && cached.cols == cols && cached.key.equals(key)) {
            double[] q = cached.values.get();
            if (q != null) {
                return q;
            }
        }
        checkFits(shape, rows, cols);
        double[] q = compute((int) rows, (int) cols, key);
        last = new Cached(rows, cols, key, q);
        return q;
    }

    /**
     * Refuses matrices that cannot be held, with a message, rather than failing with an
     * OutOfMemoryError half-way. The QR holds the matrix twice (flat and as rows); a wide matrix
     * needs a third copy for the transpose. The panel buffers add about 1.6 KB per row.
     */
    private static void checkFits(Shape shape, long rows, long cols) {
        long size = rows * cols;
        long longSide = Math.max(rows, cols);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape has too many elements for Orthogonal (" + size
                    + " > " + (Integer.MAX_VALUE - 8) + "): " + shape);
        }
        long copies = rows < cols ? 3 : 2;
        long needed = copies * Double.BYTES * size + 1600L * longSide;
        long limit = Runtime.getRuntime().maxMemory();
        if (needed > limit) {
            throw new IllegalArgumentException("shape is too large for Orthogonal: its QR needs about "
                    + (needed >> 20) + " MiB and the heap limit is " + (limit >> 20) + " MiB: " + shape);
        }
    }

    /**
     * Draws A, decomposes it, fixes the signs and transposes a wide result. Every step runs on the
     * calling thread and the common pool; the draw is cut at whole chunks of the counter layout
     * and the other steps at rows or columns, so the bits do not depend on the threads.
     */
    private static double[] compute(int rows, int cols, RandomKey key) {
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[] q = new double[m * n];
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Workers workers = new Workers(ForkJoinPool.commonPool(), threads);
        Normal normal = new Normal(0, 1);
        int chunks = (q.length + CounterLayout.CHUNK_ELEMENTS - 1) / CounterLayout.CHUNK_ELEMENTS;
        workers.forRange(chunks, PARALLEL_GRAIN / CounterLayout.CHUNK_ELEMENTS, (c0, c1) -> {
            int from = c0 * CounterLayout.CHUNK_ELEMENTS;
            int to = (int) Math.min((long) c1 * CounterLayout.CHUNK_ELEMENTS, q.length);
            normal.fill(key, from, q, from, to - from);
        });
        double[] r = HouseholderQr.factor(q, m, n, ForkJoinPool.commonPool(), threads);
        double[] sign = new double[n];
        for (int j = 0; j < n; j++) {
            sign[j] = Math.signum(r[j]);
        }
        int rowGrain = Math.max(1, PARALLEL_GRAIN / n);
        workers.forRange(m, rowGrain, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int o = i * n;
                for (int j = 0; j < n; j++) {
                    q[o + j] *= sign[j];
                }
            }
        });
        if (rows >= cols) {
            return q;
        }
        double[] t = new double[q.length];
        workers.forRange(n, Math.max(1, PARALLEL_GRAIN / m), (j0, j1) -> {
            for (int i = 0; i < m; i++) {
                for (int j = j0; j < j1; j++) {
                    t[j * m + i] = q[i * n + j];
                }
            }
        });
        return t;
    }

    /**
     * An immutable cache entry. The matrix is held softly: a static strong reference would pin
     * up to gigabytes for the life of the class, while a soft one is cleared before the heap runs
     * out, and then the next range fill recomputes it.
     */
    private static final class Cached {
        final long rows;
        final long cols;
        final RandomKey key;
        final SoftReference<double[]> values;

        Cached(long rows, long cols, RandomKey key, double[] values) {
            this.rows = rows;
            this.cols = cols;
            this.key = key;
            this.values = new SoftReference<>(values);
        }
    }
}
