package io.jinit.dl4j;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How every weight and bias of a Deeplearning4j network is initialized: one jinit initializer for
 * the weights, one rule for the biases, one seed, and each parameter's own key
 * {@code RandomKey.of(seed).derive(name)}.
 *
 * <pre>{@code
 * MultiLayerNetwork net = NetworkInitialization.asPyTorch(2024).network(conf);
 * }</pre>
 *
 * <p><b>Names.</b> A parameter's name is the key under which Deeplearning4j's own parameter table
 * holds it ({@code net.getParam(name)}): {@code "<layer index>_W"} and {@code "<layer index>_b"}
 * in a {@link MultiLayerNetwork} ({@code "0_W"}, {@code "3_b"}; a layer's name does not enter
 * its parameters' names there), {@code "<vertex name>_W"} and {@code "<vertex name>_b"} in a
 * {@link ComputationGraph} ({@code "dense1_W"}).
 *
 * <p><b>Layouts.</b> Deeplearning4j keeps a dense layer's weight as {@code (nIn, nOut)}, the
 * Keras layout, and a convolution's as {@code (out, in, kh, kw)}, the PyTorch layout; the weight
 * initializer is given the fan convention of the layout ({@code "fan_convention": "keras"} or
 * {@code "torch"} in its config), so a Keras-named and a torch-named initializer both read the
 * fans they were defined with.
 *
 * <p><b>Layers.</b> Layers whose parameters are a weight and a bias as Deeplearning4j's dense
 * layers hold them ({@code DenseLayer}, {@code OutputLayer}, {@code RnnOutputLayer}: Deeplearning4j's
 * {@code DefaultParamInitializer}) or as its convolutions do ({@code ConvolutionLayer},
 * {@code Convolution1DLayer}: {@code ConvolutionParamInitializer}). A layer normalisation gain
 * ({@code "g"}) keeps Deeplearning4j's {@code gainInit} (1). Layers without parameters
 * (pooling, activation, dropout) are passed over, and so is {@code BatchNormalization}, whose
 * defaults (scale 1, shift 0, mean 0, variance 1) are those of Keras and PyTorch. Any other layer
 * with parameters is refused, since its weight layout is not known here.
 *
 * <p><b>Biases.</b> A Deeplearning4j layer's bias initializer is one constant ({@code biasInit}),
 * so a random bias cannot be configured: {@link #network} and {@link #graph} write the biases
 * into the initialized network ({@link #initializeBiases(MultiLayerNetwork)}), each from the bias
 * rule of its weight's fan-in under its own key.
 *
 * @since 0.1
 */
public final class NetworkInitialization {
    /** Deeplearning4j's name of a layer's weight parameter. */
    private static final String WEIGHT = DefaultParamInitializer.WEIGHT_KEY;
    /** Deeplearning4j's name of a layer's bias parameter. */
    private static final String BIAS = DefaultParamInitializer.BIAS_KEY;

    private final long seed;
    private final NamedInitializer weights;
    private final LongFunction<NamedInitializer> biasForFanIn;

    private NetworkInitialization(long seed, NamedInitializer weights, LongFunction<NamedInitializer> biasForFanIn) {
        this.seed = seed;
        this.weights = weights;
        this.biasForFanIn = biasForFanIn;
    }

    /**
     * Keras's defaults for {@code Dense} and {@code Conv2D}: {@code glorot_uniform} weights,
     * U(-sqrt(6 / (fan_in + fan_out)), +sqrt(6 / (fan_in + fan_out))), and zero biases (the
     * {@code kernel_initializer} and {@code bias_initializer} defaults of
     * {@code keras/src/layers/core/dense.py} and {@code keras/src/layers/convolutional/base_conv.py}).
     *
     * @param seed the model's seed
     * @return the initialization
     */
    public static NetworkInitialization asKeras(long seed) {
        NamedInitializer zeros = Initializers.get("zeros");
        return of(seed, Initializers.get("glorot_uniform", Map.of("seed", seed)), fanIn -> zeros);
    }

    /**
     * PyTorch's defaults for {@code nn.Linear} and {@code nn.Conv2d} ({@code reset_parameters}
     * in {@code torch/nn/modules/linear.py} and {@code conv.py}): weights from {@code kaiming_uniform_(w, a=sqrt(5))},
     * U(-1/sqrt(fan_in), +1/sqrt(fan_in)), and biases from U(-1/sqrt(fan_in), +1/sqrt(fan_in))
     * ({@code torch_linear_bias}), fan_in being the weight's.
     *
     * @param seed the model's seed
     * @return the initialization
     */
    public static NetworkInitialization asPyTorch(long seed) {
        return of(seed, Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5), "seed", seed)),
                fanIn -> Initializers.get("torch_linear_bias", Map.of("fan_in", fanIn, "seed", seed)));
    }

    /**
     * Any jinit initializer for the weights and any rule for the biases.
     *
     * @param seed the model's seed
     * @param weights the weight initializer; one that reads fans is given each layer's fan
     *     convention
     * @param biasForFanIn the bias initializer of a layer whose weight has the given fan-in
     * @return the initialization
     * @throws IllegalArgumentException if weights or biasForFanIn is null
     */
    public static NetworkInitialization of(long seed, NamedInitializer weights,
            LongFunction<NamedInitializer> biasForFanIn) {
        if (weights == null) {
            throw new IllegalArgumentException("weights must not be null: null");
        }
        if (biasForFanIn == null) {
            throw new IllegalArgumentException("biasForFanIn must not be null: null");
        }
        return new NetworkInitialization(seed, weights, biasForFanIn);
    }

    /**
     * Configures, builds and initializes a network: {@link #configure(MultiLayerConfiguration)},
     * {@code init()}, then {@link #initializeBiases(MultiLayerNetwork)}.
     *
     * @param conf the configuration, whose layers' weight initializers this replaces
     * @return the initialized network
     * @throws IllegalArgumentException if a layer has parameters of an unknown layout
     */
    public MultiLayerNetwork network(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(configure(conf));
        net.init();
        initializeBiases(net);
        return net;
    }

    /**
     * Configures, builds and initializes a graph: {@link #configure(ComputationGraphConfiguration)},
     * {@code init()}, then {@link #initializeBiases(ComputationGraph)}.
     *
     * @param conf the configuration, whose layers' weight initializers this replaces
     * @return the initialized graph
     * @throws IllegalArgumentException if a layer has parameters of an unknown layout
     */
    public ComputationGraph graph(ComputationGraphConfiguration conf) {
        ComputationGraph net = new ComputationGraph(configure(conf));
        net.init();
        initializeBiases(net);
        return net;
    }

    /**
     * Gives the weight of every layer a {@link JinitWeightInit} under its own name
     * ({@code "<index>_W"}).
     *
     * @param conf the configuration, changed in place
     * @return conf
     * @throws IllegalArgumentException if conf is null or a layer has parameters of an unknown layout
     */
    public MultiLayerConfiguration configure(MultiLayerConfiguration conf) {
        if (conf == null) {
            throw new IllegalArgumentException("conf must not be null: null");
        }
        for (int i = 0; i < conf.getConfs().size(); i++) {
            configure(conf.getConf(i).getLayer(), Integer.toString(i));
        }
        return conf;
    }

    /**
     * Gives the weight of every layer a {@link JinitWeightInit} under its own name
     * ({@code "<vertex name>_W"}).
     *
     * @param conf the configuration, changed in place
     * @return conf
     * @throws IllegalArgumentException if conf is null or a layer has parameters of an unknown layout
     */
    public ComputationGraphConfiguration configure(ComputationGraphConfiguration conf) {
        if (conf == null) {
            throw new IllegalArgumentException("conf must not be null: null");
        }
        layersOf(conf).forEach((name, layer) -> configure(layer, name));
        return conf;
    }

    /**
     * Writes every layer's bias ({@code "<index>_b"}) from the bias rule of its weight's fan-in.
     *
     * @param net an initialized network
     * @throws IllegalArgumentException if net is null or a layer has parameters of an unknown layout
     */
    public void initializeBiases(MultiLayerNetwork net) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null: null");
        }
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer layer = conf.getConf(i).getLayer();
            String prefix = i + "_";
            FanConvention layout = layout(layer, Integer.toString(i));
            if (layout != null && net.paramTable().containsKey(prefix + BIAS)) {
                fillBias(net.getParam(prefix + WEIGHT), net.getParam(prefix + BIAS), layout, prefix + BIAS);
            }
        }
    }

    /**
     * Writes every layer's bias ({@code "<vertex name>_b"}) from the bias rule of its weight's fan-in.
     *
     * @param net an initialized graph
     * @throws IllegalArgumentException if net is null or a layer has parameters of an unknown layout
     */
    public void initializeBiases(ComputationGraph net) {
        if (net == null) {
            throw new IllegalArgumentException("net must not be null: null");
        }
        layersOf(net.getConfiguration()).forEach((name, layer) -> {
            String prefix = name + "_";
            FanConvention layout = layout(layer, name);
            if (layout != null && net.paramTable().containsKey(prefix + BIAS)) {
                fillBias(net.getParam(prefix + WEIGHT), net.getParam(prefix + BIAS), layout, prefix + BIAS);
            }
        });
    }

    private void configure(Layer layer, String name) {
        FanConvention layout = layout(layer, name);
        if (layout != null) {
            ((BaseLayer) layer).setWeightInitFn(new JinitWeightInit(withFans(weights, layout), seed, name + "_" + WEIGHT));
        }
    }

    private void fillBias(INDArray weight, INDArray bias, FanConvention layout, String name) {
        long fanIn = (long) layout.fans(Shape.copyOf(weight.shape())).fanIn();
        JinitWeightInit.fill(bias, biasForFanIn.apply(fanIn), Shape.copyOf(bias.shape()),
                RandomKey.of(seed).derive(name));
    }

    /**
     * The fan convention of a layer's weight: KERAS for Deeplearning4j's {@code (nIn, nOut)}
     * dense weights, TORCH for its {@code (out, in, kh, kw)} convolution weights (the shapes
     * {@code DefaultParamInitializer} and {@code ConvolutionParamInitializer} of
     * deeplearning4j-nn 1.0.0-M2.1 create); null for a layer this leaves alone.
     */
    private static FanConvention layout(Layer layer, String name) {
        Class<?> params = layer.initializer().getClass();
        if (layer instanceof BaseLayer && params == DefaultParamInitializer.class) {
            return FanConvention.KERAS;
        }
        if (layer instanceof BaseLayer && params == ConvolutionParamInitializer.class) {
            return FanConvention.TORCH;
        }
        if (params == BatchNormalizationParamInitializer.class || layer.initializer().numParams(layer) == 0) {
            return null;
        }
        throw new IllegalArgumentException("layer " + name + " (" + layer.getClass().getSimpleName()
                + ") has parameters of a layout jinit does not know (" + layer.initializer().paramKeys(layer)
                + "); supported: dense and output layers, ConvolutionLayer, Convolution1DLayer");
    }

    /** The weight initializer reading fans under the layout's convention, if it reads fans at all. */
    private static NamedInitializer withFans(NamedInitializer init, FanConvention layout) {
        if (init.fanConvention().isEmpty()) {
            return init;
        }
        Map<String, Object> config = new HashMap<>(init.config());
        config.put("fan_convention", layout == FanConvention.TORCH ? "torch" : "keras");
        return Initializers.get(init.className(), config);
    }

    private static Map<String, Layer> layersOf(ComputationGraphConfiguration conf) {
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex vertex) {
                layers.put(e.getKey(), vertex.getLayerConf().getLayer());
            }
        }
        return layers;
    }
}
