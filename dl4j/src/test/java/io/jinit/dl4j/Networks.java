package io.jinit.dl4j;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The small networks the tests initialize, each with two layers of one shape. */
final class Networks {

    private Networks() {
    }

    /** Dense 20 to 30, 30 to 30, 30 to 30, output 30 to 5: layers 1 and 2 have one shape. */
    static MultiLayerConfiguration mlp(DataType dataType) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(dataType).list()
                .layer(new DenseLayer.Builder().nIn(20).nOut(30).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(30).nOut(30).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().name("hidden").nIn(30).nOut(30).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(30).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /**
     * On 1x14x14 images: conv 1 to 4 (3x3, giving 12x12), conv 4 to 4 (3x3, 10x10), conv 4 to 4
     * (3x3, stride 2, 4x4), max pooling 2x2 (2x2), dense 16 to 10, output 10 to 3. Layers 1 and 2
     * have one weight shape.
     */
    static MultiLayerConfiguration cnn() {
        return new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2)
                        .stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(14, 14, 1))
                .build();
    }

    /** Input of 8, two dense branches of 8 to 16 ("left", "right"), merged, output 32 to 4. */
    static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("left", new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.TANH).build(), "in")
                .addLayer("right", new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.TANH).build(), "in")
                .addVertex("merge", new MergeVertex(), "left", "right")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out")
                .build();
    }

    /** A parameter's elements in C (row-major) order of its shape. */
    static float[] cOrder(INDArray param) {
        return param.dup('c').data().asFloat();
    }

    /** A parameter's elements in C order, as float64. */
    static double[] cOrderDouble(INDArray param) {
        return param.dup('c').data().asDouble();
    }
}
