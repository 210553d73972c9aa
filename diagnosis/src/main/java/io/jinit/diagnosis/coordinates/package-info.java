/**
 * muP's coordinate check on MLPs: how the size of every layer's activations, and of their change
 * after a few optimizer steps, moves with the width of the network under the standard
 * parametrization and under the maximal-update parametrization (Yang et al. 2021, "Tensor Programs
 * V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer", Table 3 and Section 6).
 *
 * <pre>{@code
 * CoordinateCheck.Result r = CoordinateCheck.run(CoordinateCheck.Spec.defaults(List.of(256, 512, 1024, 2048)),
 *         Runnable::run, 1);
 * r.slopes();   // log-log slope of each layer's update size against width, per parametrization
 * }</pre>
 */
package io.jinit.diagnosis.coordinates;
