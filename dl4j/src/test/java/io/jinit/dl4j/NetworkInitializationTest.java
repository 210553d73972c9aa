package io.jinit.dl4j;

import static io.jinit.dl4j.Networks.cOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Networks initialized through jinit on the nd4j-native CPU backend: every parameter read back
 * in C order is jinit's own fill of (initializer, name, shape), bit for bit.
 */
class NetworkInitializationTest {
    private static final long SEED = 2024;
    private static final double SQRT5 = Math.sqrt(5);

    private static float[] jinit(Initializer init, INDArray param, String name) {
        return init.sample(Shape.copyOf(param.shape()), RandomKey.of(SEED).derive(name));
    }

    private static float maxAbs(INDArray param) {
        return param.amaxNumber().floatValue();
    }

    @Test
    void mlpAsKerasIsGlorotUniformOverNInNOutWithZeroBiases() {
        MultiLayerNetwork net = NetworkInitialization.asKeras(SEED).network(Networks.mlp(DataType.FLOAT));
        Initializer glorot = Initializers.get("glorot_uniform");

        for (int layer = 0; layer < 4; layer++) {
            INDArray w = net.getParam(layer + "_W");
            assertThat(cOrder(w)).as("%d_W", layer).containsExactly(jinit(glorot, w, layer + "_W"));
            assertThat(cOrder(net.getParam(layer + "_b"))).as("%d_b", layer).containsOnly(0f);
        }
        assertThat(net.getParam("0_W").shape()).containsExactly(20, 30);
        assertThat(cOrder(net.getParam("1_W"))).isNotEqualTo(cOrder(net.getParam("2_W")));
        // glorot_uniform over (nIn, nOut) = (30, 30): limit sqrt(6 / 60)
        assertThat(maxAbs(net.getParam("1_W"))).isLessThan((float) Math.sqrt(0.1));
    }

    @Test
    void mlpAsPyTorchReadsFanInFromNInAndGivesEveryBiasItsOwnKey() {
        MultiLayerNetwork net = NetworkInitialization.asPyTorch(SEED).network(Networks.mlp(DataType.FLOAT));
        Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", SQRT5, "fan_convention", "keras"));

        for (int layer = 0; layer < 4; layer++) {
            INDArray w = net.getParam(layer + "_W");
            INDArray b = net.getParam(layer + "_b");
            Initializer bias = Initializers.get("torch_linear_bias", Map.of("fan_in", w.size(0)));
            assertThat(cOrder(w)).as("%d_W", layer).containsExactly(jinit(kaiming, w, layer + "_W"));
            assertThat(cOrder(b)).as("%d_b", layer).containsExactly(jinit(bias, b, layer + "_b"));
        }
        assertThat(cOrder(net.getParam("1_W"))).isNotEqualTo(cOrder(net.getParam("2_W")));
        assertThat(cOrder(net.getParam("1_b"))).isNotEqualTo(cOrder(net.getParam("2_b")));
        // Linear(20, 30): U(-1/sqrt(20), 1/sqrt(20)) for the weight and the bias
        float bound = (float) (1 / Math.sqrt(20));
        assertThat(maxAbs(net.getParam("0_W"))).isLessThan(bound);
        assertThat(maxAbs(net.getParam("0_b"))).isLessThan(bound);
    }

    @Test
    void theValuesAreInTheNetworksFlatParameters() {
        MultiLayerNetwork net = NetworkInitialization.asPyTorch(SEED).network(Networks.mlp(DataType.FLOAT));
        MultiLayerNetwork copy = new MultiLayerNetwork(Networks.mlp(DataType.FLOAT));
        copy.init(net.params().dup(), true);

        for (String name : net.paramTable().keySet()) {
            assertThat(cOrder(copy.getParam(name))).as(name).containsExactly(cOrder(net.getParam(name)));
        }
    }

    @Test
    void cnnAsPyTorchReadsOutInKhKwWithTheTorchConvention() {
        MultiLayerNetwork net = NetworkInitialization.asPyTorch(SEED).network(Networks.cnn());
        Initializer convKaiming = Initializers.get("kaiming_uniform_", Map.of("a", SQRT5));
        Initializer denseKaiming = Initializers.get("kaiming_uniform_", Map.of("a", SQRT5, "fan_convention", "keras"));

        for (int layer : new int[] {0, 1, 2}) {
            INDArray w = net.getParam(layer + "_W");
            INDArray b = net.getParam(layer + "_b");
            long fanIn = w.size(1) * w.size(2) * w.size(3);
            Initializer bias = Initializers.get("torch_linear_bias", Map.of("fan_in", fanIn));
            assertThat(cOrder(w)).as("%d_W", layer).containsExactly(jinit(convKaiming, w, layer + "_W"));
            assertThat(cOrder(b)).as("%d_b", layer).containsExactly(jinit(bias, b, layer + "_b"));
        }
        for (int layer : new int[] {4, 5}) {
            INDArray w = net.getParam(layer + "_W");
            assertThat(cOrder(w)).as("%d_W", layer).containsExactly(jinit(denseKaiming, w, layer + "_W"));
        }
        assertThat(net.getParam("1_W").shape()).containsExactly(4, 4, 3, 3);
        assertThat(net.getParam("4_W").shape()).containsExactly(16, 10);
        assertThat(net.paramTable()).doesNotContainKey("3_W");
        assertThat(cOrder(net.getParam("1_W"))).isNotEqualTo(cOrder(net.getParam("2_W")));
    }

    @Test
    void cnnAsKerasReadsConvolutionFansWithTheTorchConvention() {
        MultiLayerNetwork net = NetworkInitialization.asKeras(SEED).network(Networks.cnn());
        Initializer glorot = Initializers.get("glorot_uniform", Map.of("fan_convention", "torch"));

        INDArray w = net.getParam("1_W");
        assertThat(cOrder(w)).containsExactly(jinit(glorot, w, "1_W"));
        // (out, in, kh, kw) = (4, 4, 3, 3): fan_in = fan_out = 36, limit sqrt(6 / 72)
        float limit = (float) Math.sqrt(6.0 / 72);
        assertThat(maxAbs(w)).isLessThan(limit).isGreaterThan(0.9f * limit);
    }

    @Test
    void graphLayersAreNamedByTheirVertices() {
        ComputationGraph net = NetworkInitialization.asPyTorch(SEED).graph(Networks.graph());
        Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", SQRT5, "fan_convention", "keras"));

        for (String vertex : new String[] {"left", "right", "out"}) {
            INDArray w = net.getParam(vertex + "_W");
            INDArray b = net.getParam(vertex + "_b");
            Initializer bias = Initializers.get("torch_linear_bias", Map.of("fan_in", w.size(0)));
            assertThat(cOrder(w)).as(vertex + "_W").containsExactly(jinit(kaiming, w, vertex + "_W"));
            assertThat(cOrder(b)).as(vertex + "_b").containsExactly(jinit(bias, b, vertex + "_b"));
        }
        assertThat(cOrder(net.getParam("left_W"))).isNotEqualTo(cOrder(net.getParam("right_W")));
        assertThat(cOrder(net.getParam("left_b"))).isNotEqualTo(cOrder(net.getParam("right_b")));
    }

    @Test
    void aDoubleNetworkGetsJinitsDoubleFill() {
        MultiLayerNetwork net = NetworkInitialization.asKeras(SEED).network(Networks.mlp(DataType.DOUBLE));
        INDArray w = net.getParam("2_W");

        assertThat(Networks.cOrderDouble(w)).containsExactly(
                Initializers.get("glorot_uniform").sampleDouble(Shape.copyOf(w.shape()), RandomKey.of(SEED).derive("2_W")));
    }

    @Test
    void aConfigurationReadBackFromJsonGivesTheSameWeights() {
        MultiLayerConfiguration conf = NetworkInitialization.asPyTorch(SEED).configure(Networks.cnn());
        String json = conf.toJson();
        MultiLayerConfiguration read = MultiLayerConfiguration.fromJson(json);
        MultiLayerNetwork original = new MultiLayerNetwork(conf);
        original.init();
        MultiLayerNetwork again = new MultiLayerNetwork(read);
        again.init();

        assertThat(((BaseLayer) read.getConf(1).getLayer()).getWeightInitFn())
                .isEqualTo(((BaseLayer) conf.getConf(1).getLayer()).getWeightInitFn())
                .hasToString("JinitWeightInit[kaiming_uniform_ %s, seed=2024, parameterName=1_W]",
                        Initializers.get("kaiming_uniform_", Map.of("a", SQRT5, "seed", SEED)).config());
        // the dense layer 4's initializer reads (nIn, nOut) with Keras's convention
        assertThat(json).contains("\"@class\" : \"io.jinit.dl4j.JinitWeightInit\"", "\"parameterName\" : \"4_W\"",
                "\"fan_convention\" : \"keras\"");
        for (String name : new String[] {"0_W", "1_W", "2_W", "4_W", "5_W"}) {
            assertThat(cOrder(again.getParam(name))).as(name).containsExactly(cOrder(original.getParam(name)));
        }
    }

    @Test
    void aWeightInitSurvivesJavaSerialization() throws Exception {
        JinitWeightInit init = new JinitWeightInit(Initializers.get("he_normal", Map.of("seed", 3L)), SEED, "0_W");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(init);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }

        assertThat(read).isEqualTo(init);
        assertThat(((JinitWeightInit) read).key()).isEqualTo(RandomKey.of(SEED).derive("0_W"));
        assertThat(((JinitWeightInit) read).initializer()).isEqualTo(Initializers.get("he_normal", Map.of("seed", 3L)));
    }

    @Test
    void aLayerOfUnknownLayoutIsRefusedByName() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(4).build())
                .layer(new LSTM.Builder().nIn(4).nOut(4).build())
                .build();

        assertThatThrownBy(() -> NetworkInitialization.asKeras(SEED).configure(conf))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1 (LSTM)")
                .hasMessageContaining("RW");
    }

    @Test
    void nullArgumentsAreRefusedByName() {
        NetworkInitialization keras = NetworkInitialization.asKeras(SEED);

        assertThatThrownBy(() -> keras.configure((MultiLayerConfiguration) null)).hasMessage("conf must not be null: null");
        assertThatThrownBy(() -> keras.initializeBiases((ComputationGraph) null)).hasMessage("net must not be null: null");
        assertThatThrownBy(() -> NetworkInitialization.of(1, null, fanIn -> null))
                .hasMessage("weights must not be null: null");
        assertThatThrownBy(() -> new JinitWeightInit(Initializers.get("zeros"), 1, null))
                .hasMessage("parameterName must not be null: null");
    }
}
