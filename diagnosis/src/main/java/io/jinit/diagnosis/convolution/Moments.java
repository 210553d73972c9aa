package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;

/**
 * The statistics of feature maps and parameters, in double. Each plane is summed by one thread in
 * index order and the planes' sums are added in plane order, so the figures do not depend on the
 * thread count.
 */
final class Moments {
    private Moments() {
    }

    /**
     * The population standard deviation of all values, two-pass; {@code +∞} when a value is not
     * finite, as the MLP engine reports it.
     */
    static double std(FeatureMaps x, Workers workers) {
        int area = x.area();
        double[] sums = new double[x.planes.length];
        workers.forRange(sums.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                double s = 0;
                for (float v : x.planes[p]) {
                    s += v;
                }
                sums[p] = s;
            }
        });
        double mean = inOrder(sums) / x.size();
        if (!Double.isFinite(mean)) {
            return Double.POSITIVE_INFINITY;
        }
        workers.forRange(sums.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                double s = 0;
                float[] plane = x.planes[p];
                for (int i = 0; i < area; i++) {
                    double c = plane[i] - mean;
                    s += c * c;
                }
                sums[p] = s;
            }
        });
        return Math.sqrt(inOrder(sums) / x.size());
    }

    /** The Frobenius norm of all values; {@code +∞} or NaN when a value is not finite. */
    static double norm(FeatureMaps x, Workers workers) {
        double[] sums = new double[x.planes.length];
        workers.forRange(sums.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                sums[p] = squares(x.planes[p]);
            }
        });
        return Math.sqrt(inOrder(sums));
    }

    /** The Frobenius norm of an array, summed in index order. */
    static double norm(float[] x) {
        return Math.sqrt(squares(x));
    }

    /** The fraction of values exactly zero (either sign). */
    static double zeroFraction(FeatureMaps x) {
        long zeros = 0;
        for (float[] plane : x.planes) {
            for (float v : plane) {
                zeros += v == 0 ? 1 : 0;
            }
        }
        return (double) zeros / x.size();
    }

    private static double squares(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s;
    }

    private static double inOrder(double[] sums) {
        double s = 0;
        for (double v : sums) {
            s += v;
        }
        return s;
    }
}
