package io.jinit.diagnosis.transformer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Times one forward and backward pass of a GPT-2-small-shaped stack (12 layers, width 768, 12
 * heads, feed-forward 3072, vocabulary 50257, T = 128, B = 4; no output head) in a fresh JVM, for
 * docs/diagnosis.md. Not a test: run it with
 * {@code java -Xmx2g -cp diagnosis/target/classes:diagnosis/target/test-classes:<jinit-core.jar>
 * io.jinit.diagnosis.transformer.TransformerTiming [threads]}.
 */
public final class TransformerTiming {
    private TransformerTiming() {
    }

    /**
     * Runs the pass three times and prints the time of each.
     *
     * @param args the number of threads, 2 if absent
     */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        TransformerShape shape = TransformerShape.gpt2(12, 768, 12, 50257, 128, 4);
        long start = System.nanoTime();
        TransformerParameters parameters = TransformerParameters.of(shape, ParameterFiller.gpt2(0.02, 12, 1));
        System.out.printf("fill: %.1f s%n", (System.nanoTime() - start) / 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                TransformerResult result = Transformer.run(parameters, 1, pool, threads);
                System.out.printf("pass %d on %d threads: %.1f s, loss %.4f, output std %.4f%n", i + 1, threads,
                        (System.nanoTime() - t0) / 1e9, result.figures().loss(), result.figures().outputStd());
            }
        } finally {
            pool.shutdown();
        }
    }
}
