package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs of a diagnosis as a grid: activations and initializers each in the order they first
 * appear. Every renderer walks this grid, so they agree on order, and an initializer has the
 * same position (hence the same colour) in every chart.
 */
final class Grid {
    private final List<String> activations;
    private final List<String> initializers;
    private final Map<String, Map<String, RunReport>> runs;

    private Grid(List<String> activations, List<String> initializers, Map<String, Map<String, RunReport>> runs) {
        this.activations = activations;
        this.initializers = initializers;
        this.runs = runs;
    }

    static Grid of(Diagnosis diagnosis) {
        Set<String> activations = new LinkedHashSet<>();
        Set<String> initializers = new LinkedHashSet<>();
        Map<String, Map<String, RunReport>> runs = new LinkedHashMap<>();
        for (RunReport run : diagnosis.runs()) {
            activations.add(run.activation());
            initializers.add(run.initializer());
            runs.computeIfAbsent(run.activation(), a -> new LinkedHashMap<>()).putIfAbsent(run.initializer(), run);
        }
        return new Grid(List.copyOf(activations), List.copyOf(initializers), runs);
    }

    List<String> activations() {
        return activations;
    }

    List<String> initializers() {
        return initializers;
    }

    /** The position of the initializer in {@link #initializers()}: its colour and marker. */
    int index(String initializer) {
        return initializers.indexOf(initializer);
    }

    /** The run of (initializer, activation), or null if the diagnosis has none. */
    RunReport run(String initializer, String activation) {
        Map<String, RunReport> byInit = runs.get(activation);
        return byInit == null ? null : byInit.get(initializer);
    }

    /** The runs of one activation, in initializer order. */
    List<RunReport> runs(String activation) {
        List<RunReport> list = new ArrayList<>();
        for (String init : initializers) {
            RunReport run = run(init, activation);
            if (run != null) {
                list.add(run);
            }
        }
        return list;
    }

    /** The distinct recommendations of an activation's runs, in run order (normally one). */
    List<String> recommendations(String activation) {
        Set<String> distinct = new LinkedHashSet<>();
        for (RunReport run : runs(activation)) {
            if (run.recommendation() != null && !run.recommendation().isBlank()) {
                distinct.add(run.recommendation());
            }
        }
        return List.copyOf(distinct);
    }

    /** The number of layers of the deepest run of the activation. */
    int depth(String activation) {
        int depth = 0;
        for (RunReport run : runs(activation)) {
            depth = Math.max(depth, run.layers().size());
        }
        return depth;
    }
}
