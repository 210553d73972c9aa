package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.distribution.Normal;
import io.jinit.internal.Workers;
import io.jinit.random.RandomKey;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every analytic gradient against central finite differences, on tiny shapes, for the loss
 * {@code L = Σ y ∘ R} with R standard normal:
 * <pre>
 *   fd_i = (L(θ + h e_i) - L(θ - h e_i)) / 2h
 *   max_i |fd_i - g_i|  &lt;=  TOLERANCE · max_i |g_i|
 * </pre>
 * Convolution, pooling and ReLU are piecewise linear, so fd is exact for them but for rounding (the
 * inputs of max pooling are spaced 0.1 apart, more than 2h, so no perturbation changes a window's
 * choice); batch normalization is smooth, with a truncation error of order h² times its third
 * derivative. Rounding dominates at h = 1e-2: each output is float32, off by about 2<sup>-24</sup>
 * of its size, so L, a sum of S = Σ|y_k R_k| ≈ 10 to 100, is off by about
 * {@code 2^-24 · S ≈ 1e-6 to 1e-5}, and fd by that over 2h, 5e-5 to 5e-4, against largest
 * gradients of 0.2 to 9: the measured worst errors are 1e-8 to 6e-5 of the largest gradient. In the
 * basic block, an output channel of the 1x1 projection of two channels has a small variance σ², and
 * batch normalization divides it by σ, so the third derivative grows as 1/σ³ there: the truncation
 * error at h = 1e-2 is 6% of the largest gradient, so the block is checked at h = 1e-3, where
 * truncation falls a hundredfold and rounding grows tenfold (measured worst: 6.1e-4 of the largest
 * gradient). The tolerance, 2e-3 of the largest gradient, is three times the worst of these; a
 * wrong term in a backward pass (a missing mean term of batch normalization, a transposed kernel, a
 * stride error) gives errors of order 1.
 */
class GradientCheckTest {
    /** Step of the central differences. */
    private static final float STEP = 1e-2f;
    /** Step for the basic block, whose projection has a large third derivative (class comment). */
    private static final float BLOCK_STEP = 1e-3f;
    /** Largest error allowed, relative to the largest gradient (see the class comment). */
    private static final double TOLERANCE = 2e-3;
    private static final Workers ONE = new Workers(Runnable::run, 1);

    private static float[] normals(String name, int count) {
        float[] x = new float[count];
        new Normal(0, 1).fill(RandomKey.of(11).derive(name), 0, x, 0, count);
        return x;
    }

    private static ParameterSource normalSource() {
        return (name, shape) -> {
            float[] v = normals(name, shape.intSize());
            if (name.endsWith(".weight") && shape.rank() == 1) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 1 + 0.5f * v[i];
                }
            }
            return v;
        };
    }

    /** The loss Σ y ∘ R in double. */
    private static double loss(FeatureMaps y, float[] r) {
        float[] flat = y.toArray();
        double sum = 0;
        for (int i = 0; i < flat.length; i++) {
            sum += (double) flat[i] * r[i];
        }
        return sum;
    }

    /**
     * Checks the gradients of the input and of every parameter of a pass.
     *
     * @param step the step h
     * @param forward the forward pass
     * @param backward the backward pass of the last forward pass
     * @param parameters the parameters whose gradients the backward pass writes
     */
    private static void check(float step, FeatureMaps x, UnaryOperator<FeatureMaps> forward,
                              UnaryOperator<FeatureMaps> backward, List<Parameter> parameters) {
        FeatureMaps y = forward.apply(x);
        float[] r = normals("projection", (int) y.size());
        FeatureMaps dy = FeatureMaps.of(y.batch, y.channels, y.height, y.width, r);
        float[] dx = backward.apply(dy).toArray();
        float[] values = x.toArray();
        assertClose(step, "input", dx, values,
                v -> forward.apply(FeatureMaps.of(x.batch, x.channels, x.height, x.width, v)), r);
        for (Parameter p : parameters) {
            float[] gradient = p.gradient.clone();
            assertClose(step, p.name, gradient, p.values, v -> forward.apply(x), r);
        }
    }

    /** Perturbs each element of {@code values} in place (restoring it) and compares. */
    private static void assertClose(float h, String what, float[] analytic, float[] values,
                                    java.util.function.Function<float[], FeatureMaps> pass, float[] r) {
        double largest = 0;
        double worst = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            values[i] = v + h;
            double plus = loss(pass.apply(values), r);
            values[i] = v - h;
            double minus = loss(pass.apply(values), r);
            values[i] = v;
            // The step as stored: v ± h rounded to float32.
            double step = ((double) (v + h) - (double) (v - h));
            double fd = (plus - minus) / step;
            largest = Math.max(largest, Math.abs(analytic[i]));
            worst = Math.max(worst, Math.abs(fd - analytic[i]));
        }
        assertThat(largest).as(what + ": largest gradient").isGreaterThan(0.1);
        assertThat(worst / largest).as(what + ": largest error / largest gradient").isLessThan(TOLERANCE);
    }

    @Test
    void convolutionWithStrideTwoAndPadding() {
        Conv2d conv = new Conv2d("conv", 2, 3, 3, 2, 1, normalSource());
        FeatureMaps x = FeatureMaps.of(2, 2, 5, 6, normals("x", 2 * 2 * 5 * 6));
        check(STEP, x, v -> conv.forward(v, ONE), d -> conv.backward(d, ONE), conv.parameters());
    }

    @Test
    void batchNormInTrainingMode() {
        BatchNorm2d bn = new BatchNorm2d("bn", 3, normalSource());
        FeatureMaps x = FeatureMaps.of(2, 3, 3, 4, normals("x", 2 * 3 * 3 * 4));
        check(STEP, x, v -> bn.forward(v, ONE), d -> bn.backward(d, ONE), bn.parameters());
    }

    @Test
    void maxPoolOfDistinctValues() {
        MaxPool2d pool = new MaxPool2d("maxpool", 3, 2, 1);
        int count = 2 * 2 * 7 * 6;
        float[] x = new float[count];
        java.util.Random order = new java.util.Random(5);
        for (int i = 0; i < count; i++) {
            int j = order.nextInt(i + 1);
            x[i] = x[j];
            x[j] = 0.1f * (i - count / 2);
        }
        check(STEP, FeatureMaps.of(2, 2, 7, 6, x), v -> pool.forward(v, ONE), d -> pool.backward(d, ONE), List.of());
    }

    @Test
    void basicBlockWithProjection() {
        BasicBlock block = new BasicBlock("layer2.0", 2, 4, 2, true, true, normalSource());
        List<Parameter> parameters = new java.util.ArrayList<>();
        for (Layer layer : block.layers()) {
            parameters.addAll(layer.parameters());
        }
        assertThat(parameters).extracting(p -> p.name).contains("layer2.0.downsample.0.weight",
                "layer2.0.downsample.1.weight");
        FeatureMaps x = FeatureMaps.of(2, 2, 6, 6, normals("x", 2 * 2 * 6 * 6));
        check(BLOCK_STEP, x, v -> block.forward(v, ONE), d -> block.backward(d, ONE), parameters);
    }

    @Test
    void poolAndLinearHead() {
        GlobalAveragePool pool = new GlobalAveragePool("avgpool");
        Linear fc = new Linear("fc", 3, 4, normalSource());
        FeatureMaps x = FeatureMaps.of(2, 3, 3, 3, normals("x", 2 * 3 * 3 * 3));
        check(STEP, x, v -> fc.forward(pool.forward(v, ONE), ONE), d -> pool.backward(fc.backward(d, ONE), ONE),
                fc.parameters());
    }
}
