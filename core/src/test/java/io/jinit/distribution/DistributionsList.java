package io.jinit.distribution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;

/**
 * The cases that {@link DistributionParametricTest} runs every test on: each {@link Distribution}
 * beside the exact reference distribution of Commons Statistics that its values must follow
 * (after Commons RNG's {@code ContinuousSamplersList}). A new distribution or parameter set is
 * tested by adding one line here.
 *
 * <p>The truncated normals are added through {@link #rejection} or {@link #inverseCdf}, which
 * assert the method the case exercises ({@link TruncatedNormal#usesRejection()}), so that both
 * methods stay covered when the switch-over mass changes.
 */
final class DistributionsList {
    /** Simpson panels for the fourth central moment of a bounded reference (an even number). */
    private static final int SIMPSON_PANELS = 4096;

    /** How a truncated normal draws its elements (see {@link TruncatedNormal}). */
    enum Method {
        /** Normal draws, redrawn while outside the interval: the interval holds mass &gt;= 1/4. */
        REJECTION,
        /** One word per element through Φ<sup>-1</sup>: the interval holds mass &lt; 1/4. */
        INVERSE_CDF
    }

    /**
     * One case: a distribution, its reference and a label.
     *
     * @param label the display name
     * @param distribution the distribution under test
     * @param reference the exact distribution its values must follow
     * @param method the method of a truncated normal, null otherwise
     * @param fourthCentralMoment E[(X - mean)<sup>4</sup>] of the reference
     */
    record Case(String label, Distribution distribution, ContinuousDistribution reference, Method method,
                double fourthCentralMoment) {

        /** @return the mean of the reference */
        double mean() {
            return reference.getMean();
        }

        /** @return the variance of the reference */
        double variance() {
            return reference.getVariance();
        }

        /** @return the standard deviation of the reference */
        double sd() {
            return Math.sqrt(reference.getVariance());
        }

        /** @return the lower end of the support (-∞ for a normal) */
        double lower() {
            return reference.getSupportLowerBound();
        }

        /** @return the upper end of the support (+∞ for a normal) */
        double upper() {
            return reference.getSupportUpperBound();
        }

        /**
         * The largest magnitude a value can have in practice: the larger bound, or 7 standard
         * deviations beyond the mean of an unbounded normal (the Box-Muller cut is at 6.76).
         *
         * @return the magnitude
         */
        double magnitude() {
            double lo = Math.max(lower(), mean() - 7 * sd());
            double hi = Math.min(upper(), mean() + 7 * sd());
            return Math.max(Math.abs(lo), Math.abs(hi));
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final List<Case> LIST = build();

    private DistributionsList() {
    }

    private static List<Case> build() {
        List<Case> list = new ArrayList<>();
        uniform(list, -1, 1);
        uniform(list, 0, 1);
        uniform(list, -3, 7);
        // A width of 1e-3 at 1: float32 has about 8,400 levels there, float64 about 4.5e12.
        uniform(list, 1, 1 + 1e-3);

        normal(list, 0, 1);
        normal(list, 3, 0.01);
        normal(list, -2, 5);

        // Keras's 2σ cut, standard and shifted/scaled (mass 0.954).
        rejection(list, 0, 1, -2, 2);
        rejection(list, 1, 0.5, 0, 2);
        // Asymmetric interval, mass 0.690: still rejection.
        rejection(list, 0, 1, -0.5, 3);
        // Mass 0.0214.
        inverseCdf(list, 0, 1, 2, 3);
        // Far lower tail, mass 3.2e-5 (the interval is on the lower side: no reflection).
        inverseCdf(list, 0, 1, -6, -4);
        // Far upper tail, mass 3.2e-5 (reflected onto the lower tail).
        inverseCdf(list, 0, 1, 4, 8);
        // Narrow interval just above the mean, mass 0.040 (reflected).
        inverseCdf(list, 5, 2, 5.1, 5.3);
        // Narrow interval centred on the mean, mass 0.080.
        inverseCdf(list, 0, 1, -0.1, 0.1);
        return Collections.unmodifiableList(list);
    }

    private static void uniform(List<Case> list, double low, double high) {
        double width = high - low;
        // E[(X - m)^4] = w^4 / 80 for a uniform of width w.
        list.add(new Case("Uniform[" + low + ", " + high + ")", new Uniform(low, high),
                UniformContinuousDistribution.of(low, high), null, width * width * width * width / 80));
    }

    private static void normal(List<Case> list, double mean, double sd) {
        list.add(new Case("Normal(" + mean + ", " + sd + ")", new Normal(mean, sd),
                NormalDistribution.of(mean, sd), null, 3 * sd * sd * sd * sd));
    }

    private static void rejection(List<Case> list, double mean, double sd, double low, double high) {
        truncated(list, mean, sd, low, high, Method.REJECTION);
    }

    private static void inverseCdf(List<Case> list, double mean, double sd, double low, double high) {
        truncated(list, mean, sd, low, high, Method.INVERSE_CDF);
    }

    private static void truncated(List<Case> list, double mean, double sd, double low, double high,
                                  Method method) {
        TruncatedNormal d = new TruncatedNormal(mean, sd, low, high);
        Method actual = d.usesRejection() ? Method.REJECTION : Method.INVERSE_CDF;
        if (actual != method) {
            throw new AssertionError("the registry lists " + d + " (mass " + d.mass() + ") under " + method
                    + ", but it uses " + actual);
        }
        TruncatedNormalDistribution reference = TruncatedNormalDistribution.of(mean, sd, low, high);
        list.add(new Case("TruncatedNormal(" + mean + ", " + sd + ", [" + low + ", " + high + "]) "
                + method, d, reference, method, fourthCentralMoment(reference)));
    }

    /** E[(X - mean)^4] of a bounded reference by Simpson's rule on its density. */
    private static double fourthCentralMoment(ContinuousDistribution reference) {
        double a = reference.getSupportLowerBound();
        double b = reference.getSupportUpperBound();
        double mean = reference.getMean();
        double h = (b - a) / SIMPSON_PANELS;
        double sum = 0;
        for (int i = 0; i <= SIMPSON_PANELS; i++) {
            double x = i == SIMPSON_PANELS ? b : a + i * h;
            double d = x - mean;
            double weight = i == 0 || i == SIMPSON_PANELS ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * d * d * d * d * reference.density(x);
        }
        return sum * h / 3;
    }

    /**
     * Every case.
     *
     * @return the unmodifiable list
     */
    static List<Case> list() {
        return LIST;
    }

    /**
     * The uniform cases.
     *
     * @return the list
     */
    static List<Case> uniforms() {
        return select(c -> c.distribution() instanceof Uniform);
    }

    /**
     * The untruncated normal cases.
     *
     * @return the list
     */
    static List<Case> normals() {
        return select(c -> c.distribution() instanceof Normal);
    }

    /**
     * The cases whose float32 value is the float64 value rounded (normal and truncated normal).
     *
     * @return the list
     */
    static List<Case> roundedFromFloat64() {
        return select(c -> !(c.distribution() instanceof Uniform));
    }

    private static List<Case> select(Predicate<Case> p) {
        List<Case> out = new ArrayList<>();
        for (Case c : LIST) {
            if (p.test(c)) {
                out.add(c);
            }
        }
        return out;
    }
}
