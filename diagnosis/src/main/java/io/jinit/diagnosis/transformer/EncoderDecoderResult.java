package io.jinit.diagnosis.transformer;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a forward and backward pass through an {@link EncoderDecoder} gives: the figures of every
 * block of each stack, the loss, the decoder's last hidden state and the gradient of every
 * parameter. Accessors return copies.
 *
 * @since 0.1
 */
public final class EncoderDecoderResult {
    private final List<EncoderDecoderBlockFigures> encoder;
    private final List<EncoderDecoderBlockFigures> decoder;
    private final double loss;
    private final float[][] output;
    private final Map<String, float[][]> gradients;

    EncoderDecoderResult(List<EncoderDecoderBlockFigures> encoder, List<EncoderDecoderBlockFigures> decoder,
                         double loss, float[][] output, Map<String, float[][]> gradients) {
        this.encoder = List.copyOf(encoder);
        this.decoder = List.copyOf(decoder);
        this.loss = loss;
        this.output = output;
        this.gradients = Collections.unmodifiableMap(gradients);
    }

    /**
     * The figures of the encoder's blocks.
     *
     * @return block 0 first
     */
    public List<EncoderDecoderBlockFigures> encoder() {
        return encoder;
    }

    /**
     * The figures of the decoder's blocks.
     *
     * @return block 0 first
     */
    public List<EncoderDecoderBlockFigures> decoder() {
        return decoder;
    }

    /**
     * The loss {@code Σ y ∘ R} over the decoder's last hidden state y, in double.
     *
     * @return the loss
     */
    public double loss() {
        return loss;
    }

    /**
     * The decoder's last hidden state y, on which the loss is taken.
     *
     * @return {@code batch · targetSequence} rows of the width, row-major
     */
    public float[] output() {
        return TransformerParameters.flat(output);
    }

    /**
     * The gradient of the loss with respect to a parameter.
     *
     * @param name a parameter name (see {@link EncoderDecoder})
     * @return the gradient, in the parameter's layout
     * @throws IllegalArgumentException if there is no such parameter
     */
    public float[] gradient(String name) {
        return TransformerResult.gradientOf(gradients, name);
    }
}
