package io.jinit.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --seed} option of every command that draws random numbers. What the seed seeds
 * differs from command to command, so each command words it in {@link OptionTexts}.
 */
final class SeedOption {
    @Option(names = "--seed", paramLabel = "N", descriptionKey = "seed")
    private Long given;

    /**
     * The seed given.
     *
     * @return the seed, or null when the option is absent
     */
    Long given() {
        return given;
    }

    /**
     * The seed given, or a command's default.
     *
     * @param absent the seed when the option is absent
     * @return the seed
     */
    long orElse(long absent) {
        return given == null ? absent : given;
    }
}
