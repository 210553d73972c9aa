package io.jinit.compat;

import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.catalogue.KerasCatalogue;
import io.jinit.init.DistributionKind;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Optional;

/**
 * The tensors of a {@link WeightInits} method as ranges to compute on demand, so that a model of
 * any size is written in bounded memory: {@code layers.i.weight} {@code (fan_in, fan_out)} and
 * {@code layers.i.bias} {@code (1, fan_out)} for each layer, in that order. The values are those
 * of the in-memory methods ({@link WeightInits#heInit} and the others compute through this class).
 *
 * <ul>
 * <li>{@link Rng#PHILOX}: element {@code i} is a pure function of the key and {@code i}, so any
 * range is computed directly, on any number of threads.</li>
 * <li>{@link Rng#NUMPY_LEGACY}: one MT19937 stream runs through every tensor in the order above,
 * as in the Python original. A range that continues where the last one ended draws on; any other
 * range restarts the stream from the seed and draws up to it (correct, but costly). Filling each
 * tensor in ascending ranges, tensor after tensor, as the writers do, draws every value once.</li>
 * </ul>
 *
 * <pre>{@code
 * LayerStream s = WeightInits.numpyLegacy().stream(InitMethod.HE, new int[] {784, 128, 10}, 42);
 * double[] w = new double[784 * 128];
 * s.tensors().get(0).fill(0, w, 0, w.length, ParallelFill.sequential());  // == heInit(dims, 42).layer(0).weights()
 * }</pre>
 *
 * <p>Thread-safe: fills of a {@link Rng#NUMPY_LEGACY} stream are serialized.
 *
 * @since 0.1
 */
public final class LayerStream {
    private final Rng rng;
    private final InitMethod method;
    private final int[] dims;
    /** The standard deviation of RANDOM weights; empty for the other methods. */
    private final OptionalDouble scale;
    private final long seed;
    private final List<Tensor> tensors;
    /** The shared sequential stream under NUMPY_LEGACY; null under PHILOX. */
    private final NumpyCursor numpy;

    LayerStream(Rng rng, InitMethod method, int[] dims, OptionalDouble scale, long seed) {
        this.rng = rng;
        this.method = method;
        this.dims = dims.clone();
        this.scale = scale;
        this.seed = seed;
        this.numpy = rng == Rng.NUMPY_LEGACY ? new NumpyCursor(seed) : null;
        List<Tensor> list = new ArrayList<>(2 * (dims.length - 1));
        long drawn = 0;
        RandomKey root = RandomKey.of(seed);
        for (int i = 0; i + 1 < dims.length; i++) {
            int fanIn = dims[i];
            int fanOut = dims[i + 1];
            String weight = "layers." + i + ".weight";
            String bias = "layers." + i + ".bias";
            Shape weightShape = Shape.of(fanIn, fanOut);
            Shape biasShape = Shape.of(1, fanOut);
            if (numpy != null) {
                list.add(new Tensor(weight, weightShape, null, drawn, weightOp(fanIn, fanOut)));
                drawn += weightShape.size();
                if (method == InitMethod.RANDOM) {
                    // b = np.random.randn(1, fan_out) * (scale * 0.1)
                    list.add(new Tensor(bias, biasShape, null, drawn, new Op(scale.getAsDouble() * WeightInits.RANDOM_BIAS_RATIO,
                            false)));
                    drawn += fanOut;
                } else {
                    list.add(new Tensor(bias, biasShape, KerasCatalogue.zeros(), 0, null));
                }
            } else {
                // The recorded seed is the derived key's: RandomKey.of(k.asLong()) == k, so the
                // initializer alone reproduces the tensor with sample(shape).
                long weightSeed = root.derive(weight).asLong();
                Initializer w = method == InitMethod.RANDOM ? KerasCatalogue.randomNormal(0.0, scale.getAsDouble(), weightSeed)
                        : KerasCatalogue.varianceScaling(method.varianceScale(), method.mode(),
                                DistributionKind.UNTRUNCATED_NORMAL, FanConvention.KERAS, weightSeed);
                list.add(new Tensor(weight, weightShape, w, 0, null));
                Initializer b = method == InitMethod.RANDOM
                        ? KerasCatalogue.randomNormal(0.0, scale.getAsDouble() * WeightInits.RANDOM_BIAS_RATIO,
                                root.derive(bias).asLong())
                        : KerasCatalogue.zeros();
                list.add(new Tensor(bias, biasShape, b, 0, null));
            }
        }
        this.tensors = List.copyOf(list);
    }

    /** The Python original's scaling of a layer's weights, operation for operation. */
    private Op weightOp(int fanIn, int fanOut) {
        switch (method) {
            case HE:
                // np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
                return new Op(Math.sqrt(2.0 / fanIn), false);
            case XAVIER:
                // np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / (fan_in + fan_out)), ints added exactly
                return new Op(Math.sqrt(2.0 / ((long) fanIn + fanOut)), false);
            case LECUN:
                // np.random.randn(fan_in, fan_out) / np.sqrt(fan_in): a division, not a multiplication
                return new Op(Math.sqrt(fanIn), true);
            case RANDOM:
                // np.random.randn(fan_in, fan_out) * scale
                return new Op(scale.getAsDouble(), false);
            default:
                throw new AssertionError(method);
        }
    }

    /**
     * The tensors, {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.1.weight}, ...
     *
     * @return the tensors, two per layer
     */
    public List<Tensor> tensors() {
        return tensors;
    }

    /**
     * The stream.
     *
     * @return the stream
     */
    public Rng rng() {
        return rng;
    }

    /**
     * The method.
     *
     * @return the method
     */
    public InitMethod method() {
        return method;
    }

    /**
     * The layer sizes.
     *
     * @return a copy of the sizes, input first
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * The standard deviation of {@link InitMethod#RANDOM} weights.
     *
     * @return the scale, empty for the other methods
     */
    public OptionalDouble scale() {
        return scale;
    }

    /**
     * The seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    @Override
    public String toString() {
        return "LayerStream[rng=" + rng + ", method=" + method + ", dims=" + Arrays.toString(dims) + ", seed=" + seed
                + "]";
    }

    /**
     * Elements of float64 computed at a time by a float32 fill, before rounding: enough for a
     * parallel fill ({@link ParallelFill#MIN_PARALLEL_ELEMENTS}), 8 MiB of scratch at most.
     */
    private static final int ROUNDING_CHUNK = 1 << 20;

    /** Where a tensor's values come from. */
    private sealed interface Values permits Computed, Drawn {
    }

    /** Values an initializer computes for any range. */
    private record Computed(Initializer initializer) implements Values {
    }

    /**
     * Values drawn from the NumPy stream: normals {@code start, start + 1, ...} scaled by
     * {@code op}; none of them is given by an initializer alone.
     */
    private record Drawn(long start, Op op) implements Values {
    }

    /** {@code z * factor} or {@code z / factor}, as the Python code writes it. */
    private record Op(double factor, boolean divide) {
        double apply(double z) {
            return divide ? z / factor : z * factor;
        }
    }

    /**
     * One tensor of the stream.
     */
    public final class Tensor {
        private final String name;
        private final Shape shape;
        private final Values values;

        /**
         * A tensor computed by {@code initializer} when {@code op} is null, else drawn from the
         * NumPy stream from its normal {@code start} on and scaled by {@code op}.
         */
        private Tensor(String name, Shape shape, Initializer initializer, long start, Op op) {
            this.name = name;
            this.shape = shape;
            this.values = op == null ? new Computed(initializer) : new Drawn(start, op);
        }

        /**
         * The name, {@code layers.i.weight} or {@code layers.i.bias}.
         *
         * @return the name
         */
        public String name() {
            return name;
        }

        /**
         * The shape, {@code (fan_in, fan_out)} or {@code (1, fan_out)}.
         *
         * @return the shape
         */
        public Shape shape() {
            return shape;
        }

        /**
         * The initializer whose {@code sampleDouble(shape)} gives this tensor on its own, under its
         * own seed: under {@link Rng#PHILOX} every tensor's (its seed is
         * {@code RandomKey.of(seed).derive(name).asLong()}), under {@link Rng#NUMPY_LEGACY} the
         * zero biases' only, since the other tensors depend on every draw before them.
         *
         * @return the initializer, or empty
         */
        public Optional<Initializer> initializer() {
            return values instanceof Computed computed ? Optional.of(computed.initializer()) : Optional.empty();
        }

        /**
         * Writes elements {@code [from, from + length)} of the row-major tensor as float64.
         *
         * @param from first element index
         * @param out destination
         * @param offset first index in out
         * @param length number of elements
         * @param filler fills Philox ranges, possibly in parallel (threads never change the values)
         * @throws IllegalArgumentException if the range is outside the tensor or out
         */
        public void fill(long from, double[] out, int offset, int length, ParallelFill filler) {
            checkRange(from, out.length, offset, length);
            if (values instanceof Drawn drawn) {
                numpy.fill(drawn.start() + from, drawn.op(), out, offset, length);
            } else if (values instanceof Computed computed) {
                Initializer init = computed.initializer();
                filler.fill(init, shape, init.key(), from, out, offset, length);
            }
        }

        /**
         * Writes elements {@code [from, from + length)} as float32: the float64 values rounded to
         * nearest once.
         *
         * @param from first element index
         * @param out destination
         * @param offset first index in out
         * @param length number of elements
         * @param filler fills Philox ranges, possibly in parallel
         * @throws IllegalArgumentException if the range is outside the tensor or out
         */
        public void fill(long from, float[] out, int offset, int length, ParallelFill filler) {
            checkRange(from, out.length, offset, length);
            // Rounding the float64 values is the float32 fill of every tensor here: NumPy's normals
            // are float64, and the float32 fill of the Normal family is documented as the float64
            // value rounded once (io.jinit.distribution.Normal).
            double[] chunk = new double[Math.min(length, ROUNDING_CHUNK)];
            for (int done = 0; done < length; done += chunk.length) {
                int n = Math.min(chunk.length, length - done);
                fill(from + done, chunk, 0, n, filler);
                for (int i = 0; i < n; i++) {
                    out[offset + done + i] = (float) chunk[i];
                }
            }
        }

        private void checkRange(long from, int outLength, int offset, int length) {
            if (from < 0 || length < 0 || from > shape.size() - length || offset < 0 || offset > outLength - length) {
                throw new IllegalArgumentException("range of " + name + " must lie within its " + shape.size()
                        + " elements and the array of " + outLength + ": from=" + from + ", offset=" + offset
                        + ", length=" + length);
            }
        }

        @Override
        public String toString() {
            return name + shape;
        }
    }

    /** The NumPy stream and how many normals it has given. */
    private static final class NumpyCursor {
        private final long seed;
        private NumpyLegacy np;
        private long position;

        NumpyCursor(long seed) {
            this.seed = seed;
            this.np = NumpyLegacy.seeded(seed);
        }

        synchronized void fill(long at, Op op, double[] out, int offset, int length) {
            seek(at);
            for (int i = 0; i < length; i++) {
                out[offset + i] = op.apply(np.standardNormal());
            }
            position += length;
        }

        /** Positions the stream before normal {@code at}: draws on, or restarts and draws up to it. */
        private void seek(long at) {
            if (at < position) {
                np = NumpyLegacy.seeded(seed);
                position = 0;
            }
            for (; position < at; position++) {
                np.standardNormal();
            }
        }
    }
}
