package io.jinit.diagnosis.convolution;

import io.jinit.internal.Workers;

/**
 * {@code y = max(x, 0)}, NaN kept as torch's {@code relu} keeps it. The backward pass is torch's
 * {@code threshold_backward(dy, y, 0)}: {@code dx = y <= 0 ? 0 : dy}, so the derivative at 0 is 0
 * and a NaN output passes its gradient on.
 */
final class Relu extends Layer {
    private FeatureMaps output;

    Relu(String name) {
        super(name);
    }

    @Override
    FeatureMaps apply(FeatureMaps x, Workers workers) {
        FeatureMaps y = x.zerosLike();
        workers.forRange(y.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float[] from = x.planes[p];
                float[] to = y.planes[p];
                for (int i = 0; i < from.length; i++) {
                    to[i] = Math.max(from[i], 0.0f);
                }
            }
        });
        output = y;
        return y;
    }

    @Override
    FeatureMaps gradient(FeatureMaps dy, Workers workers) {
        FeatureMaps y = output;
        FeatureMaps dx = y.zerosLike();
        workers.forRange(dx.planes.length, FeatureMaps.PLANE_GRAIN, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                float[] g = dy.planes[p];
                float[] v = y.planes[p];
                float[] to = dx.planes[p];
                for (int i = 0; i < g.length; i++) {
                    to[i] = v[i] <= 0 ? 0.0f : g[i];
                }
            }
        });
        return dx;
    }
}
