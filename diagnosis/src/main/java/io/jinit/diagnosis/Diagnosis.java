package io.jinit.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of diagnosing several initializers under several activations on one network shape.
 *
 * @param widths the layer widths, input first
 * @param batch the batch size
 * @param seed the seed of the input batch, the weights and the backward projection
 * @param runs one report per (initializer, activation), activations outermost
 * @since 0.1
 */
public record Diagnosis(List<Integer> widths, int batch, long seed, List<RunReport> runs) {
    /**
     * Copies the lists.
     *
     * @param widths the layer widths, input first
     * @param batch the batch size
     * @param seed the seed of the input batch, the weights and the backward projection
     * @param runs one report per (initializer, activation), activations outermost
     */
    public Diagnosis {
        widths = List.copyOf(widths);
        runs = List.copyOf(runs);
    }

    /**
     * The activations of the runs, in the order they were diagnosed.
     *
     * @return each activation's name once
     */
    public List<String> activations() {
        Set<String> names = new LinkedHashSet<>();
        for (RunReport run : runs) {
            names.add(run.activation());
        }
        return List.copyOf(names);
    }

    /**
     * The run a user of an activation would take: the initializer its recommendation names first
     * among the healthy runs (seed 002's table's own if it ran and is healthy, else the first healthy
     * run in the order given). Runs whose layers mix activations have no such choice.
     *
     * @param activation an activation's name as in {@link RunReport#activation()}
     * @return the run, or empty when no run under it is healthy or it mixes activations
     */
    public Optional<RunReport> healthyChoice(String activation) {
        List<RunReport> under = new ArrayList<>();
        for (RunReport run : runs) {
            if (run.activation().equals(activation)) {
                under.add(run);
            }
        }
        Activation parsed;
        try {
            parsed = Activation.of(activation);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Advice.choice(parsed, under);
    }
}
