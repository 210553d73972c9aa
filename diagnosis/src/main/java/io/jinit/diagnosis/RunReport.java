package io.jinit.diagnosis;

import java.util.List;

/**
 * One network (initializer x activation) pushed forward and backward.
 *
 * @param initializer the initializer's name as the user gave it, e.g. {@code "he_normal"} or {@code "std=0.01"}
 * @param activation the activation's name, e.g. {@code "relu"} or {@code "leaky_relu(0.2)"}
 * @param inputStd standard deviation of the input batch
 * @param layers per-layer figures, layer 1 first
 * @param verdict the verdict of the run: the first non-healthy verdict in {@link Verdict} order
 *     among its layers, or HEALTHY
 * @param reason one sentence explaining the verdict with the figure that decided it
 * @param recommendation the recommended initializer for the activation, with the reason
 * @param firstLayer histogram of the first layer's activations
 * @param middleLayer histogram of the middle layer's activations
 * @param lastLayer histogram of the last layer's activations
 * @since 0.1
 */
public record RunReport(String initializer, String activation, double inputStd, List<LayerReport> layers,
                        Verdict verdict, String reason, String recommendation, Histogram firstLayer,
                        Histogram middleLayer, Histogram lastLayer) {
    /**
     * Copies the layer list.
     *
     * @param initializer the initializer's name as the user gave it, e.g. {@code "he_normal"} or {@code "std=0.01"}
     * @param activation the activation's name, e.g. {@code "relu"} or {@code "leaky_relu(0.2)"}
     * @param inputStd standard deviation of the input batch
     * @param layers per-layer figures, layer 1 first
     * @param verdict the verdict of the run: the first non-healthy verdict in {@link Verdict} order
     *     among its layers, or HEALTHY
     * @param reason one sentence explaining the verdict with the figure that decided it
     * @param recommendation the recommended initializer for the activation, with the reason
     * @param firstLayer histogram of the first layer's activations
     * @param middleLayer histogram of the middle layer's activations
     * @param lastLayer histogram of the last layer's activations
     */
    public RunReport {
        layers = List.copyOf(layers);
    }
}
