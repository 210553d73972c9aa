package io.jinit.diagnosis.transformer;

import io.jinit.Initializers;
import java.util.Map;
import java.util.function.Function;

/**
 * An initialization scheme of a transformer stack: the values of its parameters and, for the
 * schemes that are defined together with a change of the forward pass, that change. DeepNorm trains
 * a post-norm stack with scaled skip paths, T-Fixup a stack without norms, muP divides the attention
 * logits by a multiple of the head width; a diagnosis of such a scheme on a stack without its change
 * would judge a network nobody trains.
 *
 * <p>Use: {@code TransformerShape s = recipe.adapt(shape); TransformerParameters.of(s, recipe.filler(s, seed))},
 * again for every depth diagnosed, since the depth-dependent constants of a scheme follow the
 * depth of the stack it is given.
 *
 * @since 0.1
 */
public interface TransformerRecipe {

    /**
     * The stack this scheme trains, from the stack it is asked about: the same shape for schemes
     * that only give values.
     *
     * @param shape the stack asked about
     * @return the stack to fill and run
     */
    TransformerShape adapt(TransformerShape shape);

    /**
     * The values of the parameters of an adapted stack.
     *
     * @param adapted a stack returned by {@link #adapt}
     * @param seed the seed of the parameter keys
     * @return the filler
     */
    ParameterFiller filler(TransformerShape adapted, long seed);

    /**
     * A scheme that gives values only.
     *
     * @param filler the filler of a stack and seed
     * @return the recipe
     * @throws IllegalArgumentException if filler is null
     */
    static TransformerRecipe values(FillerFactory filler) {
        if (filler == null) {
            throw new IllegalArgumentException("filler must not be null: null");
        }
        return of(Function.identity(), filler);
    }

    /**
     * DeepNorm (Wang et al. 2022, "DeepNet: Scaling Transformers to 1,000 Layers", Fig. 2, the
     * decoder-only column): a post-norm stack whose sublayers compute {@code LN(alpha x + f(x))}
     * with {@code alpha = (2N)^(1/4)}; the feed-forward, value and attention output weights
     * {@code xavier_normal_} with gain {@code beta = (8N)^(-1/4)}, the query and key weights with
     * gain 1. The scheme leaves the embeddings to the model: they are N(0, sigma²) here; biases 0,
     * norm weights 1.
     *
     * @param embeddingSigma the standard deviation of the embeddings, finite and &gt;= 0
     * @return the recipe
     * @throws IllegalArgumentException if embeddingSigma is negative or not finite
     */
    static TransformerRecipe deepNorm(double embeddingSigma) {
        checkSigma("embeddingSigma", embeddingSigma);
        return of(shape -> shape.withPlacement(TransformerShape.Placement.POST_NORM)
                        .withResidualScale(Math.pow(2.0 * shape.layers(), 0.25)),
                (shape, seed) -> {
                    double beta = Math.pow(8.0 * shape.layers(), -0.25);
                    ParameterFiller embeddings = ParameterFiller.normal(embeddingSigma, seed);
                    ParameterFiller unit = xavier("xavier_normal_", 1.0, seed);
                    ParameterFiller scaled = xavier("xavier_normal_", beta, seed);
                    return (name, s) -> name.startsWith("embedding.") ? embeddings.values(name, s)
                            : isQueryOrKey(name) ? unit.values(name, s) : scaled.values(name, s);
                });
    }

    /**
     * T-Fixup for a decoder (Huang et al. 2020, "Improving Transformer Optimization Through Better
     * Initialization", Sec. 3.3): no norms; every weight {@code xavier_uniform_}, the input
     * embeddings N(0, 1/d); then the value and attention output weights, the feed-forward weights
     * and the input embeddings (token and learned position) scaled by {@code (9N)^(-1/4)}, as the
     * paper's decoder rule. Biases 0.
     *
     * @return the recipe
     */
    static TransformerRecipe tFixup() {
        return of(shape -> shape.withPlacement(TransformerShape.Placement.NO_NORM),
                (shape, seed) -> {
                    double scale = Math.pow(9.0 * shape.layers(), -0.25);
                    ParameterFiller embeddings = ParameterFiller.normal(scale / Math.sqrt(shape.width()), seed);
                    ParameterFiller unit = xavier("xavier_uniform_", 1.0, seed);
                    ParameterFiller scaled = xavier("xavier_uniform_", scale, seed);
                    return (name, s) -> name.startsWith("embedding.") ? embeddings.values(name, s)
                            : isQueryOrKey(name) ? unit.values(name, s) : scaled.values(name, s);
                });
    }

    /**
     * The maximal update parametrization at initialization (Yang et al. 2022, "Tensor Programs V",
     * Table 3 and Appendix D.2, as the {@code mup} package's {@code normal_} and its GPT-2 example):
     * relative to a base stack of width {@code baseWidth}, where it equals transformers' N(0, sigma²),
     * every hidden weight (attention and feed-forward) is N(0, sigma² · baseWidth / width), its
     * variance falling as 1/fan_in; the embeddings keep N(0, sigma²); the query weights start at 0,
     * so attention starts uniform; the logits are divided by {@code d_head / sqrt(d_head_base)}, which
     * equals {@code sqrt(d_head)} at the base width and grows as d_head, not its square root. The
     * stack has no readout layer, whose muP scaling therefore does not enter.
     *
     * @param sigma the standard deviation at the base width, finite and &gt;= 0
     * @param baseWidth the base width, &gt;= 1
     * @return the recipe; its {@link #adapt} refuses a stack whose head count does not divide
     *     {@code baseWidth}
     * @throws IllegalArgumentException if sigma is negative or not finite, or baseWidth is below 1
     */
    static TransformerRecipe mup(double sigma, int baseWidth) {
        checkSigma("sigma", sigma);
        if (baseWidth < 1) {
            throw new IllegalArgumentException("baseWidth must be >= 1: " + baseWidth);
        }
        return of(shape -> {
            if (baseWidth % shape.heads() != 0) {
                throw new IllegalArgumentException("baseWidth must be a multiple of the " + shape.heads()
                        + " heads: " + baseWidth);
            }
            // sqrt(d_head at n0) · (d_head / d_head at n0) = d_head / sqrt(d_head at n0), written so that it
            // is sqrt(d_head) to the last bit at the base width
            double baseHeadWidth = (double) baseWidth / shape.heads();
            return shape.withAttentionDivisor(Math.sqrt(baseHeadWidth) * (shape.headWidth() / baseHeadWidth));
        }, (shape, seed) -> {
            ParameterFiller embeddings = ParameterFiller.normal(sigma, seed);
            ParameterFiller hidden = ParameterFiller.normal(sigma * Math.sqrt((double) baseWidth / shape.width()), seed);
            return (name, s) -> {
                if (name.endsWith(".attention.query.weight")) {
                    return new float[s.intSize()];
                }
                return name.startsWith("embedding.") ? embeddings.values(name, s) : hidden.values(name, s);
            };
        });
    }

    /** A filler made from the adapted stack and the seed. */
    @FunctionalInterface
    interface FillerFactory {
        /**
         * The filler.
         *
         * @param adapted the stack to fill
         * @param seed the seed of the parameter keys
         * @return the filler
         */
        ParameterFiller filler(TransformerShape adapted, long seed);
    }

    private static TransformerRecipe of(Function<TransformerShape, TransformerShape> adapt, FillerFactory filler) {
        return new TransformerRecipe() {
            @Override
            public TransformerShape adapt(TransformerShape shape) {
                if (shape == null) {
                    throw new IllegalArgumentException("shape must not be null: null");
                }
                return adapt.apply(shape);
            }

            @Override
            public ParameterFiller filler(TransformerShape adapted, long seed) {
                if (adapted == null) {
                    throw new IllegalArgumentException("adapted must not be null: null");
                }
                return filler.filler(adapted, seed);
            }
        };
    }

    /** torch's {@code xavier_uniform_} or {@code xavier_normal_} with a gain, for every matrix. */
    private static ParameterFiller xavier(String initializer, double gain, long seed) {
        return ParameterFiller.withInitializer(Initializers.get(initializer, Map.of("gain", gain)), seed);
    }

    private static void checkSigma(String name, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + sigma);
        }
    }

    private static boolean isQueryOrKey(String name) {
        return name.endsWith(".attention.query.weight") || name.endsWith(".attention.key.weight");
    }
}
