/**
 * Keras 3 models: {@link io.jinit.models.keras.KerasModel} reads the JSON {@code model.to_json()}
 * writes (Sequential or Functional), and {@link io.jinit.models.keras.KerasRecipe} gives the
 * variables Keras 3.15 creates for it, named by their paths, with each layer's own initializers
 * ({@link io.jinit.models.keras.UnitForgetBias} for an LSTM's bias with a unit forget bias).
 *
 * @since 0.1
 */
package io.jinit.models.keras;
