package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.Initializers;
import java.util.List;
import java.util.Map;

/** The Keras initializers whose JSON jinit_written.json pins and real Keras 3.15 reads back. */
final class KerasConfigCases {
    private KerasConfigCases() {
    }

    static List<Initializer> cases() {
        return List.of(
                Initializers.get("zeros"),
                Initializers.get("ones"),
                Initializers.get("constant", Map.of("value", 0.5)),
                Initializers.get("identity", Map.of("gain", 2.0)),
                Initializers.get("random_normal", Map.of("mean", 1.0, "stddev", 2.0, "seed", 42L)),
                Initializers.get("random_uniform", Map.of("minval", -1.0, "maxval", 1.0, "seed", 3L)),
                Initializers.get("truncated_normal", Map.of("mean", 0.5, "stddev", 0.1, "seed", 0L)),
                Initializers.get("variance_scaling", Map.of("scale", 2.0, "mode", "fan_out",
                        "distribution", "untruncated_normal", "seed", 3L)),
                Initializers.get("variance_scaling", Map.of("input_axes", List.of(0), "output_axes", List.of(1, 2),
                        "seed", 5L)),
                Initializers.get("glorot_uniform", Map.of("seed", 7L)),
                Initializers.get("glorot_normal", Map.of("seed", 7L)),
                Initializers.get("he_normal", Map.of("seed", 7L, "input_axes", List.of(0), "output_axes", List.of(1))),
                Initializers.get("he_uniform", Map.of("seed", 8L)),
                Initializers.get("lecun_normal", Map.of("seed", 9L)),
                Initializers.get("lecun_uniform", Map.of("seed", 10L)),
                Initializers.get("orthogonal", Map.of("gain", 2.5, "seed", 11L)),
                Initializers.get("stft", Map.of("side", "imag", "window", "hamming", "scaling", "spectrum",
                        "periodic", true)),
                Initializers.get("stft", Map.of("window", List.of(1.0, 2.0, 3.0))));
    }
}
