package io.jinit.bench;

import io.jinit.init.Orthogonal;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A float32 orthogonal (n, n) tensor: the normal draw, the QR, the sign fix and the copy, as
 * {@code torch.nn.init.orthogonal_(torch.empty(n, n))} does. Each call uses a new key, so the
 * initializer's cache of the last matrix never answers and every call does the whole QR.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar Orthogonal} (add {@code -p n=4096} for the
 * large size).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class OrthogonalBenchmark {
    /** The matrix side. */
    @Param({"1024", "2048"})
    public int n;

    private Shape shape;
    private Orthogonal orthogonal;
    private float[] out;
    private long seed;

    /** Allocates the output once, outside the timing. */
    @Setup
    public void setUp() {
        shape = Shape.of(n, n);
        orthogonal = new Orthogonal(1.0, FanConvention.KERAS, 0);
        out = new float[n * n];
    }

    /**
     * One whole fill under a fresh key.
     *
     * @return the output, so that the work is not eliminated
     */
    @Benchmark
    public float[] sample() {
        orthogonal.fill(shape, RandomKey.of(seed++), 0, out, 0, out.length);
        return out;
    }
}
