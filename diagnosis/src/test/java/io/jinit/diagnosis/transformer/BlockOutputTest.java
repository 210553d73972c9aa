package io.jinit.diagnosis.transformer;

import static io.jinit.testing.SampleMoments.std;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The block outputs a pass keeps are the stream its figures describe. */
class BlockOutputTest {

    /**
     * Each block's output has the std of the block's {@code outputStd} (the same floats, summed in
     * another order: agreement to 1e-9 of the value), and without a final norm the last block's
     * output is the last hidden state, float for float.
     */
    @Test
    void blockOutputsAreTheStreamOfTheFigures() {
        for (TransformerShape shape : List.of(
                TinyStacks.tiny(TransformerShape.Norm.LAYER_NORM, TransformerShape.Placement.PRE_NORM,
                        TransformerShape.FeedForward.GELU_TANH),
                TinyStacks.tiny(TransformerShape.Norm.RMS_NORM, TransformerShape.Placement.POST_NORM,
                        TransformerShape.FeedForward.SWIGLU))) {
            TransformerResult r = Transformer.run(TinyStacks.generic(shape, 3), 3, Runnable::run, 1);
            for (int l = 0; l < shape.layers(); l++) {
                double expected = r.figures().blocks().get(l).outputStd();
                assertThat(std(r.blockOutput(l))).as("%s block %d", shape.placement(), l)
                        .isCloseTo(expected, within(1e-9 * expected));
            }
            if (shape.placement() == TransformerShape.Placement.POST_NORM) {
                assertThat(r.blockOutput(shape.layers() - 1)).isEqualTo(r.output());
            }
            assertThatThrownBy(() -> r.blockOutput(shape.layers())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("block must be in [0, 2): 2");
        }
    }
}
