package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every figure and every gradient is bit-identical on 1, 2, 3 and 7 threads. The stacks have
 * enough token rows (72) for the row-split products to run in several chunks, 12 (sequence, head)
 * pairs for the attention tasks, and every kind of norm, placement and feed-forward network.
 */
class ThreadCountTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(7);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    private static List<TransformerShape> shapes() {
        return List.of(
                new TransformerShape(3, 32, 4, 48, 29, 24, 3, TransformerShape.Norm.LAYER_NORM,
                        TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_TANH,
                        TransformerShape.Position.LEARNED, true),
                new TransformerShape(3, 32, 4, 48, 29, 24, 3, TransformerShape.Norm.LAYER_NORM,
                        TransformerShape.Placement.POST_NORM, TransformerShape.FeedForward.GELU_ERF,
                        TransformerShape.Position.LEARNED, true),
                TransformerShape.llama(3, 32, 4, 40, 29, 24, 3));
    }

    @Test
    void everyFigureAndGradientIsTheSameOnAnyThreadCount() {
        for (TransformerShape shape : shapes()) {
            TransformerParameters parameters = TinyStacks.generic(shape, 9);
            TransformerResult one = Transformer.run(parameters, 9, Runnable::run, 1);
            for (int threads : new int[] {2, 3, 7}) {
                TransformerResult many = Transformer.run(parameters, 9, pool, threads);
                assertThat(many.figures()).as("%s on %d threads", shape, threads).isEqualTo(one.figures());
                assertThat(many.output()).isEqualTo(one.output());
                for (String name : parameters.names()) {
                    assertThat(many.gradient(name)).as(name).isEqualTo(one.gradient(name));
                }
                for (int block = 0; block < shape.layers(); block++) {
                    assertThat(many.residualGradient(block)).isEqualTo(one.residualGradient(block));
                    assertThat(many.blockOutput(block)).isEqualTo(one.blockOutput(block));
                }
            }
        }
    }
}
