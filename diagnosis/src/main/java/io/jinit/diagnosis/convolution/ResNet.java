package io.jinit.diagnosis.convolution;

import io.jinit.distribution.Normal;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A ResNet of basic blocks ({@link ResNetSpec}) with its parameters, and one forward and backward
 * pass of a batch through it in float32 with the figures of every layer, block and parameter.
 *
 * <p>{@link #propagate} pushes a batch of standard normals forward and a random projection of the
 * output back, as the MLP engine of {@code io.jinit.diagnosis} does:
 * <pre>
 *   input        RandomKey.of(seed).derive("input")        standard normal, (batch, 3, size, size)
 *   projection   RandomKey.of(seed).derive("projection")   standard normal R, (batch, classes)
 *   loss         Σ y ∘ R,   so  ∂loss/∂y = R
 * </pre>
 * The loss is linear in the output on purpose: the gradient entering the network is R whatever the
 * scale of the output, so the backward figures measure the network's own Jacobian. A cross-entropy
 * against random labels would feed back {@code softmax(y) - onehot}, whose size depends on the
 * output's scale (saturating when the logits explode, near-uniform when they vanish) and would mix
 * the forward pass's faults into the backward figures.
 *
 * <p>Batch normalization runs in training mode, as at the first step of training. Every figure
 * and gradient is the same on any thread count: products go through
 * {@link io.jinit.diagnosis.kernel.Matmul}, and every reduction runs in a fixed order.
 *
 * <p>A network keeps the intermediate values of its last pass; {@link #propagate} runs one pass at
 * a time.
 *
 * @since 0.1
 */
public final class ResNet {
    private final ResNetSpec spec;
    private final List<Layer> stem = new ArrayList<>();
    private final List<BasicBlock> blocks = new ArrayList<>();
    private final GlobalAveragePool pool = new GlobalAveragePool("avgpool");
    private final Linear fc;
    private final List<Parameter> parameters = new ArrayList<>();

    private ResNet(ResNetSpec spec, ParameterSource source) {
        this.spec = spec;
        int width = spec.width(0);
        stem.add(new Conv2d("conv1", ResNetSpec.INPUT_CHANNELS, width, 7, 2, 3, source));
        if (spec.batchNorm()) {
            stem.add(new BatchNorm2d("bn1", width, source));
        }
        stem.add(new Relu("relu"));
        stem.add(new MaxPool2d("maxpool", 3, 2, 1));
        int in = width;
        for (int s = 0; s < spec.blocks().size(); s++) {
            int stageWidth = spec.width(s);
            for (int b = 0; b < spec.blocks().get(s); b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                blocks.add(new BasicBlock("layer" + (s + 1) + "." + b, in, stageWidth, stride, spec.shortcuts(),
                        spec.batchNorm(), source));
                in = stageWidth;
            }
        }
        fc = new Linear("fc", in, spec.classes(), source);
        for (Layer layer : layers()) {
            parameters.addAll(layer.parameters());
        }
    }

    /**
     * A network whose parameters are given by a source.
     *
     * @param spec the architecture
     * @param source the values of each parameter, by torchvision name and PyTorch shape
     * @return the network
     * @throws IllegalArgumentException naming the parameter if the source gives the wrong number of
     *     values, or if an argument is null
     */
    public static ResNet of(ResNetSpec spec, ParameterSource source) {
        if (spec == null || source == null) {
            throw new IllegalArgumentException("spec and source must be given: " + spec + ", " + source);
        }
        return new ResNet(spec, source);
    }

    /**
     * The architecture.
     *
     * @return the spec
     */
    public ResNetSpec spec() {
        return spec;
    }

    /**
     * The parameters' names, in torchvision's {@code named_parameters()} order.
     *
     * @return the names
     */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) {
            names.add(p.name);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * A copy of a parameter's values.
     *
     * @param name the torchvision name
     * @return its values in PyTorch's layout, row-major
     * @throws IllegalArgumentException if there is no such parameter
     */
    public float[] parameter(String name) {
        return find(name).values.clone();
    }

    /**
     * A copy of a parameter's gradient after the last {@link #propagate}.
     *
     * @param name the torchvision name
     * @return the gradient in PyTorch's layout, zeros before any pass
     * @throws IllegalArgumentException if there is no such parameter
     */
    public float[] gradient(String name) {
        return find(name).gradient.clone();
    }

    private Parameter find(String name) {
        for (Parameter p : parameters) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("name must be a parameter of this network: " + name);
    }

    /**
     * Pushes a batch of standard normals forward and a random projection back, and returns the
     * figures.
     *
     * @param batch the number of images, &gt;= 1
     * @param seed the seed of the input and the projection
     * @param executor runs the helper threads
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     * @return the figures
     * @throws IllegalArgumentException naming the argument if the batch or thread count is below 1
     *     or the batch's arrays are too large
     */
    public synchronized ResNetFigures propagate(int batch, long seed, Executor executor, int threads) {
        Checks.positive("batch", batch);
        Checks.positive("threads", threads);
        int size = spec.imageSize();
        long values = (long) batch * ResNetSpec.INPUT_CHANNELS * size * size;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch is too large for images of " + size + ": " + batch);
        }
        FeatureMaps input = FeatureMaps.of(batch, ResNetSpec.INPUT_CHANNELS, size, size,
                normals(RandomKey.of(seed).derive("input"), (int) values));
        FeatureMaps projection = FeatureMaps.of(batch, spec.classes(), 1, 1,
                normals(RandomKey.of(seed).derive("projection"), batch * spec.classes()));
        Workers workers = new Workers(executor, threads);
        FeatureMaps output = forward(input, workers);
        double loss = 0;
        for (int p = 0; p < output.planes.length; p++) {
            loss += (double) output.planes[p][0] * projection.planes[p][0];
        }
        backward(projection, workers);
        List<LayerFigures> layerFigures = new ArrayList<>();
        for (Layer layer : layers()) {
            layerFigures.add(layer.figures());
        }
        List<BlockFigures> blockFigures = new ArrayList<>();
        for (BasicBlock block : blocks) {
            blockFigures.add(block.figures());
        }
        List<ParameterFigures> parameterFigures = new ArrayList<>();
        for (Parameter p : parameters) {
            List<Long> shape = new ArrayList<>();
            for (long d : p.shape.toArray()) {
                shape.add(d);
            }
            parameterFigures.add(new ParameterFigures(p.name, shape, p.valueStd, Moments.norm(p.gradient)));
        }
        return new ResNetFigures(Moments.std(input, workers), layerFigures, blockFigures, parameterFigures,
                Moments.std(output, workers), loss);
    }

    /** The forward pass. */
    FeatureMaps forward(FeatureMaps input, Workers workers) {
        FeatureMaps x = input;
        for (Layer layer : stem) {
            x = layer.forward(x, workers);
        }
        for (BasicBlock block : blocks) {
            x = block.forward(x, workers);
        }
        return fc.forward(pool.forward(x, workers), workers);
    }

    /** The backward pass of the last forward pass, from the gradient of the loss at the output. */
    FeatureMaps backward(FeatureMaps dy, Workers workers) {
        FeatureMaps dx = pool.backward(fc.backward(dy, workers), workers);
        for (int b = blocks.size() - 1; b >= 0; b--) {
            dx = blocks.get(b).backward(dx, workers);
        }
        for (int i = stem.size() - 1; i >= 0; i--) {
            dx = stem.get(i).backward(dx, workers);
        }
        return dx;
    }

    /** Every layer, in the order of the forward pass. */
    private List<Layer> layers() {
        List<Layer> all = new ArrayList<>(stem);
        for (BasicBlock block : blocks) {
            all.addAll(block.layers());
        }
        all.add(pool);
        all.add(fc);
        return all;
    }

    private static float[] normals(RandomKey key, int count) {
        float[] x = new float[count];
        new Normal(0, 1).fill(key, 0, x, 0, count);
        return x;
    }
}
