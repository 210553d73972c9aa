package io.jinit.diagnosis.coordinates;

/**
 * The optimizer of a coordinate check's training steps. muP's learning-rate rules differ between
 * the two ({@link Parametrization#learningRate}).
 *
 * @since 0.1
 */
public enum Optimizer {
    /** Plain stochastic gradient descent: {@code W -= lr * dW}. */
    SGD,
    /**
     * Adam (Kingma and Ba 2015) with torch's defaults, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, and
     * bias correction: {@code W -= lr * m_hat / (sqrt(v_hat) + eps)}.
     */
    ADAM
}
