package io.jinit.diagnosis.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import org.junit.jupiter.api.Test;

/** Bad arguments fail with IllegalArgumentException naming the argument and its value; overflow does not throw. */
class ArgumentErrorsTest {
    private static final TransformerShape TINY = TinyStacks.tiny(TransformerShape.Norm.LAYER_NORM,
            TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_TANH);

    private static TransformerShape shape(int layers, int width, int heads, int batch) {
        return new TransformerShape(layers, width, heads, 12, 11, 5, batch, TransformerShape.Norm.LAYER_NORM,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_TANH,
                TransformerShape.Position.LEARNED, true);
    }

    @Test
    void badShapesNameTheArgumentAndItsValue() {
        assertThatThrownBy(() -> shape(2, 8, 3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heads must divide width 8: 3");
        assertThatThrownBy(() -> shape(0, 8, 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers must be >= 1: 0");
        assertThatThrownBy(() -> shape(2, 8, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heads must be >= 1: 0");
        assertThatThrownBy(() -> shape(2, 8, 2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch must be >= 1: -1");
        assertThatThrownBy(() -> new TransformerShape(1, 8, 2, 12, 11, 5, 2, null,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_TANH,
                TransformerShape.Position.LEARNED, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("norm must not be null: null");
        assertThatThrownBy(() -> TransformerShape.llama(1, 12, 4, 16, 11, 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rotary position embedding needs an even head width: width / heads = 12 / 4 = 3");
        assertThatThrownBy(() -> TransformerShape.gpt2(1, 1 << 16, 1, 1 << 16, 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vocabulary x width must fit one array: 4294967296");
    }

    @Test
    void badBatchesNameTheArgumentAndItsValue() {
        TransformerParameters parameters = TransformerParameters.of(TINY, ParameterFiller.normal(0.02, 1));
        float[] projection = Transformer.projection(TINY, 1);
        int[] tokens = Transformer.tokens(TINY, 1);
        int[] outOfRange = tokens.clone();
        outOfRange[4] = 11;
        assertThatThrownBy(() -> Transformer.run(parameters, outOfRange, projection, Runnable::run, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tokens must be in [0, 11): 11 at index 4");
        assertThatThrownBy(() -> Transformer.run(parameters, new int[3], projection, Runnable::run, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tokens must have batch x sequence = 10 ids: 3");
        assertThatThrownBy(() -> Transformer.run(parameters, tokens, new float[7], Runnable::run, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("projection must have batch x sequence x width = 80 values: 7");
        assertThatThrownBy(() -> Transformer.run(parameters, tokens, projection, Runnable::run, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1: 0");
        assertThatThrownBy(() -> Transformer.run(parameters, tokens, projection, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("executor must not be null: null");
    }

    @Test
    void badParametersNameTheArgumentAndItsValue() {
        assertThatThrownBy(() -> TransformerParameters.of(TINY, (name, shape) -> new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filler must give 88 values for embedding.token.weight " + Shape.of(11, 8) + ": 3");
        assertThatThrownBy(() -> ParameterFiller.gpt2(0.02, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers must be >= 1: 0");
        TransformerParameters parameters = TransformerParameters.of(TINY, ParameterFiller.normal(0.02, 1));
        assertThatThrownBy(() -> parameters.values("layers.2.attention.query.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a parameter of this stack: layers.2.attention.query.weight");
        TransformerResult result = Transformer.run(parameters, 1, Runnable::run, 1);
        assertThatThrownBy(() -> result.gradient("final_norm.gain")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a parameter of this stack: final_norm.gain");
        assertThatThrownBy(() -> result.residualGradient(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block must be in [0, 2): 2");
    }

    @Test
    void badEncoderDecodersNameTheArgumentAndItsValue() {
        assertThatThrownBy(() -> new EncoderDecoderShape(2, 8, 2, 12, 11, 4, 5, 2, TransformerShape.Placement.NO_NORM,
                TransformerShape.FeedForward.GELU_ERF)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("placement must be PRE_NORM or POST_NORM: NO_NORM");
        assertThatThrownBy(() -> new EncoderDecoderShape(2, 8, 2, 12, 11, 0, 5, 2,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_ERF))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sourceSequence must be >= 1: 0");
        assertThatThrownBy(() -> new EncoderDecoderShape(2, 8, 3, 12, 11, 4, 5, 2,
                TransformerShape.Placement.PRE_NORM, TransformerShape.FeedForward.GELU_ERF))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("heads must divide width 8: 3");
        EncoderDecoderShape shape = TinyStacks.encoderDecoders().get(0);
        assertThatThrownBy(() -> EncoderDecoder.run(shape, (name, s) -> new float[3], 1, Runnable::run, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filler must give 88 values for encoder.embedding.token.weight " + Shape.of(11, 8) + ": 3");
        assertThatThrownBy(() -> EncoderDecoder.run(shape, null, 1, Runnable::run, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("filler must not be null: null");
        assertThatThrownBy(() -> EncoderDecoder.run(shape, ParameterFiller.normal(0.02, 1), 1, Runnable::run, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1: 0");
        EncoderDecoderResult result = EncoderDecoder.run(shape, ParameterFiller.normal(0.02, 1), 1, Runnable::run, 1);
        assertThatThrownBy(() -> result.gradient("decoder.layers.0.cross_attention.gate.weight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must be a parameter of this stack: decoder.layers.0.cross_attention.gate.weight");
    }

    /** Weights of std 1e30 overflow float32 in the attention logits (about 1e60): the figures say so, nothing throws. */
    @Test
    void overflowIsReportedNotThrown() {
        TransformerParameters parameters = TransformerParameters.of(TINY, ParameterFiller.normal(1e30, 1));
        TransformerFigures figures = Transformer.run(parameters, 1, Runnable::run, 1).figures();
        assertThat(figures.finite()).isFalse();
        assertThat(figures.blocks().get(0).finite()).isFalse();
        assertThat(figures.blocks().get(0).attentionLogitStd()).isNaN();
    }
}
