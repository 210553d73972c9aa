package io.jinit.diagnosis.transformer;

import java.util.List;
import java.util.Map;

/**
 * Norms and standard deviations of activations, summed in double in index order on one thread, so
 * that they do not depend on the thread count. A value that is not finite makes the result NaN or
 * infinite; nothing throws.
 */
final class Moments {
    private Moments() {
    }

    /** The Frobenius norm. */
    static double norm(float[][] x) {
        double sum = 0;
        for (float[] row : x) {
            for (float v : row) {
                sum += (double) v * v;
            }
        }
        return Math.sqrt(sum);
    }

    /** The population standard deviation over every value, two-pass. */
    static double std(float[][] x) {
        double sum = 0;
        long count = 0;
        for (float[] row : x) {
            for (float v : row) {
                sum += v;
            }
            count += row.length;
        }
        double mean = sum / count;
        double squares = 0;
        for (float[] row : x) {
            for (float v : row) {
                double c = v - mean;
                squares += c * c;
            }
        }
        return Math.sqrt(squares / count);
    }

    /** {@code sqrt(Σ norm²)} of the named gradients that exist, in the order given. */
    static double groupNorm(Map<String, float[][]> gradients, List<String> names) {
        double sum = 0;
        for (String name : names) {
            float[][] g = gradients.get(name);
            if (g != null) {
                double n = norm(g);
                sum += n * n;
            }
        }
        return Math.sqrt(sum);
    }
}
