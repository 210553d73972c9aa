package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.catalogue.Catalogue;
import io.jinit.catalogue.Catalogued;
import io.jinit.distribution.Uniform;
import io.jinit.init.DistributionInitializer;
import io.jinit.init.Seeded;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests which all initializers must pass. */
class InitializerParametricTest {
    private static ExecutorService seven;

    @BeforeAll
    static void startPool() {
        seven = Executors.newFixedThreadPool(7);
    }

    @AfterAll
    static void stopPool() {
        seven.shutdownNow();
    }

    static Iterable<org.junit.jupiter.params.provider.Arguments> cases() {
        return InitializersList.arguments();
    }

    @Test
    void everyBuiltInClassHasACase() {
        Set<String> covered = new HashSet<>();
        for (InitializersList.Case c : InitializersList.cases()) {
            covered.add(Catalogue.identifiers().get(c.identifier()));
        }
        Set<String> all = new HashSet<>(Catalogue.identifiers().values());
        all.remove("Initializer");
        assertThat(covered).containsAll(all);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void sameKeyGivesSameBits(InitializersList.Case c) {
        Initializer init = c.create();
        assertThat(init.sample(c.shape())).containsExactly(init.sample(c.shape()));
        assertThat(c.create().sample(c.shape())).containsExactly(init.sample(c.shape()));
        assertThat(init.sampleDouble(c.shape())).containsExactly(init.sampleDouble(c.shape()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void chunkedFillEqualsWholeFill(InitializersList.Case c) {
        Initializer init = c.create();
        Shape shape = c.shape();
        float[] whole = init.sample(shape);
        double[] wholeDouble = init.sampleDouble(shape);
        int n = whole.length;
        int[] cuts = {0, 1, 7, 513, 1023, 1024, 1025, n / 2, n - 3, n};
        float[] pieces = new float[n];
        double[] piecesDouble = new double[n];
        int from = 0;
        for (int cut : cuts) {
            int to = Math.max(from, Math.min(cut, n));
            init.fill(shape, init.key(), from, pieces, from, to - from);
            init.fill(shape, init.key(), from, piecesDouble, from, to - from);
            from = to;
        }
        assertThat(pieces).containsExactly(whole);
        assertThat(piecesDouble).containsExactly(wholeDouble);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void threadCountNeverChangesBits(InitializersList.Case c) {
        Initializer init = c.create();
        Shape big = c.shape().rank() == 1 ? Shape.of(300_000) : c.shape();
        if (c.shape().rank() == 2 && init.isElementwise()) {
            big = Shape.of(c.shape().dim(0) * 97, c.shape().dim(1) * 31);
        }
        RandomKey key = init.key();
        float[] one = ParallelFill.sequential().sample(init, big, key);
        assertSameBits(ParallelFill.common().sample(init, big, key), one);
        assertSameBits(ParallelFill.on(seven, 7).sample(init, big, key), one);
        double[] oneDouble = ParallelFill.sequential().sampleDouble(init, big, key);
        double[] twoDouble = ParallelFill.on(seven, 2).sampleDouble(init, big, key);
        assertThat(java.util.Arrays.mismatch(twoDouble, oneDouble)).as("first differing element").isEqualTo(-1);
    }

    /** Compares big arrays without AssertJ's element diff, which is quadratic. */
    private static void assertSameBits(float[] actual, float[] expected) {
        int at = java.util.Arrays.mismatch(actual, expected);
        assertThat(at).as("first differing element: %s", at < 0 ? "none"
                : at + " (" + (at < actual.length ? actual[at] : "end") + " vs "
                + (at < expected.length ? expected[at] : "end") + ")").isEqualTo(-1);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void allFiniteAndFloat32IsRoundedFloat64(InitializersList.Case c) {
        Initializer init = c.create();
        float[] f = init.sample(c.shape());
        double[] d = init.sampleDouble(c.shape());
        for (int i = 0; i < f.length; i++) {
            assertThat(Float.isFinite(f[i])).isTrue();
            assertThat(Double.isFinite(d[i])).isTrue();
        }
        // Uniform's float32 recipe reads the top 24 bits (docs/stream-spec.md 4.1); all others round float64.
        Initializer inner = family(init);
        boolean uniform = inner instanceof DistributionInitializer
                && ((DistributionInitializer) inner).distribution(c.shape()) instanceof Uniform;
        if (!uniform) {
            for (int i = 0; i < f.length; i++) {
                assertThat(f[i]).as("element %d", i).isEqualTo((float) d[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void configRoundTrip(InitializersList.Case c) {
        Initializer init = c.create();
        Initializer back = Initializers.deserialize(Initializers.serialize(init));
        assertThat(back).isEqualTo(init);
        assertThat(Initializers.serialize(back)).isEqualTo(Initializers.serialize(init));
        assertThat(back.sample(c.shape())).containsExactly(init.sample(c.shape()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void differentKeysGiveDifferentValuesForRandomInitializers(InitializersList.Case c) {
        Initializer init = c.create();
        if (!(family(init) instanceof Seeded)) {
            return;
        }
        float[] a = init.sample(c.shape(), RandomKey.of(1));
        float[] b = init.sample(c.shape(), RandomKey.of(2));
        assertThat(a).isNotEqualTo(b);
    }

    private static Initializer family(Initializer init) {
        return init instanceof Catalogued catalogued ? catalogued.family() : init;
    }
}
