/**
 * The float32 kernels the diagnosis engines share: matrix products whose every element is computed
 * by the same sequence of float operations on any thread count. Not exported: the engines of
 * {@code io.jinit.diagnosis} and its sub-packages use them.
 */
package io.jinit.diagnosis.kernel;
