package io.jinit.init;

import io.jinit.distribution.Normal;
import io.jinit.internal.Checks;
import io.jinit.random.CounterLayout;
import io.jinit.random.Philox4x32;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.function.IntConsumer;

/**
 * PyTorch's {@code sparse_} (Martens 2010): a 2-D matrix of N(0, std<sup>2</sup>) elements in
 * which {@code ceil(sparsity · rows)} elements of every column are zero.
 *
 * <p>Stream use: the values are the {@link Normal} stream of the key. The zero rows of column
 * {@code c} are the first {@code ceil(sparsity · rows)} positions of a Fisher-Yates shuffle of
 * {@code 0 .. rows-1} whose bounded draws come, word by word, from the blocks
 * {@code (lo32(c), hi32(c), n, 2)}, n = 0, 1, ..., by Lemire's unbiased multiply-and-reject
 * method. (PyTorch draws its permutations from the global generator, ignoring the
 * {@code generator} argument; here everything follows the key.)
 *
 * <p>References:
 * <ol>
 * <li>Martens, J. (2010) <a href="https://icml.cc/Conferences/2010/papers/458.pdf">Deep learning
 * via Hessian-free optimization</a>. ICML.</li>
 * <li>Lemire, D. (2019) <a href="https://doi.org/10.1145/3230636">Fast Random Integer Generation
 * in an Interval</a>. ACM TOMACS 29(1).</li>
 * </ol>
 *
 * @param sparsity the fraction of each column set to zero, in [0, 1)
 * @param std the standard deviation of the non-zero elements, finite and &gt;= 0
 * @param seed the seed
 * @since 0.1
 */
public record Sparse(double sparsity, double std, long seed) implements Seeded {

    /**
     * Validates the parameters.
     *
     * @param sparsity the fraction of each column set to zero, in [0, 1)
     * @param std the standard deviation of the non-zero elements, finite and &gt;= 0
     * @param seed the seed
     */
    public Sparse {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1): " + sparsity);
        }
        Checks.nonNegative("std", std);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        check(shape, from, out.length, offset, length);
        new Normal(0.0, std).fill(key, from, out, offset, length);
        forEachZero(shape, key, from, length, i -> out[offset + i] = 0f);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        check(shape, from, out.length, offset, length);
        new Normal(0.0, std).fill(key, from, out, offset, length);
        forEachZero(shape, key, from, length, i -> out[offset + i] = 0.0);
    }

    /**
     * Calls {@code zero} with each position {@code i} in {@code [0, length)} whose element is
     * zeroed: element {@code from + i} of row-major (rows, cols) is row {@code e / cols}, column
     * {@code e % cols}.
     */
    private void forEachZero(Shape shape, RandomKey key, long from, int length, IntConsumer zero) {
        long cols = shape.dim(1);
        boolean[][] zeros = zeroRows(shape, key, from, length);
        for (int i = 0; i < length; i++) {
            long e = from + i;
            if (zeros[(int) (e % cols)][(int) (e / cols)]) {
                zero.accept(i);
            }
        }
    }

    /**
     * The number of zeros in each column.
     *
     * @param rows the number of rows
     * @return {@code ceil(sparsity · rows)}
     */
    public long zerosPerColumn(long rows) {
        return (long) Math.ceil(sparsity * rows);
    }

    private void check(Shape shape, long from, int arrayLength, int offset, int length) {
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("shape must have rank 2 for sparse: " + shape);
        }
        if (shape.dim(0) > Integer.MAX_VALUE - 8 || shape.dim(1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape is too large for sparse: " + shape);
        }
        Checks.range(from, arrayLength, offset, length);
        Checks.within(shape, from, length);
        // The zero rows of each touched column are found with a full shuffle of its rows.
        long touchedColumns = Math.min(length, shape.dim(1));
        long bytes = touchedColumns * shape.dim(0) + 4 * shape.dim(0);
        if (bytes > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalArgumentException("shape needs " + bytes + " bytes of masks for sparse, more than half"
                    + " the heap; fill fewer columns at a time: " + shape);
        }
    }

    /** The zero rows of every column the range touches (other columns are left null). */
    private boolean[][] zeroRows(Shape shape, RandomKey key, long from, int length) {
        int rows = (int) shape.dim(0);
        int cols = (int) shape.dim(1);
        boolean[][] zeros = new boolean[cols][];
        if (length == 0) {
            return zeros;
        }
        int count = (int) zerosPerColumn(rows);
        int[] perm = new int[rows];
        // Any cols consecutive elements cover every column.
        for (long e = from; e < from + Math.min(length, cols); e++) {
            int c = (int) (e % cols);
            boolean[] z = new boolean[rows];
            ColumnWords words = new ColumnWords(key, c);
            for (int r = 0; r < rows; r++) {
                perm[r] = r;
            }
            for (int r = 0; r < count; r++) {
                int j = r + words.below(rows - r);
                int t = perm[r];
                perm[r] = perm[j];
                perm[j] = t;
                z[perm[r]] = true;
            }
            zeros[c] = z;
        }
        return zeros;
    }

    @Override
    public boolean isElementwise() {
        return false;
    }

    /** The words of one column's sparse-mask blocks, in order, with bounded draws. */
    private static final class ColumnWords {
        private final RandomKey key;
        private final int column;
        private final int[] block = new int[4];
        private int next = 4;
        private int blockIndex;

        ColumnWords(RandomKey key, int column) {
            this.key = key;
            this.column = column;
        }

        private long word() {
            if (next == 4) {
                Philox4x32.block(key.k0(), key.k1(), column, 0, blockIndex++, CounterLayout.SPARSE_DOMAIN, block);
                next = 0;
            }
            return block[next++] & 0xFFFF_FFFFL;
        }

        /** An unbiased integer in [0, bound) (Lemire 2019). */
        int below(int bound) {
            long m = word() * bound;
            long low = m & 0xFFFF_FFFFL;
            if (low < bound) {
                long threshold = (0x1_0000_0000L - bound) % bound;
                while (low < threshold) {
                    m = word() * bound;
                    low = m & 0xFFFF_FFFFL;
                }
            }
            return (int) (m >>> 32);
        }
    }
}
