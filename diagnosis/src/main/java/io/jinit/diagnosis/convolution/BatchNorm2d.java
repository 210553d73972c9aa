package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;
import io.jinit.shape.Shape;
import java.util.List;

/**
 * Batch normalization in training mode ({@code torch.nn.BatchNorm2d(C)} in {@code train()}), from
 * Ioffe and Szegedy (2015), <a href="https://arxiv.org/abs/1502.03167">Batch Normalization</a>,
 * ICML: per channel c, over the {@code M = N·H·W} values of the batch,
 * <pre>
 *   μ_c = (1/M) Σ x,   σ²_c = (1/M) Σ (x - μ_c)²        (biased, as torch normalizes)
 *   x̂ = (x - μ_c) / sqrt(σ²_c + ε),   ε = 1e-5
 *   y = γ_c x̂ + β_c
 * </pre>
 * and the backward pass through the batch statistics,
 * <pre>
 *   dβ_c = Σ dy,   dγ_c = Σ dy · x̂
 *   dx = γ_c / sqrt(σ²_c + ε) · (dy - dβ_c / M - x̂ · dγ_c / M)
 * </pre>
 * Statistics and x̂ are computed in double; each channel is reduced by one thread, image by image
 * and in plane order, so the values do not depend on the thread count. The running averages that
 * torch updates in training mode do not enter the outputs and are not kept.
 */
final class BatchNorm2d extends Layer {
    /** torch's default ε. */
    static final double EPSILON = 1e-5;

    final int channels;
    final Parameter weight;
    final Parameter bias;
    private FeatureMaps input;
    private double[] mean;
    private double[] inverseStd;

    BatchNorm2d(String name, int channels, ParameterSource source) {
        super(name);
        this.channels = Checks.positive("channels", channels);
        this.weight = new Parameter(name + ".weight", Shape.of(channels), source);
        this.bias = new Parameter(name + ".bias", Shape.of(channels), source);
    }

    @Override
    List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        if (x.channels != channels) {
            throw new IllegalArgumentException(name + " takes " + channels + " channels: " + x.channels);
        }
        input = x;
        mean = new double[channels];
        inverseStd = new double[channels];
        double count = (double) x.batch * x.area();
        FeatureMaps y = x.zerosLike();
        workers.forRange(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sum = 0;
                for (int n = 0; n < x.batch; n++) {
                    for (float v : x.planes[n * channels + c]) {
                        sum += v;
                    }
                }
                double mu = sum / count;
                double squares = 0;
                for (int n = 0; n < x.batch; n++) {
                    for (float v : x.planes[n * channels + c]) {
                        squares += (v - mu) * (v - mu);
                    }
                }
                double inv = 1 / Math.sqrt(squares / count + EPSILON);
                mean[c] = mu;
                inverseStd[c] = inv;
                double gamma = weight.values[c];
                double beta = bias.values[c];
                for (int n = 0; n < x.batch; n++) {
                    float[] from = x.planes[n * channels + c];
                    float[] to = y.planes[n * channels + c];
                    for (int i = 0; i < from.length; i++) {
                        to[i] = (float) (gamma * ((from[i] - mu) * inv) + beta);
                    }
                }
            }
        });
        return y;
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        FeatureMaps x = input;
        double count = (double) x.batch * x.area();
        FeatureMaps dx = x.zerosLike();
        workers.forRange(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double mu = mean[c];
                double inv = inverseStd[c];
                double dBeta = 0;
                double dGamma = 0;
                for (int n = 0; n < x.batch; n++) {
                    float[] g = dy.planes[n * channels + c];
                    float[] v = x.planes[n * channels + c];
                    for (int i = 0; i < g.length; i++) {
                        dBeta += g[i];
                        dGamma += g[i] * ((v[i] - mu) * inv);
                    }
                }
                weight.gradient[c] = (float) dGamma;
                bias.gradient[c] = (float) dBeta;
                double scale = weight.values[c] * inv;
                double meanGradient = dBeta / count;
                double meanProjection = dGamma / count;
                for (int n = 0; n < x.batch; n++) {
                    float[] g = dy.planes[n * channels + c];
                    float[] v = x.planes[n * channels + c];
                    float[] to = dx.planes[n * channels + c];
                    for (int i = 0; i < g.length; i++) {
                        double normalized = (v[i] - mu) * inv;
                        to[i] = (float) (scale * (g[i] - meanGradient - normalized * meanProjection));
                    }
                }
            }
        });
        return dx;
    }
}
