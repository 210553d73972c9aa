/**
 * jinit's core: initializers, fan conventions, the Philox4x32-10 stream, the registry, and the
 * NumPy-compatible layer API. It uses the JDK's base module, and reads the JIT's vector flags
 * through {@code jdk.management} where that module is present (to pick the faster of two
 * equivalent Philox kernels).
 *
 * <p>{@code io.jinit.internal} holds argument checks, numerical kernels and the worker pool that
 * the exported packages share; it is no API, and only the diagnosis module, which propagates
 * batches with the same kernels, may read it.
 *
 * @since 0.1
 */
module io.jinit.core {
    requires static jdk.management;

    exports io.jinit;
    exports io.jinit.catalogue;
    exports io.jinit.compat;
    exports io.jinit.distribution;
    exports io.jinit.init;
    exports io.jinit.random;
    exports io.jinit.shape;

    exports io.jinit.internal to io.jinit.diagnosis;
}
