package io.jinit.compat;

/**
 * The initialization {@link WeightInits#recommend} gives for an activation, and why.
 *
 * @param activation the activation, lower case as looked up (e.g. {@code "silu"})
 * @param method the {@link WeightInits} method, which {@link WeightInits#smartInit} applies
 * @param initializer the Keras identifier of the same variance ({@code "he_normal"},
 *     {@code "glorot_normal"}, {@code "lecun_normal"}); Keras truncates these at 2σ, {@link WeightInits}
 *     does not
 * @param scale the variance scale: σ² = scale / n with n the method's {@link InitMethod#mode() fan}
 * @param reason why, in a sentence or two
 * @since 0.1
 */
public record Recommendation(String activation, InitMethod method, String initializer, double scale, String reason) {
}
