package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.coordinates.Parametrization;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTextTest {
    /** Eight widths run on over two blocks of the table; every line fits the terminal. */
    @Test
    void manyWidthsStayWithinTheTerminal() {
        CoordinateCheck.Spec spec = new CoordinateCheck.Spec(List.of(8, 12, 16, 24, 32, 48, 64, 96), 6, 3, 2,
                Activation.of("relu"), Optimizer.SGD, 0.1, 1, 8, 3);
        String text = SweepText.render(WidthSweep.of(CoordinateCheck.run(spec, Runnable::run, 1)));
        TerminalReportTest.assertFits(text);
        assertThat(text).contains("n=8", "n=96").doesNotContain("-0.00");
        assertThat(text.lines().filter(l -> l.startsWith("layer")).count()).isEqualTo(4); // 2 blocks x 2 tables
    }

    @Test
    void slopesAndNamesReadWell() {
        assertThat(SweepText.slope(-0.004)).isEqualTo("0.00");
        assertThat(SweepText.slope(1.006)).isEqualTo("1.01");
        assertThat(SweepText.slope(Double.NaN)).isEqualTo("NaN");
        assertThat(SweepText.name(Parametrization.MUP)).isEqualTo("mup");
    }
}
