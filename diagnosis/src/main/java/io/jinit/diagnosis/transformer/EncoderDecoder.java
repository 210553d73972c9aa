package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * One forward and one backward pass of a batch of sentence pairs through an encoder-decoder
 * transformer (Vaswani et al. 2017, Fig. 1), and the figures of each block of both stacks.
 * <pre>
 *   x_0 = E^enc_token[src] + E^enc_position        e_(l+1) = Enc_l(e_l)     M = FinalNorm_enc(e_N) pre-norm, e_N post-norm
 *   y_0 = E^dec_token[tgt] + E^dec_position        y_(l+1) = Dec_l(y_l, M)  y = FinalNorm_dec(y_N) pre-norm, y_N post-norm
 *   Enc_l:  self-attention without a mask, then feed-forward
 *   Dec_l:  causal self-attention, then cross-attention (queries from y, keys and values from M), then feed-forward
 *   loss = Σ_(b,t,u) y[b,t,u] R[b,t,u]              R standard normal, batch · targetSequence x width
 * </pre>
 * Each sublayer is placed on its stream as {@link Sublayer} says: {@code x + f(N(x))} pre-norm
 * (Xiong et al. 2020's Pre-LN), {@code N(x + f(x))} post-norm (the original). The backward pass
 * sums into {@code dL/dM} the key and value gradients of every decoder block's cross-attention,
 * last block first, and carries that sum back through the encoder.
 *
 * <p>The parameters, in PyTorch's layout ({@code *} a block from 0, {@code s} one of {@code encoder}
 * and {@code decoder}):
 * <pre>
 *   s.embedding.token.weight                   (vocabulary, width)
 *   s.embedding.position.weight                (sourceSequence or targetSequence, width)
 *   s.layers.*.attention_norm.weight, .bias    (width)
 *   s.layers.*.attention.query.weight          (width, width)   and .key, .value, .output; each with a .bias (width)
 *   decoder.layers.*.cross_attention_norm.weight, .bias
 *   decoder.layers.*.cross_attention.query.weight                and .key, .value, .output; each with a .bias
 *   s.layers.*.feed_forward_norm.weight, .bias
 *   s.layers.*.feed_forward.up.weight          (feedForwardWidth, width), .gate (SwiGLU), .down (width, feedForwardWidth)
 *   s.layers.*.feed_forward.{gate,up,down}.bias
 *   s.final_norm.weight, .bias                 pre-norm only
 * </pre>
 *
 * <p>Precision and order are those of {@link Transformer}: float activations and products,
 * attention one (sequence, head) pair per task, norm statistics and figures in double in a fixed
 * order. Every float of every result is the same on any thread count.
 *
 * <p>The batch derives from one seed: source and target ids uniform on {@code [0, vocabulary)} under
 * {@code RandomKey.of(seed).derive("source tokens")} and {@code derive("target tokens")}, R standard
 * normal under {@code derive("projection")}.
 *
 * @since 0.1
 */
public final class EncoderDecoder {
    private static final TransformerShape.Norm NORM = TransformerShape.Norm.LAYER_NORM;

    private EncoderDecoder() {
    }

    /**
     * A pass on the batch drawn from a seed, with parameters from a filler.
     *
     * @param shape the encoder-decoder and its batch
     * @param filler gives each parameter's values from its name and shape
     * @param seed the seed of the tokens and the projection
     * @param executor runs the work of the threads other than the caller
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     * @return the result
     * @throws IllegalArgumentException naming the argument if one is null, threads is below 1 or the
     *     filler gives the wrong number of values
     */
    public static EncoderDecoderResult run(EncoderDecoderShape shape, ParameterFiller filler, long seed,
                                           Executor executor, int threads) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null: null");
        }
        if (filler == null) {
            throw new IllegalArgumentException("filler must not be null: null");
        }
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return pass(shape, parameters(shape, filler), tokens(shape, seed, true), tokens(shape, seed, false),
                projection(shape, seed), new Workers(executor, threads));
    }

    /** The ids of the source ({@code source}) or target side drawn from a seed, token {@code b · T + t}. */
    static int[] tokens(EncoderDecoderShape shape, long seed, boolean source) {
        double[] u = new double[shape.batch() * (source ? shape.sourceSequence() : shape.targetSequence())];
        new Uniform(0, shape.vocabulary()).fill(RandomKey.of(seed).derive(source ? "source tokens" : "target tokens"),
                0, u, 0, u.length);
        int[] ids = new int[u.length];
        for (int i = 0; i < u.length; i++) {
            ids[i] = (int) u[i];
        }
        return ids;
    }

    /** R drawn from a seed: a standard normal per value of the decoder's output. */
    static float[][] projection(EncoderDecoderShape shape, long seed) {
        int rows = shape.batch() * shape.targetSequence();
        float[] r = new float[rows * shape.width()];
        new Normal(0, 1).fill(RandomKey.of(seed).derive("projection"), 0, r, 0, r.length);
        return Matmul.rows(r, rows, shape.width());
    }

    /** The names and shapes of the parameters, in the order of the class comment. */
    static Map<String, Shape> shapesOf(EncoderDecoderShape t) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        int d = t.width();
        for (String side : List.of("encoder", "decoder")) {
            shapes.put(side + ".embedding.token.weight", Shape.of(t.vocabulary(), d));
            shapes.put(side + ".embedding.position.weight",
                    Shape.of(side.equals("encoder") ? t.sourceSequence() : t.targetSequence(), d));
            List<String> attentions = side.equals("encoder") ? List.of("attention")
                    : List.of("attention", "cross_attention");
            for (int l = 0; l < t.layers(); l++) {
                String p = side + ".layers." + l + ".";
                for (String attention : attentions) {
                    norm(shapes, d, p + attention + "_norm");
                    for (String m : List.of("query", "key", "value", "output")) {
                        linear(shapes, p + attention + "." + m, d, d);
                    }
                }
                norm(shapes, d, p + "feed_forward_norm");
                if (t.feedForward() == TransformerShape.FeedForward.SWIGLU) {
                    linear(shapes, p + "feed_forward.gate", t.feedForwardWidth(), d);
                }
                linear(shapes, p + "feed_forward.up", t.feedForwardWidth(), d);
                linear(shapes, p + "feed_forward.down", d, t.feedForwardWidth());
            }
            if (t.placement() == TransformerShape.Placement.PRE_NORM) {
                norm(shapes, d, side + ".final_norm");
            }
        }
        return shapes;
    }

    private static void norm(Map<String, Shape> shapes, int width, String name) {
        shapes.put(name + ".weight", Shape.of(width));
        shapes.put(name + ".bias", Shape.of(width));
    }

    private static void linear(Map<String, Shape> shapes, String name, int out, int in) {
        shapes.put(name + ".weight", Shape.of(out, in));
        shapes.put(name + ".bias", Shape.of(out));
    }

    /**
     * Every parameter filled by the filler, as rows of its last dimension.
     *
     * @throws IllegalArgumentException if the filler gives the wrong number of values
     */
    static Map<String, float[][]> parameters(EncoderDecoderShape shape, ParameterFiller filler) {
        Map<String, float[][]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapesOf(shape).entrySet()) {
            Shape s = e.getValue();
            float[] flat = filler.values(e.getKey(), s);
            if (flat == null || flat.length != s.size()) {
                throw new IllegalArgumentException("filler must give " + s.size() + " values for " + e.getKey() + " "
                        + s + ": " + (flat == null ? null : flat.length));
            }
            values.put(e.getKey(), TransformerParameters.rows(flat, s));
        }
        return values;
    }

    /** A LayerNorm's output with its x̂ and 1/σ, kept for the backward pass. */
    private record NormOutput(float[][] y, float[][] normalized, double[] rstd) {
        static NormOutput of(Function<String, float[][]> parameters, String name, float[][] x, Workers workers) {
            int d = x[0].length;
            NormOutput n = new NormOutput(new float[x.length][d], new float[x.length][d], new double[x.length]);
            Norm.forward(NORM, x, parameters.apply(name + ".weight")[0], parameters.apply(name + ".bias")[0],
                    n.normalized, n.y, n.rstd, workers);
            return n;
        }

        float[][] backward(Function<String, float[][]> parameters, String name, float[][] dy,
                           Map<String, float[][]> gradients, Workers workers) {
            return Sublayer.normBackward(NORM, parameters, name, dy, normalized, rstd, gradients, workers);
        }
    }

    /**
     * The pass on given parameters (read, not modified), ids and projection.
     *
     * @param parameters every parameter of {@link #shapesOf}, as rows
     * @param source {@code batch · sourceSequence} ids in {@code [0, vocabulary)}
     * @param target {@code batch · targetSequence} ids in {@code [0, vocabulary)}
     * @param projection R, a row per target token
     */
    static EncoderDecoderResult pass(EncoderDecoderShape shape, Map<String, float[][]> parameters, int[] source,
                                     int[] target, float[][] projection, Workers workers) {
        Function<String, float[][]> rows = parameters::get;
        int n = shape.layers();
        boolean preNorm = shape.placement() == TransformerShape.Placement.PRE_NORM;
        Attention.Layout encoderSelf = Attention.Layout.self(shape.batch(), shape.sourceSequence(), shape.heads(),
                shape.headWidth(), shape.attentionDivisor(), false);
        Attention.Layout decoderSelf = Attention.Layout.self(shape.batch(), shape.targetSequence(), shape.heads(),
                shape.headWidth(), shape.attentionDivisor(), true);
        Attention.Layout cross = new Attention.Layout(shape.batch(), shape.targetSequence(), shape.sourceSequence(),
                shape.heads(), shape.headWidth(), shape.attentionDivisor(), false);

        float[][] x = Embedding.forward(rows.apply("encoder.embedding.token.weight"),
                rows.apply("encoder.embedding.position.weight"), source, shape.sourceSequence());
        Sublayer[][] encoder = new Sublayer[n][];
        double[] encoderStd = new double[n];
        for (int l = 0; l < n; l++) {
            String p = "encoder.layers." + l + ".";
            encoder[l] = new Sublayer[] {
                AttentionSublayer.self(rows, p + "attention", NORM, shape.placement(), 1f, encoderSelf, false, workers),
                feedForward(shape, rows, p, workers)};
            x = forward(encoder[l], x);
            encoderStd[l] = Moments.std(x);
        }
        NormOutput encoderNorm = preNorm ? NormOutput.of(rows, "encoder.final_norm", x, workers) : null;
        float[][] memory = preNorm ? encoderNorm.y() : x;
        float[][] memoryGradient = new float[memory.length][shape.width()];

        float[][] y = Embedding.forward(rows.apply("decoder.embedding.token.weight"),
                rows.apply("decoder.embedding.position.weight"), target, shape.targetSequence());
        Sublayer[][] decoder = new Sublayer[n][];
        double[] decoderStd = new double[n];
        for (int l = 0; l < n; l++) {
            String p = "decoder.layers." + l + ".";
            decoder[l] = new Sublayer[] {
                AttentionSublayer.self(rows, p + "attention", NORM, shape.placement(), 1f, decoderSelf, false, workers),
                AttentionSublayer.cross(rows, p + "cross_attention", NORM, shape.placement(), cross, memory,
                        memoryGradient, workers),
                feedForward(shape, rows, p, workers)};
            y = forward(decoder[l], y);
            decoderStd[l] = Moments.std(y);
        }
        NormOutput decoderNorm = preNorm ? NormOutput.of(rows, "decoder.final_norm", y, workers) : null;
        float[][] output = preNorm ? decoderNorm.y() : y;
        double loss = 0;
        for (int i = 0; i < output.length; i++) {
            for (int j = 0; j < shape.width(); j++) {
                loss += (double) output[i][j] * projection[i][j];
            }
        }

        Map<String, float[][]> gradients = new LinkedHashMap<>();
        float[][] dy = preNorm ? decoderNorm.backward(rows, "decoder.final_norm", projection, gradients, workers)
                : copy(projection);
        double[] decoderGradient = new double[n];
        for (int l = n - 1; l >= 0; l--) {
            dy = backward(decoder[l], dy, gradients);
            decoderGradient[l] = Moments.norm(dy);
        }
        embeddingGradients("decoder", dy, target, shape.vocabulary(), shape.targetSequence(), gradients);
        float[][] dx = preNorm ? encoderNorm.backward(rows, "encoder.final_norm", memoryGradient, gradients, workers)
                : memoryGradient;
        double[] encoderGradient = new double[n];
        for (int l = n - 1; l >= 0; l--) {
            dx = backward(encoder[l], dx, gradients);
            encoderGradient[l] = Moments.norm(dx);
        }
        embeddingGradients("encoder", dx, source, shape.vocabulary(), shape.sourceSequence(), gradients);

        Map<String, float[][]> ordered = new LinkedHashMap<>();
        for (String name : parameters.keySet()) {
            ordered.put(name, gradients.get(name));
        }
        return new EncoderDecoderResult(figures("encoder", encoder, encoderStd, encoderGradient, gradients),
                figures("decoder", decoder, decoderStd, decoderGradient, gradients), loss, output, ordered);
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    private static FeedForwardSublayer feedForward(EncoderDecoderShape shape, Function<String, float[][]> rows,
                                                   String prefix, Workers workers) {
        return new FeedForwardSublayer(rows, prefix + "feed_forward", NORM, shape.placement(), 1f,
                shape.feedForward(), shape.feedForwardWidth(), workers);
    }

    private static float[][] forward(Sublayer[] block, float[][] x) {
        float[][] y = x;
        for (Sublayer s : block) {
            y = s.forward(y);
        }
        return y;
    }

    private static float[][] backward(Sublayer[] block, float[][] dy, Map<String, float[][]> gradients) {
        float[][] dx = dy;
        for (int i = block.length - 1; i >= 0; i--) {
            dx = block[i].backward(dx, gradients);
        }
        return dx;
    }

    private static void embeddingGradients(String side, float[][] dx, int[] ids, int vocabulary, int sequence,
                                           Map<String, float[][]> gradients) {
        float[][][] d = Embedding.backward(dx, ids, vocabulary, sequence, true);
        gradients.put(side + ".embedding.token.weight", d[0]);
        gradients.put(side + ".embedding.position.weight", d[1]);
    }

    /** The figures of each block of a stack whose blocks are self-attention, [cross-attention,] feed-forward. */
    private static List<EncoderDecoderBlockFigures> figures(String side, Sublayer[][] blocks, double[] outputStd,
                                                            double[] inputGradient, Map<String, float[][]> gradients) {
        List<EncoderDecoderBlockFigures> figures = new ArrayList<>();
        for (int l = 0; l < outputStd.length; l++) {
            String p = side + ".layers." + l + ".";
            Sublayer[] block = blocks[l];
            figures.add(new EncoderDecoderBlockFigures(l, outputStd[l], block[0].ratio(),
                    block.length == 3 ? block[1].ratio() : 0, block[block.length - 1].ratio(), inputGradient[l],
                    Moments.norm(gradients.get(p + "feed_forward.down.weight")),
                    Moments.groupNorm(gradients, group(p + "attention.", List.of("query", "key", "value", "output"))),
                    Moments.groupNorm(gradients, group(p + "cross_attention.",
                            List.of("query", "key", "value", "output"))),
                    Moments.groupNorm(gradients, group(p + "feed_forward.", List.of("gate", "up", "down")))));
        }
        return figures;
    }

    /** The weight and bias names of the maps under a prefix. */
    private static List<String> group(String prefix, List<String> maps) {
        List<String> names = new ArrayList<>();
        for (String m : maps) {
            names.add(prefix + m + ".weight");
            names.add(prefix + m + ".bias");
        }
        return names;
    }
}
