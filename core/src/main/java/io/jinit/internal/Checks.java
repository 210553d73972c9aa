package io.jinit.internal;

/**
 * Argument checks shared by the public entry points. Every message names the parameter and the
 * value, as the bad-input rules of the specification require.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Checks a finite parameter.
     *
     * @param name parameter name
     * @param value its value
     * @return value
     */
    public static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite: " + value);
        }
        return value;
    }

    /**
     * Checks a finite, strictly positive parameter.
     *
     * @param name parameter name
     * @param value its value
     * @return value
     */
    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0: " + value);
        }
        return value;
    }

    /**
     * Checks a finite, non-negative parameter.
     *
     * @param name parameter name
     * @param value its value
     * @return value
     */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0: " + value);
        }
        return value;
    }

    /**
     * Checks the finite bounds of an interval whose width is finite too.
     *
     * @param lowName name of the lower bound
     * @param low the lower bound
     * @param highName name of the upper bound
     * @param high the upper bound
     */
    public static void interval(String lowName, double low, String highName, double high) {
        finite(lowName, low);
        finite(highName, high);
        if (low > high) {
            throw new IllegalArgumentException(lowName + " must be <= " + highName + ": " + lowName + "=" + low + ", "
                    + highName + "=" + high);
        }
        if (!Double.isFinite(high - low)) {
            throw new IllegalArgumentException(highName + " - " + lowName + " must be finite: " + lowName + "=" + low
                    + ", " + highName + "=" + high);
        }
    }

    /**
     * Checks an element range against a destination array.
     *
     * @param from first element index of the tensor
     * @param arrayLength length of the destination
     * @param offset first index in the destination
     * @param length number of elements
     */
    public static void range(long from, int arrayLength, int offset, int length) {
        if (from < 0) {
            throw new IllegalArgumentException("from must be >= 0: " + from);
        }
        if (offset < 0 || length < 0 || offset > arrayLength - length) {
            throw new IllegalArgumentException("offset and length must lie within the array of length "
                    + arrayLength + ": offset=" + offset + ", length=" + length);
        }
        if (from > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("from + length overflows a long: from=" + from + ", length=" + length);
        }
    }

    /**
     * Checks that an element range lies within a tensor of the given shape.
     *
     * @param shape the tensor shape
     * @param from first element index
     * @param length number of elements
     */
    public static void within(io.jinit.shape.Shape shape, long from, int length) {
        if (from < 0 || length < 0 || from > shape.size() - length) {
            throw new IllegalArgumentException("element range [" + from + ", " + (from + length)
                    + ") must lie within the tensor of shape " + shape + " (" + shape.size() + " elements)");
        }
    }
}
