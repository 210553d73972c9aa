/**
 * jinit in the Deep Java Library: jinit initializers as DJL initializers, and whole blocks
 * initialized with a key per parameter. DJL's api jar is an automatic module
 * ({@code ai.djl.api}, from its manifest); an engine (PyTorch, for instance) is found by DJL at
 * run time and is no dependency of this module.
 *
 * @since 0.1
 */
module io.jinit.djl {
    requires transitive io.jinit.core;
    requires transitive ai.djl.api;

    exports io.jinit.djl;
}
