package io.jinit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class NormalMathTest {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    /** Relative accuracy in the lower tail, where the truncated normal's inverse CDF needs it. */
    @Test
    void cdfAgreesWithCommonsStatistics() {
        for (double x = -37; x <= 8; x += 0.0173) {
            double expected = STANDARD.cumulativeProbability(x);
            assertThat(NormalMath.cdf(x)).as("x=%s", x).isCloseTo(expected, within(Math.max(expected * 1e-12, 1e-16)));
        }
        assertThat(NormalMath.cdf(0)).isEqualTo(0.5);
    }

    @Test
    void quantileInvertsTheCdf() {
        for (double logP = -300; logP < -0.31; logP += 0.37) {
            double p = Math.pow(10, logP);
            double x = NormalMath.quantile(p);
            assertThat(NormalMath.cdf(x)).as("p=%s", p).isCloseTo(p, within(p * 1e-12));
            if (p > 1e-12) {
                // 1 - p carries p to about 1e-16 absolute, i.e. relative 1e-16 / p.
                assertThat(NormalMath.quantile(1 - p)).isCloseTo(-x, within(Math.abs(x) * 1e-3 + 1e-9));
            }
        }
        assertThat(NormalMath.quantile(0.5)).isCloseTo(0, within(1e-15));
        assertThat(NormalMath.quantile(0.975)).isCloseTo(1.959963984540054, within(1e-13));
    }
}
