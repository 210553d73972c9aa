package io.jinit.cli;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.Catalogue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jinit list}: every initializer, its aliases, parameters and defaults. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List every initializer with its aliases, module, parameters and defaults.")
final class ListCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    /**
     * The parameters without a default, each with a value that lets the entry be built so that the
     * defaults of its other parameters can be shown; the list prints them as {@code required}.
     */
    private static final Map<String, Map<String, Object>> REQUIRED = Map.of(
            "constant_", Map.of("val", 0.0),
            "sparse_", Map.of("sparsity", 0.1),
            "torch_linear_bias", Map.of("fan_in", 1L),
            "torch_rnn_default", Map.of("hidden_size", 1L));
    /** Keras's abstract base class: an identifier that names no values. */
    private static final String ABSTRACT_BASE = "Initializer";

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, List<String>> names = new LinkedHashMap<>();
        Catalogue.identifiers().forEach((id, className) ->
                names.computeIfAbsent(className, k -> new ArrayList<>()).add(id));
        out.printf("%-26s %-20s %s%n", "NAME", "MODULE", "PARAMETERS (defaults)");
        for (Map.Entry<String, List<String>> e : names.entrySet()) {
            String className = e.getKey();
            List<String> aliases = new ArrayList<>(e.getValue());
            aliases.remove(className);
            if (className.equals(ABSTRACT_BASE)) {
                out.printf("%-26s %-20s %s%n", className, "keras.initializers",
                        "(abstract base class: computes no values)");
            } else {
                Map<String, Object> required = REQUIRED.getOrDefault(className, Map.of());
                NamedInitializer init = Initializers.get(className, required);
                Map<String, Object> config = new LinkedHashMap<>(init.config());
                if (config.containsKey("seed")) {
                    config.put("seed", "drawn");
                }
                required.keySet().forEach(key -> config.put(key, "required"));
                out.printf("%-26s %-20s %s%n", className, init.module(), config);
            }
            if (!aliases.isEmpty()) {
                out.printf("%-26s %-20s also: %s%n", "", "", String.join(", ", aliases));
            }
        }
    }
}
