package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ParameterFiller#torchDefaults}: the values PyTorch's modules start from. Moment checks use
 * bands of at least 4 standard errors of the statistic (false alarm below 1e-4 each, seeds fixed).
 */
class TorchDefaultsTest {
    private static final TransformerShape SHAPE = TransformerShape.gpt2(2, 64, 2, 500, 8, 1);
    private static final TransformerParameters P = TransformerParameters.of(SHAPE, ParameterFiller.torchDefaults(SHAPE, 9));

    private static double[] moments(float[] v) {
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
            max = Math.max(max, Math.abs(x));
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), max};
    }

    /**
     * nn.Linear: kaiming_uniform_(a=sqrt(5)) is U(-b, b), b = sqrt(6 / ((1 + 5) fan_in)) = 1/sqrt(fan_in), std
     * b/sqrt(3); 4096 values give the sample std a relative standard error of sqrt(0.8 / (4 n)) = 0.7 %.
     */
    @Test
    void linearWeightsAreKaimingUniformWithASqrt5() {
        for (String name : new String[] {"layers.0.attention.query.weight", "layers.1.feed_forward.down.weight"}) {
            Shape s = P.shapeOf(name);
            double bound = 1 / Math.sqrt(s.dim(1));
            double[] m = moments(P.values(name));
            assertThat(m[2]).as(name).isLessThanOrEqualTo(bound).isGreaterThan(0.99 * bound);
            assertThat(m[1] / (bound / Math.sqrt(3))).as(name).isBetween(0.97, 1.03);
            float[] expected = new float[s.intSize()];
            Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5))).fill(s, RandomKey.of(9).derive(name), 0,
                    expected, 0, expected.length);
            assertThat(P.values(name)).isEqualTo(expected);
        }
    }

    /** nn.Linear's bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with its weight's fan_in (64, or 256 for down). */
    @Test
    void biasesAreUniformWithTheirWeightsFanIn() {
        for (String name : new String[] {"layers.0.attention.query.bias", "layers.1.feed_forward.up.bias",
                "layers.1.feed_forward.down.bias"}) {
            double bound = 1 / Math.sqrt(P.shapeOf(name.replace(".bias", ".weight")).dim(1));
            double[] m = moments(P.values(name));
            assertThat(m[2]).as(name).isLessThanOrEqualTo(bound).isGreaterThan(0.7 * bound);
        }
        assertThat(moments(P.values("layers.1.feed_forward.down.bias"))[2]).isLessThanOrEqualTo(1 / 16.0);
    }

    /** nn.Embedding: N(0, 1); 32 000 values give the std a standard error of 0.4 % and the mean 0.0056. */
    @Test
    void embeddingsAreStandardNormalAndNormsStartAtOne() {
        double[] m = moments(P.values("embedding.token.weight"));
        assertThat(m[0]).isBetween(-0.025, 0.025);
        assertThat(m[1]).isBetween(0.98, 1.02);
        assertThat(P.values("layers.0.attention_norm.weight")).containsOnly(1.0f);
        assertThat(P.values("layers.0.attention_norm.bias")).containsOnly(0.0f);
        assertThatThrownBy(() -> ParameterFiller.torchDefaults(null, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape must not be null: null");
    }
}
