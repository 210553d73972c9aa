package io.jinit.shape;

import java.util.Arrays;

/**
 * An immutable tensor shape of long dimensions, row-major (C order), in the manner of Guava's
 * {@code ImmutableIntArray}: {@link #of}/{@link #copyOf} factories, defensive copies, value
 * equality and a readable {@link #toString()} such as {@code [3, 3, 16, 32]}.
 *
 * <p>The element count is checked for overflow on construction, so every shape has a
 * {@link #size()} that fits a {@code long}.
 *
 * @since 0.1
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new long[0], 1L);

    private final long[] dims;
    private final long size;

    private Shape(long[] dims, long size) {
        this.dims = dims;
        this.size = size;
    }

    /**
     * The shape of a scalar: rank 0, one element.
     *
     * @return the rank-0 shape
     */
    public static Shape scalar() {
        return SCALAR;
    }

    /**
     * A shape from its dimensions.
     *
     * @param first the first dimension
     * @param rest the other dimensions
     * @return the shape
     * @throws IllegalArgumentException if a dimension is negative or the element count overflows
     */
    public static Shape of(long first, long... rest) {
        long[] dims = new long[rest.length + 1];
        dims[0] = first;
        System.arraycopy(rest, 0, dims, 1, rest.length);
        return validated(dims);
    }

    /**
     * A shape from a copy of an array of dimensions.
     *
     * @param dims the dimensions, not retained
     * @return the shape
     * @throws IllegalArgumentException if dims is null, a dimension is negative or the element
     *     count overflows
     */
    public static Shape copyOf(long[] dims) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null: null");
        }
        return validated(dims.clone());
    }

    /**
     * A shape from a copy of an array of int dimensions.
     *
     * @param dims the dimensions, not retained
     * @return the shape
     * @throws IllegalArgumentException as {@link #copyOf(long[])}
     */
    public static Shape copyOf(int[] dims) {
        if (dims == null) {
            throw new IllegalArgumentException("dims must not be null: null");
        }
        return validated(Arrays.stream(dims).asLongStream().toArray());
    }

    private static Shape validated(long[] dims) {
        if (dims.length == 0) {
            return SCALAR;
        }
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException(
                        "shape dimension " + i + " must be >= 0: " + dims[i] + " in " + Arrays.toString(dims));
            }
            try {
                size = Math.multiplyExact(size, dims[i]);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "shape element count overflows a long: " + Arrays.toString(dims), e);
            }
        }
        return new Shape(dims, size);
    }

    /**
     * The number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return dims.length;
    }

    /**
     * One dimension; negative indices count from the end, as in Python.
     *
     * @param axis the axis, in {@code [-rank, rank)}
     * @return the dimension
     * @throws IllegalArgumentException if the axis is out of range
     */
    public long dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /**
     * Maps a possibly negative axis to {@code [0, rank)}.
     *
     * @param axis the axis, in {@code [-rank, rank)}
     * @return the axis in {@code [0, rank)}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException(
                    "axis must be in [" + (-dims.length) + ", " + dims.length + ") for shape " + this + ": " + axis);
        }
        return a;
    }

    /**
     * The number of elements, the product of the dimensions (1 for a scalar).
     *
     * @return the element count
     */
    public long size() {
        return size;
    }

    /**
     * The product of the dimensions in {@code [from, to)}.
     *
     * @param from first axis, inclusive
     * @param to last axis, exclusive
     * @return the product, 1 when the range is empty
     */
    public long product(int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /**
     * A copy of the dimensions.
     *
     * @return the dimensions
     */
    public long[] toArray() {
        return dims.clone();
    }

    /**
     * The element count as an int, for shapes that fit one Java array.
     *
     * @return the element count
     * @throws IllegalArgumentException if the shape has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public int intSize() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "shape has too many elements for one Java array (" + size + "), fill it in ranges: " + this);
        }
        return (int) size;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
