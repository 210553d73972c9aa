/**
 * Keras-compatible JSON configs, the model spec, and the {@code .npy}, {@code .npz} and
 * {@code .safetensors} writers and readers, all written through one atomic write path.
 *
 * @since 0.1
 */
module io.jinit.formats {
    requires transitive io.jinit.core;
    requires com.fasterxml.jackson.databind;
    // com.sun.nio.file.ExtendedOpenOption.DIRECT: large tensors are written with direct I/O where
    // the file system allows it.
    requires jdk.unsupported;

    exports io.jinit.formats;
}
