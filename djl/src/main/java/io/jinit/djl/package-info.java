/**
 * jinit in the Deep Java Library (DJL): {@link io.jinit.djl.JinitInitializer}, any jinit
 * initializer as a DJL initializer under one key, and {@link io.jinit.djl.JinitBlocks}, which
 * initializes a whole block with a key per parameter from its path name, with the Keras or
 * PyTorch defaults of {@link io.jinit.djl.Preset} or any choice of initializers.
 *
 * @since 0.1
 */
package io.jinit.djl;
