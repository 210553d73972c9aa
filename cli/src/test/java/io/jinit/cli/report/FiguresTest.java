package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void fourSignificantDigitsFixedInTheMiddleScientificOutside() {
        assertThat(Figures.format(0.112734)).isEqualTo("0.1127");
        assertThat(Figures.format(22.5849)).isEqualTo("22.58");
        assertThat(Figures.format(1.0)).isEqualTo("1.000");
        assertThat(Figures.format(0.001)).isEqualTo("0.001000");
        assertThat(Figures.format(9999.9)).isEqualTo("1.00e+04");
        assertThat(Figures.format(3.0123e-10)).isEqualTo("3.01e-10");
        assertThat(Figures.format(-2.5e13)).isEqualTo("-2.50e+13");
        assertThat(Figures.format(0.0)).isEqualTo("0");
        assertThat(Figures.format(Double.NaN)).isEqualTo("NaN");
        assertThat(Figures.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Figures.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        for (double v : new double[] {Double.MIN_VALUE, -Double.MAX_VALUE, -0.00123456, 1234.5678}) {
            assertThat(Figures.format(v).length()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void percentNetworkAndSlug() {
        assertThat(Figures.percent(0.5)).isEqualTo("50%");
        assertThat(Figures.percent(0.1234)).isEqualTo("12.3%");
        assertThat(Figures.network(List.of(256, 256, 256))).isEqualTo("input 256, 2 layers of 256");
        assertThat(Figures.network(List.of(784, 512, 10))).isEqualTo("input 784, layers 512, 10");
        assertThat(Figures.network(List.of(8, 8))).isEqualTo("input 8, 1 layer of 8");
        assertThat(Figures.slug("leaky_relu(0.2)")).isEqualTo("leaky_relu-0.2");
        assertThat(Figures.slug("ReLU")).isEqualTo("relu");
        assertThat(Figures.slug("../..")).isEqualTo("activation");
        assertThat(Figures.slug("../relu")).isEqualTo("relu");
        assertThat(Figures.slug("é")).isEqualTo("activation");
    }
}
