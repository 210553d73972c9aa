package io.jinit.diagnosis;

import static io.jinit.testing.SampleMoments.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.Initializers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiagnoserTest {
    private static final List<Integer> WIDTHS = List.of(48, 40, 40, 40, 33, 40);
    private static final List<String> ACTIVATIONS = List.of("relu", "tanh", "gelu");
    private static final List<String> INITIALIZERS = List.of("he_normal", "lsuv", "orthogonal", "std=0.3",
            "kaiming_uniform_");
    /** Not a multiple of the row grain, so that chunks are uneven. */
    private static final int BATCH = 203;

    private static ExecutorService pool;

    @BeforeAll
    static void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static Diagnosis sequential(long seed) {
        return Diagnoser.run(DiagnosisRequest.of(WIDTHS, ACTIVATIONS, INITIALIZERS).withBatch(BATCH).withSeed(seed)
                .withThreads(Runnable::run, 1));
    }

    /** The example of Diagnoser's Javadoc. */
    @Test
    void javadocExample() {
        Diagnosis d = Diagnoser.run(DiagnosisRequest.of(List.of(64, 64, 64, 64), List.of("relu"),
                List.of("he_normal", "std=0.01")).withBatch(256).withSeed(7).withThreads(ForkJoinPool.commonPool(), 2));
        Verdict v = d.runs().get(1).verdict();                 // VANISHING

        assertThat(v).isEqualTo(Verdict.VANISHING);
        assertThat(d.runs().get(0).verdict()).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void sameSeedSameDiagnosis() {
        Diagnosis first = sequential(5);

        assertThat(sequential(5)).isEqualTo(first);
        assertThat(sequential(6)).isNotEqualTo(first);
        assertThat(first.runs()).hasSize(15);
        assertThat(first.runs()).extracting(RunReport::activation).startsWith("relu", "relu", "relu", "relu", "relu",
                "tanh");
    }

    /**
     * Runs in parallel, and one run split among threads, give the figures of one thread; and a run
     * alone gives the figures it has after the runs that wrote the same {@link RunArrays} before it
     * (widths that change from layer to layer make the weight-sized arrays grow and shrink).
     */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Diagnosis one = sequential(5);

        assertThat(Diagnoser.run(DiagnosisRequest.of(WIDTHS, ACTIVATIONS, INITIALIZERS).withBatch(BATCH).withSeed(5)
                .withThreads(pool, 3))).isEqualTo(one);
        assertThat(Diagnoser.run(DiagnosisRequest.of(WIDTHS, ACTIVATIONS, INITIALIZERS).withBatch(BATCH).withSeed(5)
                .withThreads(pool, 40))).isEqualTo(one);
        for (int i = 0; i < INITIALIZERS.size(); i++) {
            Diagnosis single = Diagnoser.run(DiagnosisRequest.of(WIDTHS, List.of("tanh"), List.of(INITIALIZERS.get(i)))
                    .withBatch(BATCH).withSeed(5).withThreads(pool, 3));
            // The recommendation weighs all the runs of an activation, so only it may differ.
            assertThat(single.runs().get(0)).usingRecursiveComparison().ignoringFields("recommendation")
                    .isEqualTo(one.runs().get(INITIALIZERS.size() + i));
        }
    }

    @Test
    void dataReplacesTheNormalInput() {
        float[] data = new float[BATCH * 48];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i * 0.37) * 3;
        }
        Diagnosis d = Diagnoser.run(DiagnosisRequest.of(WIDTHS, List.of("relu"), List.of("he_normal"))
                .withBatch(BATCH).withSeed(5).withData(data).withThreads(Runnable::run, 1));

        double[] asDoubles = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            asDoubles[i] = data[i];
        }
        assertThat(d.runs().get(0).inputStd()).isCloseTo(2.12, within(0.01));
        assertThat(Diagnoser.run(DiagnosisRequest.of(WIDTHS, List.of("relu"), List.of("he_normal"))
                .withBatch(BATCH).withSeed(5).withData(Diagnoser.float32(asDoubles))
                .withThreads(Runnable::run, 1))).isEqualTo(d);
        assertThat(d.runs().get(0).layers()).isNotEqualTo(sequential(5).runs().get(0).layers());
    }

    @Test
    void overflowIsReportedAsExplodingWhereItFirstAppears() {
        // Nine layers; each multiplies the std by 1e4 sqrt(64) = 8e4: 8e4^8 > 3.4e38 overflows at layer 8.
        for (String activation : List.of("linear", "relu")) {
            RunReport run = Diagnoser.run(DiagnosisRequest.of(Collections.nCopies(10, 64), List.of(activation),
                    List.of("std=1e4"))
                    .withBatch(64).withSeed(1).withThreads(Runnable::run, 1)).runs().get(0);

            assertThat(run.verdict()).isEqualTo(Verdict.EXPLODING);
            assertThat(run.layers()).allSatisfy(l -> assertThat(l.verdict()).isEqualTo(Verdict.EXPLODING));
            assertThat(run.reason()).isEqualTo("layer 8 overflows float32: its pre-activations or activations are"
                    + " not finite");
            assertThat(run.layers().get(7).preActivationStd()).isInfinite();
            assertThat(run.layers().get(7).preActivationMean()).isNaN();
            assertThat(run.layers().get(6).preActivationStd()).isFinite();
            // Linear passes the overflow back (dH_1 ~ 8e4^8 R overflows); relu' is 0 where A is NaN, as in PyTorch.
            double firstGradient = run.layers().get(0).weightGradientNorm();
            assertThat(Double.isFinite(firstGradient)).isEqualTo(activation.equals("relu"));
            assertThat(run.lastLayer()).isEqualTo(new Histogram(-0.5, 0.5, Collections.nCopies(60, 0L)));
        }
        // tanh is bounded: no overflow, every unit pinned at ±1.
        RunReport tanh = Diagnoser.run(DiagnosisRequest.of(Collections.nCopies(10, 64), List.of("tanh"),
                List.of("std=1e4"))
                .withBatch(64).withSeed(1).withThreads(Runnable::run, 1)).runs().get(0);
        assertThat(tanh.verdict()).isEqualTo(Verdict.SATURATED);
        assertThat(tanh.layers()).allSatisfy(l -> assertThat(l.saturatedFraction()).isEqualTo(1.0));
    }

    /** Torch initializers see the torch layout (out, in), so their fan-in is the layer's input width. */
    @Test
    void torchInitializersReadTheTorchLayout() {
        List<Activation> relu = List.of(Activation.of("relu"));
        float[] torch = Network.of(List.of(400, 25), relu, List.of(Initializers.get("kaiming_normal_")), 3).weight(1);
        float[] keras = Network.of(List.of(400, 25), relu, List.of(Initializers.get("he_normal")), 3).weight(1);

        assertThat(std(torch)).isCloseTo(Math.sqrt(2.0 / 400), within(0.003));
        assertThat(std(keras)).isCloseTo(Math.sqrt(2.0 / 400), within(0.003));
    }

    @Test
    void weightsDependOnTheSeedAndTheLayerOnly() {
        List<Activation> acts = List.of(Activation.of("relu"), Activation.of("tanh"));
        Network a = Network.of(List.of(8, 8, 8), acts, List.of(Initializers.get("he_normal"),
                Initializers.get("he_normal")), 4);
        Network b = Network.of(List.of(8, 8, 4), List.of(Activation.of("selu"), Activation.of("selu")),
                List.of(Initializers.get("he_normal"), Initializers.get("zeros")), 4);

        assertThat(b.weight(1)).containsExactly(a.weight(1));
        assertThat(a.weight(2)).isNotEqualTo(a.weight(1));
        assertThat(a.widths()).containsExactly(8, 8, 8);
        assertThat(a.depth()).isEqualTo(2);
        assertThat(a.activations()).containsExactlyElementsOf(acts);
    }

    @Test
    void badInputNamesTheValue() {
        List<Integer> w = List.of(4, 4);
        List<String> r = List.of("relu");
        List<String> he = List.of("he_normal");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(4, 0, 4), r, he)
                .withBatch(8).withSeed(1)), "[4, 0, 4]");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(4, -3), r, he).withBatch(8).withSeed(1)), "[4, -3]");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(4), r, he).withBatch(8).withSeed(1)), "[4]");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, List.of("relu", "softmax"), he)
                .withBatch(8).withSeed(1)), "softmax");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, List.of(), he).withBatch(8).withSeed(1)), "activations");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, List.of("he_normal", "bogus_init"))
                .withBatch(8).withSeed(1)), "bogus_init");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, List.of()).withBatch(8).withSeed(1)), "initializers");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, List.of("std=abc"))
                .withBatch(8).withSeed(1)), "std=abc");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, List.of("std=-1")).withBatch(8).withSeed(1)), "std=-1");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(0).withSeed(1)), "batch must be >= 1: 0");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(1, 3), r, he).withBatch(1).withSeed(1)), "1 x 1");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(8).withSeed(1)
                .withData(new float[31])), "31");
        float[] nan = new float[32];
        nan[5] = Float.NaN;
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(8).withSeed(1)
                .withData(nan)), "NaN at index 5");
        float[] constant = new float[32];
        Arrays.fill(constant, 2f);
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(8).withSeed(1)
                .withData(constant)), "constant");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(8).withSeed(1)
                .withThreads(Runnable::run, 0)), "threads must be >= 1: 0");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(w, r, he).withBatch(8).withSeed(1)
                .withThreads(null, 1)), "executor");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(20_000, 20_000), r, he)
                .withBatch(100_000).withSeed(1)), "heap");
        expectBad(() -> Diagnoser.run(DiagnosisRequest.of(List.of(8, 8, 3), r, List.of("dirac"))
                .withBatch(8).withSeed(1)), "layer 1");
        // The lower-level entry points.
        List<Activation> relu = List.of(Activation.of("relu"));
        expectBad(() -> Network.of(List.of(4, 4, 4), relu, List.of(Initializers.get("he_normal")), 1),
                "one activation per layer (2)");
        expectBad(() -> Network.of(w, relu, List.of(), 1), "one initializer per layer (1)");
        expectBad(() -> Network.ofWeights(w, relu, List.of(new float[15])), "15");
        expectBad(() -> Network.of(w, relu, List.of(Initializers.get("he_normal")), 1).weight(2), "2");
        expectBad(() -> Lsuv.initialize(w, relu, new float[8], 4, 1), "8");
        expectBad(() -> Lsuv.initialize(w, relu, new float[16], 4, 1, 0, 10, Runnable::run, 1), "tolerance");
        expectBad(() -> Lsuv.initialize(w, relu, new float[16], 4, 1, 0.1, -1, Runnable::run, 1), "-1");
        expectBad(() -> Diagnoser.diagnose(null, "x", null, 4, 1, Runnable::run, 1), "network");
    }

    /** Width 1, batch 1 with data, a single layer: the smallest networks work. */
    @Test
    void smallestNetworks() {
        Diagnosis d = Diagnoser.run(DiagnosisRequest.of(List.of(1, 1, 1), List.of("relu", "sigmoid"),
                List.of("he_normal", "lsuv"))
                .withBatch(2).withSeed(3).withThreads(Runnable::run, 1));
        assertThat(d.runs()).hasSize(4).allSatisfy(r -> assertThat(r.layers()).hasSize(2));
        RunReport one = Diagnoser.run(DiagnosisRequest.of(List.of(2, 5), List.of("tanh"), List.of("glorot_uniform"))
                .withBatch(1).withSeed(3).withData(new float[] {1, -1}).withThreads(Runnable::run, 1)).runs().get(0);
        assertThat(one.layers()).hasSize(1);
        assertThat(one.firstLayer()).isEqualTo(one.lastLayer()).isEqualTo(one.middleLayer());
        assertThat(one.layers().get(0).weightGradientRatio()).isEqualTo(1.0);
    }

    private static void expectBad(ThrowingCallable call, String named) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
    }

    @Test
    void numbersInReasonsAreShort() {
        assertThat(Verdicts.format(32.06)).isEqualTo("32.1");
        assertThat(Verdicts.format(0.0928)).isEqualTo("0.0928");
        assertThat(Verdicts.format(0.5)).isEqualTo("0.5");
        assertThat(Verdicts.format(100)).isEqualTo("100");
        assertThat(Verdicts.format(3.1e-3)).isEqualTo("3.10e-3");
        assertThat(Verdicts.format(2.5e13)).isEqualTo("2.50e13");
    }

    /** Every activation runs end to end, forward, backward, verdict and advice; softplus included. */
    @Test
    void everyActivationRuns() {
        List<String> all = new java.util.ArrayList<>();
        for (Activation.Kind kind : Activation.Kind.values()) {
            all.add(kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        Diagnosis d = Diagnoser.run(DiagnosisRequest.of(List.of(8, 8, 8), all, List.of("he_normal"))
                .withBatch(16).withSeed(3).withThreads(pool, 2));
        assertThat(d.runs()).hasSize(all.size()).allSatisfy(r -> {
            assertThat(r.verdict()).isNotNull();
            assertThat(r.recommendation()).isNotBlank();
        });
    }
}
