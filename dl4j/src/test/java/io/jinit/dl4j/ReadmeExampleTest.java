package io.jinit.dl4j;

import static io.jinit.dl4j.Networks.cOrder;
import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import io.jinit.testing.ReadmeExample;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The example of README.md's "Use with Deeplearning4j", run on nd4j-native; the README holds the
 * lines between the markers below, verbatim.
 */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        // README example begins
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();

        // PyTorch's nn.Linear defaults; every parameter keyed by (seed, its name in net.paramTable()).
        MultiLayerNetwork net = NetworkInitialization.asPyTorch(2024).network(conf);

        // The weight of layer 1, (nIn, nOut) = (256, 256), is jinit's own fill of that shape and name.
        float[] w1 = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5), "fan_convention", "keras"))
                .sample(Shape.of(256, 256), RandomKey.of(2024).derive("1_W"));
        // README example ends

        assertThat(cOrder(net.getParam("1_W"))).containsExactly(w1);
        assertThat(cOrder(net.getParam("2_W"))).isNotEqualTo(cOrder(net.getParam("1_W")));
        assertThat(cOrder(net.getParam("1_b"))).containsExactly(Initializers.get("torch_linear_bias",
                Map.of("fan_in", 256)).sample(Shape.of(256), RandomKey.of(2024).derive("1_b")));
    }

    @Test
    void theReadmeHoldsTheExampleVerbatim() {
        Path test = Path.of("src/test/java/io/jinit/dl4j/ReadmeExampleTest.java");
        assertThat(ReadmeExample.in(test)).contains("NetworkInitialization.asPyTorch(2024)");
        assertThat(ReadmeExample.shownIn(Path.of("../README.md"), test)).as(ReadmeExample.in(test)).isTrue();
    }
}
