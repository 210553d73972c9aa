package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;

/**
 * Global average pooling ({@code torch.nn.AdaptiveAvgPool2d((1, 1))}, torchvision's
 * {@code avgpool}): {@code y[n, c] = (1/(H·W)) Σ_(i, j) x[n, c, i, j]}, summed in double in index
 * order; the backward pass spreads {@code dy[n, c] / (H·W)} over the plane.
 */
final class GlobalAveragePool extends Layer {
    private FeatureMaps input;

    GlobalAveragePool(String name) {
        super(name);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        input = x;
        FeatureMaps y = FeatureMaps.zeros(x.batch, x.channels, 1, 1);
        for (int p = 0; p < x.planes.length; p++) {
            double sum = 0;
            for (float v : x.planes[p]) {
                sum += v;
            }
            y.planes[p][0] = (float) (sum / x.area());
        }
        return y;
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        FeatureMaps dx = input.zerosLike();
        float area = input.area();
        for (int p = 0; p < dx.planes.length; p++) {
            java.util.Arrays.fill(dx.planes[p], dy.planes[p][0] / area);
        }
        return dx;
    }
}
