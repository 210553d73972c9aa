/**
 * Files and JSON for jinit: Keras-compatible initializer configs, the model spec, and streaming
 * writers and readers of .npy, .npz and .safetensors in float32, float64, bfloat16 and float16.
 *
 * <p>Writing: {@link io.jinit.formats.TensorFiles#write} picks the writer by the file's extension
 * ({@link io.jinit.formats.TensorFormat}: {@link io.jinit.formats.SafetensorsWriter},
 * {@link io.jinit.formats.NpzWriter}, {@link io.jinit.formats.NpyWriter}), fed by
 * {@link io.jinit.formats.TensorSource}s such as a {@link io.jinit.formats.ModelSpec}'s
 * {@link io.jinit.formats.InitializedTensor}s; the writers stream in bounded memory and replace
 * the destination atomically. Reading: {@link io.jinit.formats.TensorFiles}. Element types and
 * their value paths: {@link io.jinit.formats.DType}, and core's {@link io.jinit.HalfFloats} for
 * the 16-bit ones.
 */
package io.jinit.formats;
