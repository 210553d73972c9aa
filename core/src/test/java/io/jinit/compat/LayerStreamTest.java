package io.jinit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link LayerStream}: any chunking gives the in-memory values of WeightInits, in both streams. */
class LayerStreamTest {
    private static final int[] DIMS = {37, 129, 5};
    private static final long SEED = 7;
    private static final double SCALE = 0.03;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Rng rng : Rng.values()) {
            for (InitMethod method : InitMethod.values()) {
                cases.add(Arguments.of(rng, method));
            }
        }
        return cases.stream();
    }

    private static LayerWeights inMemory(Rng rng, InitMethod method) {
        WeightInits w = WeightInits.of(rng);
        switch (method) {
            case HE:
                return w.heInit(DIMS, SEED);
            case XAVIER:
                return w.xavierInit(DIMS, SEED);
            case LECUN:
                return w.seluInit(DIMS, SEED);
            default:
                return w.randomInit(DIMS, SCALE, SEED);
        }
    }

    /** The in-memory arrays of tensor {@code t}: weights of layer t / 2 or its biases. */
    private static double[] expected(LayerWeights layers, int t) {
        Layer layer = layers.layer(t / 2);
        return t % 2 == 0 ? layer.weights() : layer.biases();
    }

    /** A float32 fill longer than the float64 scratch it rounds from is rounded piece by piece. */
    @ParameterizedTest
    @EnumSource(Rng.class)
    void longFloatFillsAreTheFloat64ValuesRounded(Rng rng) {
        LayerStream.Tensor t = WeightInits.of(rng).stream(InitMethod.HE, new int[] {1100, 1000}, SEED)
                .tensors().get(0);
        int length = (int) t.shape().size() - 5;
        double[] d = new double[length];
        t.fill(3, d, 0, length, ParallelFill.sequential());
        float[] rounded = new float[length + 2];
        for (int i = 0; i < length; i++) {
            rounded[i + 2] = (float) d[i];
        }
        float[] f = new float[length + 2];
        t.fill(3, f, 2, length, ParallelFill.sequential());
        assertThat(Arrays.equals(f, rounded)).as("float32 fill == float64 fill rounded").isTrue();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ascendingChunksOfAnySizeGiveTheInMemoryValues(Rng rng, InitMethod method) {
        LayerWeights expected = inMemory(rng, method);
        for (int chunk : new int[] {1, 3, 1000, 1 << 20}) {
            LayerStream s = open(rng, method);
            assertThat(s.tensors()).extracting(LayerStream.Tensor::name)
                    .containsExactly("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias");
            for (int t = 0; t < s.tensors().size(); t++) {
                LayerStream.Tensor tensor = s.tensors().get(t);
                double[] d = new double[(int) tensor.shape().size()];
                float[] f = new float[d.length];
                for (int from = 0; from < d.length; from += chunk) {
                    int n = Math.min(chunk, d.length - from);
                    tensor.fill(from, d, from, n, ParallelFill.sequential());
                }
                assertThat(d).as("%s chunk %d", tensor, chunk).containsExactly(expected(expected, t));
                // The float32 pass is a second pass over the same tensor: under NUMPY_LEGACY it
                // goes back in the stream, which restarts it.
                for (int from = 0; from < f.length; from += chunk) {
                    int n = Math.min(chunk, f.length - from);
                    tensor.fill(from, f, from, n, ParallelFill.sequential());
                }
                for (int i = 0; i < d.length; i++) {
                    assertThat(f[i]).isEqualTo((float) d[i]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rangesInAnyOrderGiveTheSameValues(Rng rng, InitMethod method) {
        LayerWeights expected = inMemory(rng, method);
        LayerStream s = open(rng, method);
        // Last tensor first, and each tensor's second half before its first half.
        for (int t = s.tensors().size() - 1; t >= 0; t--) {
            LayerStream.Tensor tensor = s.tensors().get(t);
            double[] d = new double[(int) tensor.shape().size()];
            int half = d.length / 2;
            tensor.fill(half, d, half, d.length - half, ParallelFill.sequential());
            tensor.fill(0, d, 0, half, ParallelFill.sequential());
            assertThat(d).containsExactly(expected(expected, t));
        }
    }

    @Test
    void threadsNeverChangePhiloxValues() {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            int[] dims = {300, 700};
            LayerStream.Tensor w = WeightInits.philox().stream(InitMethod.HE, dims, SEED).tensors().get(0);
            double[] parallel = new double[300 * 700];
            w.fill(0, parallel, 0, parallel.length, ParallelFill.on(pool, 3));
            assertThat(parallel).containsExactly(WeightInits.philox().heInit(dims, SEED).layer(0).weights());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void philoxTensorsAreTheirInitializersUnderTheirOwnSeed() {
        LayerStream s = WeightInits.philox().randomStream(DIMS, SCALE, SEED);
        LayerWeights expected = inMemory(Rng.PHILOX, InitMethod.RANDOM);
        for (int t = 0; t < s.tensors().size(); t++) {
            LayerStream.Tensor tensor = s.tensors().get(t);
            Initializer init = tensor.initializer().orElseThrow();
            // Through its serialized dict, as a file's metadata carries it.
            Initializer read = Initializers.deserialize(Initializers.serialize(init));
            assertThat(read.sampleDouble(tensor.shape())).containsExactly(expected(expected, t));
        }
    }

    @Test
    void numpyLegacyTensorsDependOnTheStreamButZeroBiases() {
        LayerStream s = WeightInits.numpyLegacy().stream(InitMethod.HE, DIMS, SEED);
        assertThat(s.tensors()).extracting(t -> t.initializer().isPresent()).containsExactly(false, true, false, true);
        assertThat(s.tensors().get(1).initializer().orElseThrow().sampleDouble(Shape.of(1, 129)))
                .containsOnly(0.0);
    }

    @Test
    void streamsLayersLargerThanOneArray() {
        LayerStream s = WeightInits.philox().stream(InitMethod.HE, new int[] {100_000, 100_000}, SEED);
        LayerStream.Tensor w = s.tensors().get(0);
        assertThat(w.shape().size()).isEqualTo(10_000_000_000L);
        double[] tail = new double[4];
        w.fill(w.shape().size() - 4, tail, 0, 4, ParallelFill.sequential());
        double[] direct = new double[4];
        w.initializer().orElseThrow().fill(w.shape(), w.initializer().orElseThrow().key(), w.shape().size() - 4,
                direct, 0, 4);
        assertThat(tail).containsExactly(direct);
    }

    @Test
    void javadocExample() {
        LayerStream s = WeightInits.numpyLegacy().stream(InitMethod.HE, new int[] {784, 128, 10}, 42);
        double[] w = new double[784 * 128];
        s.tensors().get(0).fill(0, w, 0, w.length, ParallelFill.sequential());
        assertThat(w).containsExactly(WeightInits.numpyLegacy().heInit(new int[] {784, 128, 10}, 42).layer(0).weights());
    }

    @Test
    void rejectsBadInput() {
        WeightInits p = WeightInits.philox();
        assertThatThrownBy(() -> p.stream(null, DIMS, 1)).hasMessage("method must not be null: null");
        assertThatThrownBy(() -> p.stream(InitMethod.HE, new int[] {3}, 1))
                .hasMessage("dims must hold at least 2 sizes (input and output): [3]");
        assertThatThrownBy(() -> p.randomStream(DIMS, -1, 1)).hasMessage("scale must be a finite number > 0: -1.0");
        assertThat(p.stream(InitMethod.RANDOM, DIMS, 1).scale()).hasValue(WeightInits.DEFAULT_SCALE);
        assertThat(p.stream(InitMethod.HE, DIMS, 1).scale()).isEmpty();
        assertThatThrownBy(() -> WeightInits.numpyLegacy().stream(InitMethod.HE, DIMS, -1))
                .hasMessage("seed must be between 0 and 2**32 - 1: -1");
        LayerStream.Tensor bias = p.stream(InitMethod.HE, DIMS, 1).tensors().get(1);
        assertThatThrownBy(() -> bias.fill(120, new double[20], 0, 20, ParallelFill.sequential()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layers.0.bias");
    }

    /** The stream of a case: RANDOM at this test's scale, the others at their own. */
    private static LayerStream open(Rng rng, InitMethod method) {
        return method == InitMethod.RANDOM ? WeightInits.of(rng).randomStream(DIMS, SCALE, SEED)
                : WeightInits.of(rng).stream(method, DIMS, SEED);
    }
}
