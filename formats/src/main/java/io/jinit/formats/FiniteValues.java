package io.jinit.formats;

/**
 * The check that initializer values are finite: finite parameters can still overflow the output
 * ({@code orthogonal_} with gain 1e300, {@code identity} with gain 1e39 in float32), and a tensor
 * of infinities must be refused, not written.
 *
 * @since 0.1
 */
public final class FiniteValues {
    private FiniteValues() {
    }

    /**
     * Refuses an infinity or NaN among {@code values[0, n)}. The largest magnitude is a
     * max-reduction, which C2 vectorises, and NaN propagates through it; the element is looked up
     * only once one is known to be there.
     *
     * @param tensor the tensor's name, for the message
     * @param values the values
     * @param n how many
     * @param from the index of {@code values[0]} in the tensor
     * @param dtype the output's dtype, for the message
     * @throws IllegalArgumentException naming the tensor, the value and its index
     */
    public static void check(String tensor, float[] values, int n, long from, String dtype) {
        float largest = 0f;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(values[i]));
        }
        if (!(largest <= Float.MAX_VALUE)) {
            for (int i = 0; i < n; i++) {
                if (!Float.isFinite(values[i])) {
                    throw refusal(tensor, values[i], from + i, dtype);
                }
            }
        }
    }

    /**
     * As {@link #check(String, float[], int, long, String)} for doubles.
     *
     * @param tensor the tensor's name, for the message
     * @param values the values
     * @param n how many
     * @param from the index of {@code values[0]} in the tensor
     * @param dtype the output's dtype, for the message
     * @throws IllegalArgumentException naming the tensor, the value and its index
     */
    public static void check(String tensor, double[] values, int n, long from, String dtype) {
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(values[i]));
        }
        if (!(largest <= Double.MAX_VALUE)) {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(values[i])) {
                    throw refusal(tensor, values[i], from + i, dtype);
                }
            }
        }
    }

    private static IllegalArgumentException refusal(String tensor, double value, long index, String dtype) {
        return new IllegalArgumentException("tensor " + TensorFiles.printable(String.valueOf(tensor)) + " gets " + value
                + " at element " + index + ": its initializer's parameters overflow " + dtype);
    }
}
