package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every figure, the output and every gradient of the encoder-decoder are bit-identical on 1, 2 and
 * 3 threads. The stacks have 60 source and 72 target rows, so the row-split products run in several
 * chunks, and 12 (sequence, head) pairs for the attention tasks of each kind (encoder, causal, cross).
 */
class EncoderDecoderThreadCountTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void everyFigureAndGradientIsTheSameOnAnyThreadCount() {
        for (TransformerShape.Placement placement : new TransformerShape.Placement[] {
            TransformerShape.Placement.PRE_NORM, TransformerShape.Placement.POST_NORM}) {
            EncoderDecoderShape shape = new EncoderDecoderShape(2, 32, 4, 48, 29, 20, 24, 3, placement,
                    TransformerShape.FeedForward.GELU_ERF);
            ParameterFiller filler = TinyStacks.generic(0.4, 9);
            EncoderDecoderResult one = EncoderDecoder.run(shape, filler, 9, Runnable::run, 1);
            for (int threads : new int[] {2, 3}) {
                EncoderDecoderResult many = EncoderDecoder.run(shape, filler, 9, pool, threads);
                assertThat(many.encoder()).as("%s on %d threads", shape, threads).isEqualTo(one.encoder());
                assertThat(many.decoder()).isEqualTo(one.decoder());
                assertThat(many.loss()).isEqualTo(one.loss());
                assertThat(many.output()).isEqualTo(one.output());
                for (String name : EncoderDecoder.shapesOf(shape).keySet()) {
                    assertThat(many.gradient(name)).as(name).isEqualTo(one.gradient(name));
                }
            }
        }
    }
}
