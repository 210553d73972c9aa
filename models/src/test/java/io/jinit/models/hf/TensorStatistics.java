package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * The per-tensor check of the interop tests, on the report of {@code hf_check.py}: shapes
 * and dtypes as transformers', zero and one tensors exactly, and each other tensor's mean and
 * standard deviation within {@value #SIGMAS} standard errors of transformers' own initialization.
 * For n draws of a normal with standard deviation σ, the difference of two independent sample
 * means has standard error σ·sqrt(2/n), and a sample standard deviation has standard error about
 * σ/sqrt(2n), so the difference of two has about σ/sqrt(n). Six standard errors leave a
 * false-alarm rate of about 2e-9 per comparison.
 */
final class TensorStatistics {
    /** Standard errors allowed. */
    static final double SIGMAS = 6;

    private TensorStatistics() {
    }

    /**
     * Checks every tensor of a report.
     *
     * @param report the script's output
     * @param dtype the dtype every tensor must have
     * @param sigma the σ of a tensor from its two sample standard deviations (jinit's, transformers')
     */
    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> report, String dtype, DoubleBinaryOperator sigma) {
        Map<String, Map<String, Object>> tensors = (Map<String, Map<String, Object>>) report.get("tensors");
        int normals = 0;
        for (Map.Entry<String, Map<String, Object>> e : tensors.entrySet()) {
            String name = e.getKey();
            Map<String, Object> t = e.getValue();
            assertThat(t.get("shape")).as(name).isEqualTo(t.get("reference_shape"));
            assertThat(t.get("dtype")).as(name).isEqualTo(dtype).isEqualTo(t.get("reference_dtype"));
            if (Boolean.TRUE.equals(t.get("reference_all_zero"))) {
                assertThat(t.get("all_zero")).as(name + " all zero").isEqualTo(true);
            } else if (Boolean.TRUE.equals(t.get("reference_all_one"))) {
                assertThat(t.get("all_one")).as(name + " all one").isEqualTo(true);
            } else {
                normals++;
                double n = ((Number) t.get("count")).doubleValue();
                double mean = ((Number) t.get("mean")).doubleValue();
                double sd = ((Number) t.get("std")).doubleValue();
                double refMean = ((Number) t.get("reference_mean")).doubleValue();
                double refSd = ((Number) t.get("reference_std")).doubleValue();
                double s = sigma.applyAsDouble(sd, refSd);
                assertThat(Math.abs(mean - refMean)).as(name + " mean %s vs %s", mean, refMean)
                        .isLessThanOrEqualTo(SIGMAS * s * Math.sqrt(2 / n));
                assertThat(Math.abs(sd - refSd)).as(name + " std %s vs %s", sd, refSd)
                        .isLessThanOrEqualTo(SIGMAS * s / Math.sqrt(n));
            }
        }
        assertThat(normals).isPositive();
    }
}
