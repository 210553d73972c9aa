package io.jinit.diagnosis.transformer;

import io.jinit.internal.Workers;
import java.util.Map;
import java.util.function.Function;

/**
 * One sublayer on the residual stream, forward and backward: a branch f and its norm N, placed as
 * the stack says, with alpha the factor on the skip path (1 but under DeepNorm, Wang et al. 2022):
 * <pre>
 *   pre-norm:   y = alpha x + f(N(x))
 *   post-norm:  y = N(alpha x + f(x))
 *   no norm:    y = alpha x + f(x)
 *   backward:   dx = alpha ds + (df/dz)^T ds, through N where it stands (ds the gradient of the sum)
 * </pre>
 * A sublayer named {@code n} under the prefix {@code p} reads its norm from {@code p + n + "_norm"}
 * and its linear maps from {@code p + n + ".query"}, {@code p + n + ".up"} and so on; a bias that the
 * parameters lack is not there (Llama). It keeps what its backward pass needs, so each instance runs
 * one forward pass and then one backward pass.
 */
abstract class Sublayer {
    private final Function<String, float[][]> parameters;
    private final String name;
    private final TransformerShape.Norm norm;
    private final boolean preNorm;
    private final boolean postNorm;
    private final float alpha;
    /** Runs the row-split products and the per-row work. */
    final Workers workers;

    // Set by forward: the branch's input (N(x) for pre-norm, x otherwise), the norm's x̂ and 1/σ,
    // and the ratio of the branch to the skip path.
    private float[][] input;
    private float[][] normalized;
    private double[] rstd;
    private double ratio;

    /**
     * @param parameters a parameter's rows by name; null if the stack has no such parameter
     * @param name the sublayer's name with its prefix, e.g. {@code layers.3.attention}
     * @param norm the norm's kind
     * @param placement where the norm stands
     * @param alpha the factor on the skip path
     */
    Sublayer(Function<String, float[][]> parameters, String name, TransformerShape.Norm norm,
             TransformerShape.Placement placement, float alpha, Workers workers) {
        this.parameters = parameters;
        this.name = name;
        this.norm = norm;
        this.preNorm = placement == TransformerShape.Placement.PRE_NORM;
        this.postNorm = placement == TransformerShape.Placement.POST_NORM;
        this.alpha = alpha;
        this.workers = workers;
    }

    /** f of the branch's input, new rows of the width. */
    abstract float[][] branch(float[][] z);

    /** The gradient of the branch's input from that of its output, putting the branch's parameter gradients. */
    abstract float[][] branchBackward(float[][] dBranch, Map<String, float[][]> gradients);

    /**
     * The sublayer's output for input x (not modified).
     *
     * @param x rows of the width
     * @return new rows of the width
     */
    final float[][] forward(float[][] x) {
        int rows = x.length;
        int d = x[0].length;
        normalized = new float[rows][d];
        rstd = new double[rows];
        if (preNorm) {
            input = new float[rows][d];
            norm(x, input);
        } else {
            input = x;
        }
        float[][] sum = branch(input);
        ratio = Moments.norm(sum) / (alpha * Moments.norm(x));
        addSkip(sum, x);
        if (!postNorm) {
            return sum;
        }
        float[][] y = new float[rows][d];
        norm(sum, y);
        return y;
    }

    /**
     * The gradient of the sublayer's input, putting the gradients of its parameters.
     *
     * @param dy the gradient of the output; may be overwritten
     * @param gradients parameter name to gradient rows
     * @return the gradient of the input
     */
    final float[][] backward(float[][] dy, Map<String, float[][]> gradients) {
        float[][] dSum = postNorm ? normBackward(dy, gradients) : dy;
        float[][] dx = branchBackward(dSum, gradients);
        if (preNorm) {
            dx = normBackward(dx, gradients);
        }
        addSkip(dx, dSum);
        return dx;
    }

    /** The ratio ||f(.)|| / ||alpha x|| of the branch to the stream it is added to. */
    final double ratio() {
        return ratio;
    }

    /** The branch's input of the last forward pass. */
    final float[][] input() {
        return input;
    }

    /**
     * {@code branch += alpha · skip}: the sum of a sublayer forward, and the gradient of a
     * sublayer's input backward (branch gradient plus alpha times that of the sum). With alpha 1 it
     * is a plain sum: multiplying by 1 is exact.
     */
    private void addSkip(float[][] branch, float[][] skip) {
        Linear.addScaledInto(branch, alpha, skip, workers);
    }

    private void norm(float[][] x, float[][] y) {
        Norm.forward(norm, x, vector(name + "_norm.weight"), vector(name + "_norm.bias"), normalized, y, rstd, workers);
    }

    private float[][] normBackward(float[][] dy, Map<String, float[][]> gradients) {
        return normBackward(norm, parameters, name + "_norm", dy, normalized, rstd, gradients, workers);
    }

    /** {@code z W^T + b} of the linear map {@code name + "." + map}, new rows of {@code out} values. */
    final float[][] linear(String map, float[][] z, int out) {
        float[][] y = new float[z.length][out];
        Linear.forward(z, parameters.apply(name + "." + map + ".weight"), vector(name + "." + map + ".bias"), y,
                workers);
        return y;
    }

    /** The gradient of the linear map's input, putting those of its weight and bias. */
    final float[][] linearBackward(String map, float[][] dy, float[][] z, Map<String, float[][]> gradients) {
        String weight = name + "." + map + ".weight";
        gradients.put(weight, Linear.weightGradient(dy, z, workers));
        if (parameters.apply(name + "." + map + ".bias") != null) {
            gradients.put(name + "." + map + ".bias", Linear.biasGradient(dy));
        }
        return Linear.inputGradient(dy, parameters.apply(weight), workers);
    }

    private float[] vector(String parameter) {
        float[][] rows = parameters.apply(parameter);
        return rows == null ? null : rows[0];
    }

    /** The backward pass of the norm {@code name}, putting its gradients into {@code gradients}. */
    static float[][] normBackward(TransformerShape.Norm kind, Function<String, float[][]> parameters, String name,
                                  float[][] dy, float[][] normalized, double[] rstd,
                                  Map<String, float[][]> gradients, Workers workers) {
        float[] weight = parameters.apply(name + ".weight")[0];
        float[][] dw = new float[1][weight.length];
        float[][] db = kind == TransformerShape.Norm.LAYER_NORM ? new float[1][weight.length] : null;
        gradients.put(name + ".weight", dw);
        if (db != null) {
            gradients.put(name + ".bias", db);
        }
        return Norm.backward(kind, dy, normalized, rstd, weight, dw[0], db == null ? null : db[0], workers);
    }
}
