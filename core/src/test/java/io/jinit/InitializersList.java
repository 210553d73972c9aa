package io.jinit;

import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every initializer of the catalogue with a shape it can serve. Must be updated with each new
 * initializer: {@link InitializerParametricTest} checks that every built-in name appears here.
 */
final class InitializersList {
    private InitializersList() {
    }

    /** A named case: an identifier, its config and a shape that exercises it. */
    record Case(String identifier, Map<String, Object> config, Shape shape) {
        Initializer create() {
            return Initializers.get(identifier, config);
        }

        @Override
        public String toString() {
            return identifier + config + " " + shape;
        }
    }

    static List<Case> cases() {
        Shape dense = Shape.of(37, 53);
        Shape conv = Shape.of(3, 3, 16, 8);
        Shape torchConv = Shape.of(8, 4, 3, 3);
        List<Case> cases = new ArrayList<>();
        for (String id : new String[] {"zeros", "ones", "constant", "identity", "random_normal", "random_uniform",
            "truncated_normal", "variance_scaling", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform",
            "lecun_normal", "lecun_uniform"}) {
            cases.add(new Case(id, Map.of("seed", 11L), id.equals("identity") || id.startsWith("c")
                    || id.equals("zeros") || id.equals("ones") ? dense : conv));
        }
        cases.set(0, new Case("zeros", Map.of(), dense));
        cases.set(1, new Case("ones", Map.of(), dense));
        cases.set(2, new Case("constant", Map.of("value", -0.25), conv));
        cases.set(3, new Case("identity", Map.of("gain", 2.0), dense));
        cases.add(new Case("variance_scaling", Map.of("scale", 0.5, "mode", "fan_avg", "distribution", "uniform",
                "seed", 3L), conv));
        cases.add(new Case("variance_scaling", Map.of("mode", "fan_out", "distribution", "untruncated_normal",
                "seed", 3L, "input_axes", List.of(0), "output_axes", List.of(1, 2)), Shape.of(32, 4, 16)));
        cases.add(new Case("uniform_", Map.of("a", -3.0, "b", 7.0, "seed", 5L), dense));
        cases.add(new Case("normal_", Map.of("mean", 1.0, "std", 0.5, "seed", 5L), dense));
        cases.add(new Case("trunc_normal_", Map.of("std", 0.02, "seed", 5L), dense));
        cases.add(new Case("trunc_normal_", Map.of("a", 2.0, "b", 3.5, "seed", 5L), dense));
        cases.add(new Case("constant_", Map.of("val", 3.0), dense));
        cases.add(new Case("ones_", Map.of(), dense));
        cases.add(new Case("zeros_", Map.of(), dense));
        cases.add(new Case("eye_", Map.of(), dense));
        cases.add(new Case("dirac_", Map.of("groups", 2L), torchConv));
        cases.add(new Case("xavier_uniform_", Map.of("gain", 2.0, "seed", 5L), torchConv));
        cases.add(new Case("xavier_normal_", Map.of("seed", 5L), torchConv));
        cases.add(new Case("kaiming_uniform_", Map.of("a", 0.2, "seed", 5L), torchConv));
        cases.add(new Case("kaiming_normal_", Map.of("mode", "fan_out", "nonlinearity", "relu", "seed", 5L),
                torchConv));
        cases.add(new Case("orthogonal", Map.of("gain", 2.0, "seed", 5L), Shape.of(3, 3, 16, 8)));
        cases.add(new Case("orthogonal_", Map.of("seed", 5L), Shape.of(8, 4, 3, 3)));
        cases.add(new Case("stft", Map.of("side", "imag", "window", "hamming", "scaling", "spectrum"),
                Shape.of(64, 1, 33)));
        cases.add(new Case("sparse_", Map.of("sparsity", 0.3, "seed", 5L), dense));
        cases.add(new Case("torch_linear_default", Map.of("seed", 5L), dense));
        cases.add(new Case("torch_linear_bias", Map.of("fan_in", 53L, "seed", 5L), Shape.of(37)));
        cases.add(new Case("torch_rnn_default", Map.of("hidden_size", 20L, "seed", 5L), Shape.of(80, 10)));
        cases.add(new Case("torch_embedding_default", Map.of("seed", 5L), dense));
        return cases;
    }

    static List<Arguments> arguments() {
        List<Arguments> args = new ArrayList<>();
        for (Case c : cases()) {
            args.add(Arguments.of(c));
        }
        return args;
    }
}
