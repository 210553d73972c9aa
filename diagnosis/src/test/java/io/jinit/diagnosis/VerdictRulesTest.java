package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.diagnosis.Propagation.LayerFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The legend of every report ({@link Diagnoser#rule}) states the thresholds the verdicts apply:
 * each number it gives is checked against what {@link Verdicts#judge} does just either side of it.
 */
class VerdictRulesTest {
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?(e-?\\d+)?");
    private static final Activation TANH = Activation.of("tanh");

    /** The numbers of a rule, in order: "more than 10 times ... 100 times" gives [10, 100]. */
    private static List<Double> numbers(Verdict verdict) {
        List<Double> found = new ArrayList<>();
        Matcher m = NUMBER.matcher(Diagnoser.rule(verdict));
        while (m.find()) {
            found.add(Double.parseDouble(m.group()));
        }
        return found;
    }

    /**
     * The verdict of layer 1 of a two-layer run on an input of std 1, whose last layer has weight
     * gradient norm 1, so that layer 1's figures are its ratios.
     */
    private static Verdict layerOne(double preStd, double gradientRatio, double dead, double saturated) {
        LayerFigures first = new LayerFigures(1, 8, 0, preStd, 0, preStd, dead, saturated, false, true,
                gradientRatio, 1);
        LayerFigures last = new LayerFigures(2, 8, 0, 1, 0, 1, 0, 0, false, true, 1, 1);
        return Verdicts.judge(1.0, List.of(first, last), TANH).get(0).report().verdict();
    }

    @Test
    void explodingBoundsAreTheLegends() {
        List<Double> bounds = numbers(Verdict.EXPLODING);
        assertThat(bounds).hasSize(3).startsWith(32.0); // "overflow float32", then the two bounds
        double std = bounds.get(1);
        double gradient = bounds.get(2);
        assertThat(layerOne(std * 1.001, 1, 0, 0)).isEqualTo(Verdict.EXPLODING);
        assertThat(layerOne(std, 1, 0, 0)).isEqualTo(Verdict.HEALTHY);
        assertThat(layerOne(1, gradient * 1.001, 0, 0)).isEqualTo(Verdict.EXPLODING);
        assertThat(layerOne(1, gradient, 0, 0)).isEqualTo(Verdict.HEALTHY);
        assertThat(Diagnoser.rule(Verdict.EXPLODING)).contains("the last layer's");
    }

    @Test
    void vanishingBoundsAreTheLegends() {
        List<Double> bounds = numbers(Verdict.VANISHING);
        assertThat(bounds).hasSize(2);
        double std = bounds.get(0);
        double gradient = bounds.get(1);
        assertThat(layerOne(std * 0.999, 1, 0, 0)).isEqualTo(Verdict.VANISHING);
        assertThat(layerOne(std, 1, 0, 0)).isEqualTo(Verdict.HEALTHY);
        assertThat(layerOne(1, gradient * 0.999, 0, 0)).isEqualTo(Verdict.VANISHING);
        assertThat(layerOne(1, gradient, 0, 0)).isEqualTo(Verdict.HEALTHY);
        assertThat(Diagnoser.rule(Verdict.VANISHING)).contains("the last layer's");
    }

    @Test
    void deadAndSaturatedShareAreTheLegends() {
        double dead = numbers(Verdict.DEAD).get(0) / 100;
        assertThat(layerOne(1, 1, dead, 0)).isEqualTo(Verdict.DEAD);
        assertThat(layerOne(1, 1, Math.nextDown(dead), 0)).isEqualTo(Verdict.HEALTHY);

        List<Double> saturated = numbers(Verdict.SATURATED);   // 50% of units, slope < 5% of max (tanh, sigmoid), 90%
        assertThat(layerOne(1, 1, 0, saturated.get(0) / 100)).isEqualTo(Verdict.SATURATED);
        assertThat(layerOne(1, 1, 0, Math.nextDown(saturated.get(0) / 100))).isEqualTo(Verdict.HEALTHY);
        assertThat(saturated.get(1) / 100).isEqualTo(Diagnoser.SATURATION_DERIVATIVE);
        assertThat(saturated.get(2)).isEqualTo(Diagnoser.SATURATION_DERIVATIVE * TANH.maxDerivative());
        assertThat(saturated.get(3)).isEqualTo(Diagnoser.SATURATION_DERIVATIVE
                * Activation.of("sigmoid").maxDerivative());
        assertThat(saturated.get(4) / 100).isEqualTo(Diagnoser.SATURATION_BATCH_FRACTION);
    }

    /** The reported ratios are the judged ones: to the last layer, where the gradient enters. */
    @Test
    void reportedGradientRatioIsTheJudgedOne() {
        LayerFigures first = new LayerFigures(1, 8, 0, 1, 0, 1, 0, 0, false, true, 0.005, 3);
        LayerFigures last = new LayerFigures(2, 8, 0, 1, 0, 1, 0, 0, false, true, 0.5, 2);
        List<Verdicts.Judged> judged = Verdicts.judge(1.0, List.of(first, last), TANH);
        assertThat(judged.get(0).report().weightGradientRatio()).isEqualTo(0.01);
        assertThat(judged.get(0).report().activationGradientRatio()).isEqualTo(1.5);
        assertThat(judged.get(0).report().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judged.get(1).report().weightGradientRatio()).isEqualTo(1.0);
    }
}
