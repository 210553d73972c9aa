package io.jinit.diagnosis;

import java.util.List;

/**
 * The result of diagnosing several initializers under several activations on one network shape.
 *
 * @param widths the layer widths, input first
 * @param batch the batch size
 * @param seed the seed of the input batch, the weights and the backward projection
 * @param runs one report per (initializer, activation), activations outermost
 * @since 0.1
 */
public record Diagnosis(List<Integer> widths, int batch, long seed, List<RunReport> runs) {
    /**
     * Copies the lists.
     *
     * @param widths the layer widths, input first
     * @param batch the batch size
     * @param seed the seed of the input batch, the weights and the backward projection
     * @param runs one report per (initializer, activation), activations outermost
     */
    public Diagnosis {
        widths = List.copyOf(widths);
        runs = List.copyOf(runs);
    }
}
