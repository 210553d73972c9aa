/**
 * Files and JSON for jinit: Keras-compatible initializer configs, the model spec, and streaming
 * writers and readers of .npy, .npz and .safetensors in float32, float64, bfloat16 and float16.
 *
 * <p>Writers: {@link io.jinit.formats.NpyWriter}, {@link io.jinit.formats.NpzWriter},
 * {@link io.jinit.formats.SafetensorsWriter}, fed by {@link io.jinit.formats.TensorSource}s such
 * as {@link io.jinit.formats.InitializedTensor}; they stream in bounded memory and replace the
 * destination atomically. Reader: {@link io.jinit.formats.TensorFiles}. Element types and their
 * value paths: {@link io.jinit.formats.DType}, {@link io.jinit.formats.HalfFloats}.
 */
package io.jinit.formats;
