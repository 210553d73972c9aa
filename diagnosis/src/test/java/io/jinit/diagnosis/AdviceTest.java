package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The recommendation never contradicts the verdicts next to it. */
class AdviceTest {
    private static final Activation RELU = Activation.of("relu");
    private static final List<Integer> WIDTHS = List.of(64, 64, 64);

    /** A run of two layers with the given pre-activation std and layer-1 gradient ratio. */
    private static RunReport run(String init, Verdict verdict, double preStd, double gradientRatio) {
        List<LayerReport> layers = new ArrayList<>();
        layers.add(new LayerReport(1, 64, 0, preStd, 0, preStd, 0, 0, false, gradientRatio, 1, gradientRatio, 1,
                verdict));
        layers.add(new LayerReport(2, 64, 0, 1, 0, 1, 0, 0, false, 1, 1, 1, 1, Verdict.HEALTHY));
        return new RunReport(init, "relu", 1, layers, verdict, "because " + verdict.name().toLowerCase(Locale.ROOT),
                null, null, null, null);
    }

    @Test
    void theTablesInitializerWhenItIsHealthy() {
        String advice = Advice.advise(RELU, List.of(run("std=0.01", Verdict.VANISHING, 0.01, 1),
                run("he_normal", Verdict.HEALTHY, 1, 1)), WIDTHS);
        assertThat(advice).isEqualTo(Advice.tableAdvice(RELU)).startsWith("he_normal: ");
    }

    @Test
    void theHealthyOnesWhenTheTablesIsNot() {
        String advice = Advice.advise(RELU, List.of(run("he_normal", Verdict.VANISHING, 0.05, 1),
                run("std=0.3", Verdict.HEALTHY, 1, 1), run("orthogonal", Verdict.HEALTHY, 1, 1)), WIDTHS);
        assertThat(advice).isEqualTo("std=0.3, orthogonal are healthy for relu here (the table's he_normal is "
                + "vanishing: because vanishing)");
    }

    @Test
    void noneHealthyNamesTheNearestAndWhatToTry() {
        String advice = Advice.advise(RELU, List.of(run("zeros", Verdict.SYMMETRIC, 0, Double.NaN),
                run("std=0.01", Verdict.VANISHING, 0.001, 1), run("he_normal", Verdict.VANISHING, 0.05, 1),
                run("std=2.0", Verdict.EXPLODING, 30, 1)), WIDTHS);
        // he_normal is 0.3 decades below the bound, std=2.0 0.48 above, std=0.01 two below.
        assertThat(advice).isEqualTo("none of the initializers tried is healthy for relu; the best is he_normal, "
                + "vanishing: because vanishing; try a larger scale, or lsuv, which scales every layer to unit "
                + "pre-activation variance");
    }

    @Test
    void noneHealthyAndTheTablesNotTried() {
        String advice = Advice.advise(RELU, List.of(run("lsuv", Verdict.EXPLODING, 1, 300)), WIDTHS);
        assertThat(advice).isEqualTo("none of the initializers tried is healthy for relu; the best is lsuv, "
                + "exploding: because exploding; try a smaller scale (the table's he_normal was not tried)");
    }

    @Test
    void excessIsDecadesBeyondTheBounds() {
        assertThat(Advice.excess(run("a", Verdict.HEALTHY, 1, 1))).isZero();
        assertThat(Advice.excess(run("a", Verdict.VANISHING, 1, 1e-4))).isEqualTo(2.0);
        assertThat(Advice.excess(run("a", Verdict.EXPLODING, 1000, 1))).isEqualTo(2.0);
        assertThat(Advice.excess(run("a", Verdict.DEAD, 1, 1))).isInfinite();
    }

    /** Every activation has a table entry, softplus included (He, as a smooth ReLU). */
    @Test
    void everyActivationHasATableEntry() {
        for (Activation.Kind kind : Activation.Kind.values()) {
            Activation a = Activation.of(kind.name());
            assertThat(Advice.table(a).initializer()).as(kind.name()).isNotBlank();
        }
        assertThat(Advice.table(Activation.of("softplus")).initializer()).isEqualTo("he_normal");
    }
}
