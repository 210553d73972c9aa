package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Initialization#parse} of initializers written with their parameters, {@code name(key=value, ...)}. */
class ParameterizedInitializationTest {
    private static final Shape TORCH_WEIGHT = Shape.of(64, 100); // (out, in): fan_in 100, fan_out 64
    private static final RandomKey KEY = RandomKey.of(7).derive("layers.1.weight");

    private static float[] fill(Initializer init) {
        float[] w = new float[(int) TORCH_WEIGHT.size()];
        init.fill(TORCH_WEIGHT, KEY, 0, w, 0, w.length);
        return w;
    }

    private static Initializer drawn(String spelling) {
        return ((Initialization.Drawn) Initialization.parse(spelling)).initializer();
    }

    /**
     * torch's {@code kaiming_uniform_(w, a)} draws from U(-b, b), b = gain sqrt(3 / fan_in), gain =
     * sqrt(2 / (1 + a^2)): with a = 2.236 (near the sqrt(5) of torch's Linear and Conv defaults) and
     * fan_in 100, b = 0.10001; the default a = 0 gives sqrt(6 / 100) = 0.2449.
     */
    @Test
    void theParametersReachTheInitializer() {
        float[] w = fill(drawn("kaiming_uniform_(a=2.236)"));
        assertThat(w).isEqualTo(fill(Initializers.get("kaiming_uniform_", Map.of("a", 2.236))));
        double bound = Math.sqrt(2 / (1 + 2.236 * 2.236)) * Math.sqrt(3.0 / 100);
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        // 6400 uniform draws: the largest |w| is within 0.1 % of the bound with probability 1 - 0.999^6400.
        assertThat(max).isLessThanOrEqualTo(bound).isGreaterThan(0.999 * bound);
        assertThat(w).isNotEqualTo(fill(drawn("kaiming_uniform_")));
    }

    @Test
    void severalParametersBlanksAndQuotedWords() {
        Map<String, Object> config = Map.of("scale", 2.0, "mode", "fan_out", "distribution", "uniform");
        float[] expected = fill(Initializers.get("variance_scaling", config));
        assertThat(fill(drawn("variance_scaling(scale=2.0, mode=fan_out, distribution=uniform)"))).isEqualTo(expected);
        assertThat(fill(drawn(" variance_scaling ( scale = 2.0 ,mode='fan_out',distribution=\"uniform\" ) ")))
                .isEqualTo(expected);
        assertThat(Initialization.parse("variance_scaling(scale=2.0,mode=fan_out)").name())
                .isEqualTo("variance_scaling(scale=2.0,mode=fan_out)");
        assertThat(fill(drawn("he_normal()"))).isEqualTo(fill(drawn("he_normal")));
    }

    /** As JSON reads them: an integer literal stays an integer, a decimal is a double. */
    @Test
    void valuesAreTypedAsJsonTypesThem() {
        Map<String, Object> p = ParameterizedName.parse("f(groups=2, gain=2., x=-1e-3, flag=true, mode=fan_in)")
                .parameters();
        assertThat(p).containsExactly(Map.entry("groups", 2L), Map.entry("gain", 2.0), Map.entry("x", -1e-3),
                Map.entry("flag", true), Map.entry("mode", "fan_in"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "he_normal(scale)|initializer parameter must be key=value, got 'scale': he_normal(scale)",
            "he_normal(=1)|initializer parameter must be key=value, got '=1'",
            "kaiming_uniform_(a=1,a=2)|initializer parameter a is given twice: kaiming_uniform_(a=1,a=2)",
            "kaiming_uniform_(a=)|initializer parameter has no value: kaiming_uniform_(a=)",
            "kaiming_uniform_(a=1,)|initializer parameter must be key=value, got ''",
            "orthogonal(gain=[1])|not lists or calls: orthogonal(gain=[1])",
            "orthogonal(gain=f(1))|not lists or calls: orthogonal(gain=f(1))",
            "kaiming_uniform_(a=2.236|initializer parameters must be written name(key=value, ...): kaiming_uniform_(a=2.236",
            "(a=1)|initializer parameters must be written name(key=value, ...): (a=1)",
            "kaiming_uniform_(seed=3)|cannot set the seed; the diagnosis's seed keys every layer: kaiming_uniform_(seed=3)",
            "dirac_(groups=99999999999999999999)|does not fit a 64-bit integer",
            "he_normal(scale=3)|scale",
            "no_such(a=1)|no_such",
    })
    void malformedOrUnknownParametersAreNamed(String spelling, String message) {
        assertThatThrownBy(() -> Initialization.parse(spelling)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
