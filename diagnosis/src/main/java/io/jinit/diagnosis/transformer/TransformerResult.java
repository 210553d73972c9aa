package io.jinit.diagnosis.transformer;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a forward and backward pass through a transformer gives: its figures, the output of every
 * block, the last hidden state, the gradient of every parameter and the gradient of the residual
 * stream entering every block. Accessors return copies.
 *
 * @since 0.1
 */
public final class TransformerResult {
    private final TransformerFigures figures;
    private final float[][] output;
    private final Map<String, float[][]> gradients;
    private final List<float[][]> residualGradients;
    private final List<float[][]> blockOutputs;

    TransformerResult(TransformerFigures figures, float[][] output, Map<String, float[][]> gradients,
                      List<float[][]> residualGradients, List<float[][]> blockOutputs) {
        this.figures = figures;
        this.output = output;
        this.gradients = Collections.unmodifiableMap(gradients);
        this.residualGradients = List.copyOf(residualGradients);
        this.blockOutputs = List.copyOf(blockOutputs);
    }

    /**
     * The figures of the pass.
     *
     * @return the figures
     */
    public TransformerFigures figures() {
        return figures;
    }

    /**
     * The last hidden state y, on which the loss is taken.
     *
     * @return {@code batch · sequence} rows of the width, row-major, token {@code b · sequence + t}
     */
    public float[] output() {
        return TransformerParameters.flat(output);
    }

    /**
     * The gradient of the loss with respect to a parameter.
     *
     * @param name a parameter name (see {@link TransformerParameters})
     * @return the gradient, in the parameter's layout
     * @throws IllegalArgumentException if there is no such parameter
     */
    public float[] gradient(String name) {
        return gradientOf(gradients, name);
    }

    /**
     * The gradient of the loss with respect to the residual stream entering a block; block 0's is
     * the gradient of the embedded tokens.
     *
     * @param block the block, from 0
     * @return {@code batch · sequence} rows of the width, row-major
     * @throws IllegalArgumentException if there is no such block
     */
    public float[] residualGradient(int block) {
        if (block < 0 || block >= residualGradients.size()) {
            throw new IllegalArgumentException("block must be in [0, " + residualGradients.size() + "): " + block);
        }
        return TransformerParameters.flat(residualGradients.get(block));
    }

    /**
     * The residual stream leaving a block: {@code x_(l+1) = block_l(x_l)}; the last block's is the
     * last hidden state but for the final norm of a pre-norm stack.
     *
     * @param block the block, from 0
     * @return {@code batch · sequence} rows of the width, row-major
     * @throws IllegalArgumentException if there is no such block
     */
    public float[] blockOutput(int block) {
        if (block < 0 || block >= blockOutputs.size()) {
            throw new IllegalArgumentException("block must be in [0, " + blockOutputs.size() + "): " + block);
        }
        return TransformerParameters.flat(blockOutputs.get(block));
    }

    /** A parameter's gradient from a pass's map, flat; a name the map lacks is refused. */
    static float[] gradientOf(Map<String, float[][]> gradients, String name) {
        float[][] g = gradients.get(name);
        if (g == null) {
            throw new IllegalArgumentException("name must be a parameter of this stack: " + name);
        }
        return TransformerParameters.flat(g);
    }
}
