package io.jinit.dl4j;

import static io.jinit.dl4j.Networks.cOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializers;
import io.jinit.shape.Shape;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.junit.jupiter.api.Test;

/**
 * What Deeplearning4j 1.0.0-M2.1's own weight initializers give, measured on nd4j-native against
 * their formulas, beside what Keras and PyTorch define.
 *
 * <p>Each variance is the mean of w² over N weights (the mean is 0 by construction). Its
 * relative standard error is sqrt(2 / N) for a normal and sqrt(4 / (5N)) for a uniform
 * (fourth moment 9/5 σ⁴); the tolerances are 5 of those, which a correct formula exceeds with
 * probability below 1e-6, while the alternatives tested against differ by a factor of 2 or 3.
 * Deeplearning4j's generator is seeded, so the values do not change from run to run.
 */
class Dl4jDefaultsTest {
    private static final int N_IN = 500;
    private static final int N_OUT = 400;
    private static final int DENSE_N = N_IN * N_OUT;

    private static float[] denseWeights(WeightInit init) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(N_OUT).weightInit(init).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return cOrder(net.getParam("0_W"));
    }

    private static double meanSquare(float[] w) {
        double sum = 0;
        for (float v : w) {
            sum += (double) v * v;
        }
        return sum / w.length;
    }

    private static double maxAbs(float[] w) {
        double max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double normalTolerance(int n) {
        return 5 * Math.sqrt(2.0 / n);
    }

    private static double uniformTolerance(int n) {
        return 5 * Math.sqrt(0.8 / n);
    }

    @Test
    void theDefaultIsXavierWithZeroBiases() {
        DenseLayer layer = new DenseLayer.Builder().nIn(4).nOut(4).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list().layer(layer).build();
        BaseLayer configured = (BaseLayer) conf.getConf(0).getLayer();

        assertThat(configured.getWeightInitFn()).isInstanceOf(WeightInitXavier.class);
        assertThat(configured.getBiasInit()).isZero();
    }

    @Test
    void xavierIsAnUntruncatedNormalOfGlorotsVariance() {
        float[] w = denseWeights(WeightInit.XAVIER);
        double glorot = 2.0 / (N_IN + N_OUT);

        assertThat(meanSquare(w) / glorot).isCloseTo(1, within(normalTolerance(DENSE_N)));
        // untruncated: Keras's glorot_normal cuts at 2 sigma of its pre-truncation normal
        assertThat(maxAbs(w)).isGreaterThan(3 * Math.sqrt(glorot));
    }

    @Test
    void xavierUniformIsGlorotUniform() {
        float[] w = denseWeights(WeightInit.XAVIER_UNIFORM);
        double limit = Math.sqrt(6.0 / (N_IN + N_OUT));

        assertThat(meanSquare(w) / (limit * limit / 3)).isCloseTo(1, within(uniformTolerance(DENSE_N)));
        assertThat(maxAbs(w)).isLessThanOrEqualTo(limit).isGreaterThan(0.999 * limit);
    }

    @Test
    void lecunUniformHasLimit3OverSqrtFanInThreeTimesKerassVariance() {
        float[] w = denseWeights(WeightInit.LECUN_UNIFORM);
        double dl4jLimit = 3 / Math.sqrt(N_IN);
        double kerasVariance = 1.0 / N_IN;                    // lecun_uniform: limit sqrt(3 / fan_in)
        float[] keras = Initializers.get("lecun_uniform").sample(Shape.of(N_IN, N_OUT));

        assertThat(maxAbs(w)).isLessThanOrEqualTo(dl4jLimit).isGreaterThan(0.999 * dl4jLimit);
        assertThat(meanSquare(w) / (dl4jLimit * dl4jLimit / 3)).isCloseTo(1, within(uniformTolerance(DENSE_N)));
        assertThat(meanSquare(w) / kerasVariance).isCloseTo(3, within(3 * uniformTolerance(DENSE_N)));
        assertThat(meanSquare(keras) / kerasVariance).isCloseTo(1, within(uniformTolerance(DENSE_N)));
    }

    @Test
    void aStridedConvolutionsFanOutIsDividedByTheStride() {
        int in = 32;
        int out = 64;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(42).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(out).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(9, 9, in))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        float[] w = cOrder(net.getParam("0_W"));
        double fanIn = in * 9;
        double dl4jFanOut = out * 9 / 4.0;                   // out * kh * kw / (strideH * strideW)
        double torchFanOut = out * 9;                        // Keras and PyTorch: out * kh * kw

        assertThat(w).hasSize(out * in * 9);
        assertThat(meanSquare(w) / (2 / (fanIn + dl4jFanOut))).isCloseTo(1, within(normalTolerance(w.length)));
        assertThat(meanSquare(w) / (2 / (fanIn + torchFanOut))).isCloseTo(2, within(2 * normalTolerance(w.length)));
    }
}
