package io.jinit.cli;

import io.jinit.Initializer;
import io.jinit.Initializers;
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
            String parameters;
            String module;
            try {
                Initializer init = Initializers.get(className);
                module = init.module();
                Map<String, Object> config = new LinkedHashMap<>(init.config());
                if (config.containsKey("seed")) {
                    config.put("seed", "drawn");
                }
                parameters = config.toString();
            } catch (IllegalArgumentException required) {
                module = className.endsWith("_") ? "torch.nn.init" : className.startsWith("torch_") ? "jinit"
                        : "keras";
                parameters = "(" + required.getMessage() + ")";
            }
            out.printf("%-26s %-20s %s%n", className, module, parameters);
            if (!aliases.isEmpty()) {
                out.printf("%-26s %-20s also: %s%n", "", "", String.join(", ", aliases));
            }
        }
    }
}
