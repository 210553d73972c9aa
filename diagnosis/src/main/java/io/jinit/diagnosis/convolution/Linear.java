package io.jinit.diagnosis.convolution;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.internal.Workers;
import io.jinit.shape.Shape;
import java.util.List;

/**
 * A fully connected layer on {@code (N, F, 1, 1)} maps ({@code torch.nn.Linear(F, out)},
 * torchvision's {@code fc}): {@code y = x W^T + b} with the weight in PyTorch's layout
 * {@code (out, F)}. Products by {@link Matmul}; the backward pass is
 * <pre>
 *   dW = dY^T x,   db = Σ_n dY[n],   dx = dY W
 * </pre>
 * with db summed in double, image by image.
 */
final class Linear extends Layer {
    final int in;
    final int out;
    final Parameter weight;
    final Parameter bias;
    private float[][] input;

    Linear(String name, int in, int out, ParameterSource source) {
        super(name);
        this.in = Checks.positive("in", in);
        this.out = Checks.positive("out", out);
        this.weight = new Parameter(name + ".weight", Shape.of(out, in), source);
        this.bias = new Parameter(name + ".bias", Shape.of(out), source);
    }

    @Override
    List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        if (x.channels * x.area() != in) {
            throw new IllegalArgumentException(name + " takes " + in + " features: " + x.channels * x.area());
        }
        input = Matmul.rows(x.toArray(), x.batch, in);
        float[][] transposed = Matmul.transpose(Matmul.rows(weight.values, out, in), in);
        float[][] rows = new float[x.batch][out];
        Matmul.multiply(input, transposed, rows, in, out, 0, x.batch);
        for (float[] row : rows) {
            for (int o = 0; o < out; o++) {
                row[o] += bias.values[o];
            }
        }
        return FeatureMaps.of(x.batch, out, 1, 1, Matmul.flat(rows, out));
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        int batch = input.length;
        float[][] dRows = Matmul.rows(dy.toArray(), batch, out);
        float[][] dTransposed = new float[in][out];
        Matmul.multiplyTransposed(input, dRows, dTransposed, batch, out, 0, in);
        for (int f = 0; f < in; f++) {
            for (int o = 0; o < out; o++) {
                weight.gradient[o * in + f] = dTransposed[f][o];
            }
        }
        for (int o = 0; o < out; o++) {
            double sum = 0;
            for (float[] row : dRows) {
                sum += row[o];
            }
            bias.gradient[o] = (float) sum;
        }
        float[][] dx = new float[batch][in];
        Matmul.multiply(dRows, Matmul.rows(weight.values, out, in), dx, out, in, 0, batch);
        return FeatureMaps.of(batch, in, 1, 1, Matmul.flat(dx, in));
    }
}
