package io.jinit.cli;

import io.jinit.compat.Recommendation;
import io.jinit.compat.WeightInits;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jinit recommend}: the initialization an activation wants, and why. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "Recommend an initializer for an activation: relu, leaky_relu, elu, gelu, swish, silu, mish, "
                + "softplus, tanh, sigmoid, softmax, selu, linear.")
final class RecommendCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACTIVATION", description = "The activation, any case.")
    private String activation;

    @Override
    public void run() {
        Recommendation r = WeightInits.recommend(activation);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("activation:   %s%n", r.activation());
        out.printf("initializer:  %s  (variance = %s / fan_%s)%n", r.initializer(), trim(r.scale()),
                r.method().mode().configName().replace("fan_", ""));
        out.printf("WeightInits:  %s%n", r.method().weightInitsMethod());
        out.printf("why:          %s%n", r.reason());
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
