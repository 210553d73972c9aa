package io.jinit.diagnosis.coordinates;

/**
 * How the initial variance and the learning rate of each weight depend on the width, after
 * Table 3 of Yang et al. 2021 ("Tensor Programs V"), for an MLP whose input and output widths are
 * fixed and whose hidden width n grows from a base width n0, with r = n / n0:
 *
 * <pre>
 *                       input weights      hidden weights     output weights
 *   initial variance    1/fan_in           1/fan_in           SP 1/fan_in,  muP n0/fan_in^2
 *   SGD learning rate   SP lr, muP lr*r    lr                 SP lr,        muP lr/r
 *   Adam learning rate  lr                 SP lr, muP lr/r    SP lr,        muP lr/r
 * </pre>
 * where fan_in is n for the hidden and output weights. The table's rules are up to constant
 * factors, which are chosen so that both parametrizations are the same network at the base width
 * (as the {@code mup} package does with its base shapes). Under muP the change of every layer's
 * activations after a step stays of the same size as the width grows; under the standard
 * parametrization (SP) the output's change grows like n, and the hidden layers' like sqrt(n) (SGD)
 * or n (Adam), which is why the best learning rate of a small model does not carry over to a wide
 * one.
 *
 * @since 0.1
 */
public enum Parametrization {
    /** PyTorch's and Keras's usual practice: every weight N(0, 1/fan_in), one learning rate. */
    STANDARD,
    /** The maximal-update parametrization, muP. */
    MUP;

    /** What a weight does in the MLP, which decides its rule. */
    public enum Role {
        /** From the fixed-width input to the first hidden layer. */
        INPUT,
        /** Between two hidden layers. */
        HIDDEN,
        /** From the last hidden layer to the fixed-width output. */
        OUTPUT
    }

    /**
     * The standard deviation of the weight's initial normal distribution.
     *
     * @param role what the weight does
     * @param fanIn its input width
     * @param baseWidth the hidden width n0 at which both parametrizations agree
     * @return {@code 1/sqrt(fan_in)}, or {@code sqrt(n0)/fan_in} for muP's output weights
     */
    public double initialStd(Role role, int fanIn, int baseWidth) {
        return this == MUP && role == Role.OUTPUT ? Math.sqrt(baseWidth) / fanIn : 1.0 / Math.sqrt(fanIn);
    }

    /**
     * The weight's learning rate.
     *
     * @param role what the weight does
     * @param base the learning rate of every weight under the standard parametrization
     * @param width the hidden width n
     * @param baseWidth the hidden width n0 at which both parametrizations agree
     * @param optimizer the optimizer
     * @return {@code base}, or muP's multiple of it
     */
    public double learningRate(Role role, double base, int width, int baseWidth, Optimizer optimizer) {
        if (this == STANDARD) {
            return base;
        }
        double r = (double) width / baseWidth;
        return switch (role) {
            case INPUT -> optimizer == Optimizer.SGD ? base * r : base;
            case HIDDEN -> optimizer == Optimizer.SGD ? base : base / r;
            case OUTPUT -> base / r;
        };
    }
}
