package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.compat.WeightInits;
import org.junit.jupiter.api.Test;

class RecommendCommandTest {

    @Test
    void everyActivationOfTheTableHasARecommendationAndAReason() {
        for (String activation : WeightInits.activations()) {
            CliRun run = CliRun.of("recommend", activation.toUpperCase(java.util.Locale.ROOT));
            assertThat(run.status()).as(activation).isZero();
            assertThat(run.out()).contains(WeightInits.recommend(activation).initializer(), "why:");
        }
        assertThat(CliRun.of("recommend", "relu").out()).contains("he_normal", "WeightInits:  heInit", "2 / fan_in");
        assertThat(CliRun.of("recommend", "tanh").out()).contains("glorot_normal", "WeightInits:  xavierInit");
        assertThat(CliRun.of("recommend", "selu").out()).contains("lecun_normal", "WeightInits:  seluInit");
    }

    @Test
    void unknownActivationIsBadInput() {
        assertThat(CliRun.of("recommend", "softsign").badInput().err()).endsWith(": softsign" + System.lineSeparator());
        CliRun.of("recommend").badInput();
    }
}
