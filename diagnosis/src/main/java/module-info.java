/**
 * Propagates a batch through a deep network under an initialization and tells whether
 * activations and gradients vanish, explode or die; LSUV.
 *
 * @since 0.1
 */
module io.jinit.diagnosis {
    requires transitive io.jinit.core;

    exports io.jinit.diagnosis;
    exports io.jinit.diagnosis.convolution;
    exports io.jinit.diagnosis.coordinates;
    exports io.jinit.diagnosis.transformer;
}
