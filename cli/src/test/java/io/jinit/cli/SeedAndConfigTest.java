package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.catalogue.Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed rule of the command line ({@code --seed} is the run's seed, a config's own seed wins,
 * the two disagreeing is an error) and {@code --config @FILE} read by jinit itself, bounded, with
 * no argument-file expansion anywhere.
 */
class SeedAndConfigTest {
    /** Parameters without defaults, for the entries that have them. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "constant_", List.of("--set", "val=0.5"),
            "sparse_", List.of("--set", "sparsity=0.5"),
            "torch_linear_bias", List.of("--set", "fan_in=4"),
            "torch_rnn_default", List.of("--set", "hidden_size=4"),
            "PaddingRowNormal", List.of("--set", "padding_idx=1"));
    /** Entries with a parameter that is itself a config, run from a --config of their own. */
    private static final Map<String, String> CONFIGS = Map.of("UnitForgetBias",
            "{\"class_name\": \"UnitForgetBias\", \"config\": {\"units\": 1, \"bias_initializer\": "
                    + "{\"class_name\": \"RandomNormal\", \"config\": {}}}}");
    /** Shapes tried in turn: identity needs rank 2, dirac rank 3 or more, STFT (frame, 1, fft). */
    private static final List<String> SHAPES = List.of("4,4", "4,4,3", "4,1,4");

    @TempDir
    Path dir;

    /** A loop over every name with a fixed --seed runs: the seed is never an "unknown key". */
    @Test
    void everyInitializerAcceptsTheRunSeed() {
        for (String name : Initializers.names()) {
            if (name.equals("Initializer") || name.equals("initializer")) {
                continue; // Keras's abstract base class computes no values under any seed
            }
            List<String> errors = new ArrayList<>();
            boolean ran = false;
            for (String shape : SHAPES) {
                List<String> args = new ArrayList<>(CONFIGS.containsKey(name)
                        ? List.of("sample", "--config", CONFIGS.get(name), "--shape", "4", "--seed", "1")
                        : List.of("sample", name, "--shape", shape, "--seed", "1"));
                args.addAll(REQUIRED.getOrDefault(Catalogue.identifiers().getOrDefault(name, name), List.of()));
                CliRun run = CliRun.of(args.toArray(String[]::new));
                if (run.status() == Main.OK) {
                    ran = true;
                    assertThat(run.err()).as(name).doesNotContain("seed");
                    break;
                }
                errors.add(run.err());
            }
            assertThat(ran).as("%s with --seed 1: %s", name, errors).isTrue();
            assertThat(errors).as(name).noneMatch(e -> e.contains("seed"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zeros", "ones", "identity", "eye_", "dirac_", "stft", "constant"})
    void deterministicInitializersIgnoreTheSeedAndDrawNone(String name) {
        String shape = name.equals("dirac_") ? "4,4,3" : name.equals("stft") ? "4,1,4" : "4,4";
        CliRun seeded = CliRun.of("sample", name, "--shape", shape, "--seed", "7");
        CliRun unseeded = CliRun.of("sample", name, "--shape", shape);
        assertThat(seeded.status()).as(seeded.err()).isZero();
        assertThat(unseeded.err()).as("no drawn seed is printed").isEmpty();
        assertThat(seeded.out()).isEqualTo(unseeded.out());
    }

    @Test
    void aRandomInitializerWithoutSeedSaysWhichItDrew() {
        CliRun run = CliRun.of("sample", "he_normal", "--shape", "3");
        assertThat(run.status()).isZero();
        String seed = run.err().replaceAll("(?s).*repeat with --seed (-?\\d+).*", "$1");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "3", "--seed", seed).out()).isEqualTo(run.out());
    }

    /** --seed, --set seed= and a config dict's seed are three ways of giving one value. */
    @Test
    void theRunSeedSuppliesTheConfigSeed() throws IOException {
        String bySeed = CliRun.of("sample", "he_normal", "--shape", "2,3", "--seed", "5").out();
        Files.writeString(dir.resolve("unseeded.json"), "{\"class_name\": \"HeNormal\", \"config\": {}}");
        Files.writeString(dir.resolve("seeded.json"), "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 5}}");
        assertThat(CliRun.of("sample", "he_normal", "--shape", "2,3", "--set", "seed=5").out()).isEqualTo(bySeed);
        assertThat(CliRun.of("sample", "--config", "@" + dir.resolve("unseeded.json"), "--shape", "2,3", "--seed",
                "5").out()).isEqualTo(bySeed);
        assertThat(CliRun.of("sample", "--config", "@" + dir.resolve("seeded.json"), "--shape", "2,3").out())
                .isEqualTo(bySeed);
        assertThat(CliRun.of("sample", "--config", "@" + dir.resolve("seeded.json"), "--shape", "2,3", "--seed",
                "5").out()).as("agreeing seeds").isEqualTo(bySeed);
        assertThat(CliRun.of("sample", "--config", "\"he_normal\"", "--shape", "2,3", "--seed", "5").out())
                .as("an identifier as the config").isEqualTo(bySeed);
        Initializer api = Initializers.get("he_normal", Map.of("seed", 5L));
        assertThat(bySeed.strip().split("\\s+")[0]).isEqualTo(Float.toString(api.sample(
                io.jinit.shape.Shape.of(2, 3))[0]));
    }

    @Test
    void disagreeingSeedsAreAnErrorNamingBoth() throws IOException {
        String set = CliRun.of("sample", "he_normal", "--shape", "2", "--seed", "1", "--set", "seed=3").badInput()
                .err();
        assertThat(set).contains("seed=3").contains("--seed 1");
        Files.writeString(dir.resolve("seeded.json"), "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 3}}");
        String config = CliRun.of("sample", "--config", "@" + dir.resolve("seeded.json"), "--shape", "2", "--seed",
                "1").badInput().err();
        assertThat(config).contains("seed=3").contains("--seed 1");
    }

    @Test
    void nameAndConfigTogetherAreRefused() {
        assertThat(CliRun.of("sample", "he_normal", "--config", "\"he_uniform\"", "--shape", "2").badInput().err())
                .contains("NAME or --config");
    }

    /** The space-separated form, which picocli's at-file expansion used to swallow. */
    @Test
    void configAtFileWorksWithASpace() throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.json"), "{\"class_name\": \"Constant\", \"config\": {\"value\": "
                + "0.25}}");
        CliRun run = CliRun.of("sample", "--config", "@" + cfg, "--shape", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("0.25 0.25");
    }

    /** No argument anywhere is read as an argument file. */
    @Test
    void argumentsStartingWithAtAreNotExpanded() throws IOException {
        Path args = Files.writeString(dir.resolve("args"), "he_normal --shape 2");
        assertThat(CliRun.of("sample", "@" + args).badInput().err()).doesNotContain("he_normal --shape");
        assertThat(CliRun.of("list", "@" + args).badInput().err()).contains("@" + args);
    }

    @Test
    void hostileConfigFilesAreRefusedQuicklyInOneLine() throws IOException {
        Path binary = Files.write(dir.resolve("latin1.json"), new byte[] {'"', (byte) 0xE9, '"'});
        Path big = dir.resolve("big.json");
        Files.write(big, new byte[ConfigValues.MAX_CONFIG_BYTES + 1]);
        Map<String, String> cases = Map.of(
                "@" + dir, "is a directory",
                "@/dev/zero", "larger than 1 MB",
                "@/dev/urandom", "larger than 1 MB",
                "@" + big, "larger than 1 MB",
                "@" + binary, "not UTF-8",
                "@" + dir.resolve("missing.json"), "does not exist",
                "@", "needs a file name",
                "{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 1}", "not valid JSON");
        cases.forEach((config, message) -> assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThat(CliRun.of("sample", "--config", config, "--shape", "2").badInput().err()).as(config)
                        .contains(message)));
    }
}
