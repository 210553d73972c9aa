package io.jinit.bench;

import io.jinit.Initializer;
import io.jinit.ParallelFill;
import io.jinit.init.RandomNormal;
import io.jinit.init.DistributionKind;
import io.jinit.init.RandomTruncatedNormal;
import io.jinit.init.VarianceScaling;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import io.jinit.shape.Shape;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Time to fill a preallocated float32 tensor of shape (size / 1024, 1024) with one initializer,
 * on the calling thread ({@code threads = 1}) or on a fixed pool of two threads started in setup
 * ({@code threads = 2}).
 *
 * <p>The score is milliseconds per fill of the whole tensor (AverageTime). Throughput in millions
 * of elements per second is {@code size / (score · 1000)}; e.g. 2^24 elements in 40 ms is
 * 16777216 / 40000 = 419 M elem/s, i.e. 2.38 ns per element. {@code bench/compare.sh} does this
 * conversion from the medians of the measurement iterations.
 *
 * <p>The initializers:
 * <ul>
 * <li>{@code he_normal}: Keras {@code he_normal} = VarianceScaling(2, fan_in, truncated_normal),
 * i.e. a normal cut at ±2σ;</li>
 * <li>{@code normal}: Keras {@code RandomNormal(0, 0.05)}, the untruncated normal path;</li>
 * <li>{@code glorot_uniform}: VarianceScaling(1, fan_avg, uniform);</li>
 * <li>{@code truncated_normal}: Keras {@code TruncatedNormal(0, 0.05)}, cut at ±2σ.</li>
 * </ul>
 *
 * <p>The array is benchmark state and is returned, so the fill cannot be removed. Every
 * iteration prints the process CPU time over wall time (a noise check: with the machine to
 * itself it is close to {@code threads}); the trial prints the median of the measurement
 * iterations and the load average.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class FillBenchmark {
    private static final long SEED = 42;

    @Param({"16777216", "67108864"})
    public int size;

    @Param({"he_normal", "normal", "glorot_uniform", "truncated_normal"})
    public String initializer;

    @Param({"1", "2"})
    public int threads;

    private float[] out;
    private Shape shape;
    private Initializer init;
    private RandomKey key;
    private ParallelFill filler;
    private ExecutorService pool;

    private long iterationCpu;
    private long iterationWall;
    private final List<Double> cpuOverWall = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        shape = Shape.of(size / 1024, 1024);
        out = new float[size];
        init = initializer(initializer);
        key = init.key();
        if (threads == 1) {
            filler = ParallelFill.sequential();
        } else {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "fill");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < threads * 4; i++) {
                pool.submit(() -> { }); // start the threads before timing
            }
            filler = ParallelFill.on(pool, threads);
        }
    }

    static Initializer initializer(String name) {
        switch (name) {
            case "he_normal":
                return new VarianceScaling(2.0, FanMode.FAN_IN, DistributionKind.TRUNCATED_NORMAL,
                        FanConvention.KERAS, SEED);
            case "normal":
                return new RandomNormal(0.0, 0.05, SEED);
            case "glorot_uniform":
                return new VarianceScaling(1.0, FanMode.FAN_AVG, DistributionKind.UNIFORM,
                        FanConvention.KERAS, SEED);
            case "truncated_normal":
                return RandomTruncatedNormal.twoSigma(0.0, 0.05, SEED);
            default:
                throw new IllegalArgumentException("unknown initializer: " + name);
        }
    }

    @Benchmark
    public float[] fill() {
        filler.fill(init, shape, key, 0, out, 0, size);
        return out;
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        iterationCpu = processCpuNanos();
        iterationWall = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        double ratio = (double) (processCpuNanos() - iterationCpu) / (System.nanoTime() - iterationWall);
        if (params.getType() == IterationType.MEASUREMENT) {
            cpuOverWall.add(ratio);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        List<Double> r = new ArrayList<>(cpuOverWall);
        r.sort(null);
        double median = r.isEmpty() ? Double.NaN : r.get(r.size() / 2);
        System.out.printf(Locale.ROOT, "%nJINIT-CPU initializer=%s size=%d threads=%d cpu_over_wall=%.2f load=%.2f%n",
                initializer, size, threads, median,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return 0L;
    }
}
