/**
 * Files and JSON for jinit: Keras-compatible initializer configs, the model spec, and streaming
 * writers and readers of .npy, .npz and .safetensors in float32, float64, bfloat16 and float16.
 */
package io.jinit.formats;
