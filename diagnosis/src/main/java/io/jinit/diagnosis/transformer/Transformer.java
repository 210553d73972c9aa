package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One forward and one backward pass of a batch of token ids through a transformer stack, and the
 * figures of each block.
 * <pre>
 *   x_0[b, t] = E_token[id[b, t]] + E_position[t]          (no position term without learned positions)
 *   x_(l+1)   = block_l(x_l)                                l = 0 .. N-1   (see the blocks' formulas below)
 *   y         = FinalNorm(x_N) for pre-norm,  x_N for post-norm and without norms
 *   loss      = Σ_(b,t,u) y[b,t,u] R[b,t,u]                  R standard normal, batch · sequence x width
 * </pre>
 * {@code pre-norm: x + A(N1(x)), then + F(N2(.))}; {@code post-norm: N1(x + A(x)), then N2(. + F(.))};
 * without norms {@code x + A(x)}, then {@code + F(.)}; the skip terms x are scaled by the shape's residual
 * scale where it is not 1 (DeepNorm).
 *
 * <p>The loss is that of {@code jinit diagnose}'s multilayer perceptrons: a fixed unit-variance
 * random projection of the last hidden state, so the backward pass starts from {@code dL/dy = R},
 * a gradient of the same size in every unit of every token that assumes no task. Cross-entropy over
 * a vocabulary head would start it from {@code softmax - onehot}, which at initialization is nearly
 * the same for every token (the logits are small and the softmax nearly uniform) and would add a
 * {@code vocabulary x width} product to every pass; the questions asked of an initialization (does
 * the stream grow with depth, does the gradient reach the first blocks) are about the stack, which
 * the projection exercises without it.
 *
 * <p>Activations and products are float32 ({@link Matmul}); softmax is float with the row maximum
 * subtracted; norm statistics are double (see {@code Norm}); figures are double, summed in a fixed
 * order. Every float of every result is therefore the same on any thread count.
 *
 * <p>All random values derive from one seed when {@link #run(TransformerParameters, long, Executor, int)}
 * draws them: token ids uniform on {@code [0, vocabulary)} under {@code RandomKey.of(seed).derive("tokens")}
 * and R under {@code RandomKey.of(seed).derive("projection")}.
 *
 * @since 0.1
 */
public final class Transformer {
    private Transformer() {
    }

    /**
     * The token ids of a batch drawn from a seed.
     *
     * @param shape the stack and batch
     * @param seed the seed
     * @return {@code batch · sequence} ids in {@code [0, vocabulary)}, token {@code b · sequence + t}
     */
    public static int[] tokens(TransformerShape shape, long seed) {
        double[] u = new double[shape.tokens()];
        new Uniform(0, shape.vocabulary()).fill(RandomKey.of(seed).derive("tokens"), 0, u, 0, u.length);
        int[] ids = new int[u.length];
        for (int i = 0; i < u.length; i++) {
            ids[i] = (int) u[i];
        }
        return ids;
    }

    /**
     * The projection R of the loss drawn from a seed: standard normals.
     *
     * @param shape the stack and batch
     * @param seed the seed
     * @return {@code batch · sequence · width} values, row-major
     */
    public static float[] projection(TransformerShape shape, long seed) {
        float[] r = new float[shape.tokens() * shape.width()];
        new Normal(0, 1).fill(RandomKey.of(seed).derive("projection"), 0, r, 0, r.length);
        return r;
    }

    /**
     * A pass on the token ids and projection drawn from a seed.
     *
     * @param parameters the stack's parameters
     * @param seed the seed of the tokens and the projection
     * @param executor runs the work of the threads other than the caller
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     * @return the result
     * @throws IllegalArgumentException if an argument is null or threads is below 1
     */
    public static TransformerResult run(TransformerParameters parameters, long seed, Executor executor, int threads) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters must not be null: null");
        }
        TransformerShape shape = parameters.shape();
        return run(parameters, tokens(shape, seed), projection(shape, seed), executor, threads);
    }

    /**
     * A pass on given token ids and projection.
     *
     * @param parameters the stack's parameters
     * @param tokens {@code batch · sequence} ids in {@code [0, vocabulary)}; not modified
     * @param projection R, {@code batch · sequence · width} values, row-major; not modified
     * @param executor runs the work of the threads other than the caller
     * @param threads how many threads work at once, counting the caller, &gt;= 1
     * @return the result
     * @throws IllegalArgumentException naming the argument if one is null, has the wrong length, an id
     *     is out of range or threads is below 1
     */
    public static TransformerResult run(TransformerParameters parameters, int[] tokens, float[] projection,
                                        Executor executor, int threads) {
        if (parameters == null) {
            throw new IllegalArgumentException("parameters must not be null: null");
        }
        TransformerShape shape = parameters.shape();
        checkTokens(tokens, shape);
        if (projection == null || projection.length != shape.tokens() * shape.width()) {
            throw new IllegalArgumentException("projection must have batch x sequence x width = "
                    + shape.tokens() * shape.width() + " values: " + (projection == null ? null : projection.length));
        }
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        return pass(parameters, tokens, Matmul.rows(projection, shape.tokens(), shape.width()),
                new Workers(executor, threads));
    }

    private static void checkTokens(int[] tokens, TransformerShape shape) {
        if (tokens == null || tokens.length != shape.tokens()) {
            throw new IllegalArgumentException("tokens must have batch x sequence = " + shape.tokens() + " ids: "
                    + (tokens == null ? null : tokens.length));
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= shape.vocabulary()) {
                throw new IllegalArgumentException("tokens must be in [0, " + shape.vocabulary() + "): " + tokens[i]
                        + " at index " + i);
            }
        }
    }

    private static TransformerResult pass(TransformerParameters parameters, int[] tokens, float[][] projection,
                                          Workers workers) {
        TransformerShape shape = parameters.shape();
        int n = shape.layers();
        int d = shape.width();
        boolean preNorm = shape.placement() == TransformerShape.Placement.PRE_NORM;
        float[][] tokenEmbedding = parameters.rows("embedding.token.weight");
        float[][] positionEmbedding = parameters.rows("embedding.position.weight");
        float[][] x = Embedding.forward(tokenEmbedding, positionEmbedding, tokens, shape.sequence());
        double embeddingStd = Moments.std(x);
        Block[] blocks = new Block[n];
        double[] inputStd = new double[n];
        double[] outputStd = new double[n];
        // Block.forward returns new rows and no later step writes into them, so they are kept as they are.
        float[][][] blockOutputs = new float[n][][];
        for (int l = 0; l < n; l++) {
            blocks[l] = new Block(parameters, l, workers);
            inputStd[l] = l == 0 ? embeddingStd : outputStd[l - 1];
            x = blocks[l].forward(x);
            blockOutputs[l] = x;
            outputStd[l] = Moments.std(x);
        }
        Map<String, float[][]> gradients = new LinkedHashMap<>();
        float[][] y = x;
        float[][] finalNormalized = null;
        double[] finalRstd = null;
        if (preNorm) {
            y = new float[x.length][d];
            finalNormalized = new float[x.length][d];
            finalRstd = new double[x.length];
            Norm.forward(shape.norm(), x, parameters.vector("final_norm.weight"), parameters.vector("final_norm.bias"),
                    finalNormalized, y, finalRstd, workers);
        }
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < d; j++) {
                loss += (double) y[i][j] * projection[i][j];
            }
        }
        float[][] dx = preNorm
                ? Sublayer.normBackward(shape.norm(), parameters::rows, "final_norm", projection, finalNormalized,
                        finalRstd, gradients, workers)
                : copy(projection);
        float[][][] residualGradients = new float[n][][];
        for (int l = n - 1; l >= 0; l--) {
            dx = blocks[l].backward(dx, gradients);
            residualGradients[l] = copy(dx);
        }
        embeddingGradients(shape, tokens, dx, gradients);
        List<BlockFigures> figures = new ArrayList<>();
        boolean finite = Double.isFinite(embeddingStd) && Double.isFinite(loss);
        for (int l = 0; l < n; l++) {
            BlockFigures f = blockFigures(l, blocks[l], inputStd[l], outputStd[l], residualGradients[l], gradients);
            figures.add(f);
            finite &= allFinite(f);
        }
        double embeddingGradientNorm = Moments.groupNorm(gradients,
                List.of("embedding.token.weight", "embedding.position.weight"));
        double finalNormGradientNorm = Moments.groupNorm(gradients, List.of("final_norm.weight", "final_norm.bias"));
        double outStd = Moments.std(y);
        finite &= Double.isFinite(outStd) && Double.isFinite(embeddingGradientNorm)
                && Double.isFinite(finalNormGradientNorm);
        Map<String, float[][]> ordered = new LinkedHashMap<>();
        for (String name : parameters.names()) {
            ordered.put(name, gradients.get(name));
        }
        return new TransformerResult(new TransformerFigures(embeddingStd, figures, outStd, loss,
                embeddingGradientNorm, finalNormGradientNorm, finite), y, ordered, Arrays.asList(residualGradients),
                Arrays.asList(blockOutputs));
    }

    /** The embeddings' gradients: rows of dx added to the rows they came from, in token order. */
    private static void embeddingGradients(TransformerShape shape, int[] tokens, float[][] dx,
                                           Map<String, float[][]> gradients) {
        float[][][] d = Embedding.backward(dx, tokens, shape.vocabulary(), shape.sequence(),
                shape.position() == TransformerShape.Position.LEARNED);
        gradients.put("embedding.token.weight", d[0]);
        if (d[1] != null) {
            gradients.put("embedding.position.weight", d[1]);
        }
    }

    private static BlockFigures blockFigures(int l, Block block, double inputStd, double outputStd,
                                             float[][] residualGradient, Map<String, float[][]> gradients) {
        String p = "layers." + l + ".";
        List<String> attention = new ArrayList<>();
        for (String m : List.of("query", "key", "value", "output")) {
            attention.add(p + "attention." + m + ".weight");
            attention.add(p + "attention." + m + ".bias");
        }
        List<String> feedForward = new ArrayList<>();
        for (String m : List.of("gate", "up", "down")) {
            feedForward.add(p + "feed_forward." + m + ".weight");
            feedForward.add(p + "feed_forward." + m + ".bias");
        }
        List<String> norms = List.of(p + "attention_norm.weight", p + "attention_norm.bias",
                p + "feed_forward_norm.weight", p + "feed_forward_norm.bias");
        Attention.Statistics s = block.attentionStatistics();
        double gradientNorm = Moments.norm(residualGradient);
        return new BlockFigures(l, inputStd, outputStd, block.attentionRatio(), block.feedForwardRatio(),
                s.logitStd(), s.meanEntropy(), s.minHeadEntropy(), gradientNorm,
                Moments.groupNorm(gradients, attention), Moments.groupNorm(gradients, feedForward),
                Moments.groupNorm(gradients, norms), Double.isFinite(outputStd) && Double.isFinite(gradientNorm));
    }

    private static boolean allFinite(BlockFigures f) {
        double[] values = {f.inputStd(), f.outputStd(), f.attentionBranchRatio(), f.feedForwardBranchRatio(),
            f.attentionLogitStd(), f.attentionEntropy(), f.minHeadAttentionEntropy(), f.residualGradientNorm(),
            f.attentionGradientNorm(), f.feedForwardGradientNorm(), f.normGradientNorm()};
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
