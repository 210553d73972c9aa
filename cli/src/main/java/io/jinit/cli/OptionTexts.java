package io.jinit.cli;

import java.util.ListResourceBundle;

/**
 * How each command words the options it shares with others ({@link SeedOption},
 * {@link Threads}): picocli looks up {@code COMMAND.KEY}, the command's qualified name and the
 * option's {@code descriptionKey}, before the option's own description.
 */
final class OptionTexts extends ListResourceBundle {
    @Override
    protected Object[][] getContents() {
        return new Object[][] {
            {"jinit.generate.seed", "The run's seed; drawn and printed to stderr when neither it nor the spec gives "
                    + "one. A spec's own seed must agree with it."},
            {"jinit.sample.seed", "The run's seed; drawn and printed to stderr when absent. A seed in the config "
                    + "(--config, --set seed=) wins; the two disagreeing is an error. Initializers that draw no "
                    + "random numbers ignore it."},
            {"jinit.diagnose.seed", "Seed of input, weights and projection (default 42)."},
            {"jinit.diagnose.threads", "Threads (default: all cores)."},
        };
    }
}
