package io.jinit.models.keras;

import java.util.List;

/**
 * One variable a Keras layer's {@code build} creates: its path ({@code variable.path} of the model
 * {@code keras.models.model_from_json} builds), its shape, the initializer config the layer gives
 * it, and what Keras adds to that initializer.
 *
 * @param path the variable's path, e.g. {@code lstm/lstm_cell/kernel}
 * @param shape the shape
 * @param initializer the initializer config as the layer's JSON gives it: a Keras dict or an identifier
 * @param fanAxes for an {@code EinsumDense} kernel, the kernel's input and output axes that
 *     Keras gives a variance-scaling initializer whose config names none; null otherwise
 * @param forgetGateUnits for an LSTM bias with {@code unit_forget_bias}, the units
 *     ({@link UnitForgetBias}); 0 otherwise
 * @param dtype the variable's dtype, the layer's dtype policy's variable dtype (e.g. {@code float32})
 */
record KerasVariable(String path, List<Long> shape, Object initializer, FanAxes fanAxes, long forgetGateUnits,
        String dtype) {

    /**
     * A variable whose initializer is the layer's config as it is.
     *
     * @param path the path
     * @param shape the shape
     * @param initializer the initializer config
     * @param dtype the dtype
     * @return the variable
     */
    static KerasVariable of(String path, List<Long> shape, Object initializer, String dtype) {
        return new KerasVariable(path, shape, initializer, null, 0, dtype);
    }

    /**
     * The input and output axes of an {@code EinsumDense} kernel.
     *
     * @param input the kernel axes of input units
     * @param output the kernel axes of output units
     */
    record FanAxes(List<Integer> input, List<Integer> output) {
    }
}
