package io.jinit.diagnosis.convolution;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Times one forward and backward pass of resnet18 (not a test): the first pass warms the JIT up,
 * the median of the next ones is printed.
 *
 * <pre>
 *   java -cp core/target/classes:diagnosis/target/classes:diagnosis/target/test-classes \
 *       io.jinit.diagnosis.convolution.ResNetTiming [batch] [image] [threads] [width] [passes]
 * </pre>
 */
public final class ResNetTiming {
    private ResNetTiming() {
    }

    /**
     * Runs the timing.
     *
     * @param args batch (8), image size (64), threads (available processors), width multiplier (1),
     *     timed passes (5)
     */
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int image = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        double width = args.length > 3 ? Double.parseDouble(args[3]) : 1.0;
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        ResNetSpec spec = ResNetSpec.resnet18().withImageSize(image).withWidthMultiplier(width);
        long t0 = System.nanoTime();
        ResNet net = ResNet.of(spec, ResNetRecipes.torchvision(1));
        double build = (System.nanoTime() - t0) / 1e9;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
        try {
            t0 = System.nanoTime();
            ResNetFigures figures = net.propagate(batch, 7, pool, threads);
            double first = (System.nanoTime() - t0) / 1e9;
            double[] times = new double[passes];
            for (int i = 0; i < passes; i++) {
                t0 = System.nanoTime();
                net.propagate(batch, 7, pool, threads);
                times[i] = (System.nanoTime() - t0) / 1e9;
            }
            java.util.Arrays.sort(times);
            System.out.printf("resnet18 width %s, batch %d of %dx%d, %d threads: parameters filled in %.2f s,"
                            + " first pass %.2f s, median of %d passes %.3f s (min %.3f)%n",
                    width, batch, image, image, threads, build, first, passes, times[passes / 2], times[0]);
            List<BlockFigures> blocks = figures.blocks();
            for (BlockFigures b : blocks) {
                System.out.println(b);
            }
        } finally {
            pool.shutdown();
        }
    }
}
