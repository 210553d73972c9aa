package io.jinit.shape;

import java.util.List;

/**
 * How fans are read from a shape. Every convention is explicit, because the frameworks lay
 * weights out differently: Keras and JAX kernels are {@code (..., in, out)}, PyTorch weights are
 * {@code (out, in, ...)}.
 *
 * @since 0.1
 */
public sealed interface FanConvention
        permits FanConvention.Keras, FanConvention.Torch, FanConvention.KerasAxes, FanConvention.JaxAxes {

    /**
     * Keras {@code compute_fans}: shape {@code (k..., in, out)}, receptive field = product of the
     * leading dims. Rank 0 gives {@code (1, 1)}, rank 1 {@code (n, n)}, rank 2 {@code (d0, d1)}.
     */
    FanConvention KERAS = new Keras();

    /**
     * PyTorch {@code _calculate_fan_in_and_fan_out}: shape {@code (out, in, k...)}, receptive field
     * = product of {@code dims[2..]}; {@code fan_in = in * rf}, {@code fan_out = out * rf}.
     * Rank below 2 is an error.
     */
    FanConvention TORCH = new Torch();

    /**
     * Computes the fans of a shape.
     *
     * @param shape the weight shape
     * @return its fans
     * @throws IllegalArgumentException if this convention cannot serve the shape
     */
    Fans fans(Shape shape);

    /**
     * Keras 3.15 {@code input_axes}/{@code output_axes}: {@code fan_in} is the product of the
     * input axes' dims and {@code fan_out} of the output axes' dims, with no receptive field.
     * Negative axes count from the end.
     *
     * @param inputAxes the input axes
     * @param outputAxes the output axes
     * @return the convention
     * @throws IllegalArgumentException if either list is null
     */
    static FanConvention kerasAxes(List<Integer> inputAxes, List<Integer> outputAxes) {
        return new KerasAxes(inputAxes, outputAxes);
    }

    /**
     * JAX {@code in_axis/out_axis/batch_axis}: the receptive field is every element not on a
     * named axis, {@code rf = size / (in * out * batch)}; {@code fan_in = in * rf},
     * {@code fan_out = out * rf}.
     *
     * @param inAxes the input axes ({@code [-2]} in JAX's default)
     * @param outAxes the output axes ({@code [-1]} in JAX's default)
     * @param batchAxes the batch axes, often empty
     * @return the convention
     */
    static FanConvention jaxAxes(List<Integer> inAxes, List<Integer> outAxes, List<Integer> batchAxes) {
        return new JaxAxes(inAxes, outAxes, batchAxes);
    }

    /** Keras's default convention; see {@link #KERAS}. */
    record Keras() implements FanConvention {
        @Override
        public Fans fans(Shape shape) {
            switch (shape.rank()) {
                case 0:
                    return new Fans(1, 1);
                case 1:
                    return new Fans(shape.dim(0), shape.dim(0));
                default:
                    long receptive = shape.product(0, shape.rank() - 2);
                    return new Fans((double) shape.dim(-2) * receptive, (double) shape.dim(-1) * receptive);
            }
        }

        @Override
        public String toString() {
            return "KERAS";
        }
    }

    /** PyTorch's convention; see {@link #TORCH}. */
    record Torch() implements FanConvention {
        @Override
        public Fans fans(Shape shape) {
            if (shape.rank() < 2) {
                throw new IllegalArgumentException(
                        "shape must have at least 2 dimensions for fans under the TORCH convention: " + shape);
            }
            long receptive = shape.product(2, shape.rank());
            return new Fans((double) shape.dim(1) * receptive, (double) shape.dim(0) * receptive);
        }

        @Override
        public String toString() {
            return "TORCH";
        }
    }

    /**
     * Keras's explicit axes; see {@link #kerasAxes}.
     *
     * @param inputAxes the input axes
     * @param outputAxes the output axes
     */
    record KerasAxes(List<Integer> inputAxes, List<Integer> outputAxes) implements FanConvention {
        /**
         * Copies and validates the axis lists.
         *
         * @param inputAxes the input axes
         * @param outputAxes the output axes
         */
        public KerasAxes {
            inputAxes = Axes.copy("input_axes", inputAxes);
            outputAxes = Axes.copy("output_axes", outputAxes);
        }

        @Override
        public Fans fans(Shape shape) {
            return new Fans(Axes.product(shape, inputAxes), Axes.product(shape, outputAxes));
        }

        @Override
        public String toString() {
            return "KerasAxes[input_axes=" + inputAxes + ", output_axes=" + outputAxes + "]";
        }
    }

    /**
     * JAX's explicit axes; see {@link #jaxAxes}.
     *
     * @param inAxes the input axes
     * @param outAxes the output axes
     * @param batchAxes the batch axes
     */
    record JaxAxes(List<Integer> inAxes, List<Integer> outAxes, List<Integer> batchAxes) implements FanConvention {
        /**
         * Copies and validates the axis lists.
         *
         * @param inAxes the input axes ({@code [-2]} in JAX's default)
         * @param outAxes the output axes ({@code [-1]} in JAX's default)
         * @param batchAxes the batch axes, often empty
         */
        public JaxAxes {
            inAxes = Axes.copy("in_axis", inAxes);
            outAxes = Axes.copy("out_axis", outAxes);
            batchAxes = Axes.copy("batch_axis", batchAxes);
        }

        @Override
        public Fans fans(Shape shape) {
            double in = Axes.product(shape, inAxes);
            double out = Axes.product(shape, outAxes);
            double batch = Axes.product(shape, batchAxes);
            double receptive = shape.size() / in / out / batch;
            return new Fans(in * receptive, out * receptive);
        }

        @Override
        public String toString() {
            return "JaxAxes[in_axis=" + inAxes + ", out_axis=" + outAxes + ", batch_axis=" + batchAxes + "]";
        }
    }
}
