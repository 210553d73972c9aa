package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.diagnosis.Activation;
import io.jinit.diagnosis.Diagnoser;
import io.jinit.formats.TensorFiles;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DiagnoseCommandTest {
    /**
     * A small run, so that each takes milliseconds: --init he_normal, --activation relu and --layers
     * 8,8,8 unless given, --batch 16 unless --data is.
     */
    private static final String[] SMALL = {"diagnose", "--threads", "2"};

    @TempDir
    Path dir;

    private static String[] small(String... more) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of(more));
        if (!args.contains("--init")) {
            args.addAll(List.of("--init", "he_normal"));
        }
        if (!args.contains("--activation")) {
            args.addAll(List.of("--activation", "relu"));
        }
        if (!args.contains("--layers")) {
            args.addAll(List.of("--layers", "8,8,8"));
        }
        if (!args.contains("--data")) {
            args.addAll(List.of("--batch", "16"));
        }
        return args.toArray(String[]::new);
    }

    @Test
    void writesTableReportAndJson() throws IOException {
        Path report = dir.resolve("report");
        Path json = dir.resolve("d.json");
        CliRun run = CliRun.of("diagnose", "--layers", "32,32,32,32,32", "--activation", "relu,tanh",
                "--init", "zeros,std=0.01,he_normal", "--batch", "64", "--report", report.toString(),
                "--json", json.toString(), "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("relu", "tanh", "symmetric", "vanishing", "he_normal", "Report:");
        assertThat(report.resolve("index.html")).exists();
        try (Stream<Path> pngs = Files.list(report)) {
            assertThat(pngs.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(4);
        }
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.toString()).contains("\"initializer\":\"he_normal\"", "\"verdict\"");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report", "d.json");
        }
    }

    /** QA's failing run: a one-layer net on a batch of 8, where some histograms have a y tick at 2.5%. */
    @Test
    void aSmallNetOnASmallBatchGetsItsReport() {
        Path report = dir.resolve("r");
        CliRun run = CliRun.of("diagnose", "--layers", "6,5", "--batch", "8", "--seed", "3", "--report",
                report.toString(), "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(report.resolve("index.html")).exists();
        assertThat(report.resolve("relu-histograms.png")).exists();
    }

    @Test
    void readsItsInputBatchFromNpy() throws IOException {
        Path npy = dir.resolve("x.npy");
        assertThat(CliRun.of("generate", "--spec", Files.writeString(dir.resolve("s.json"),
                "{\"seed\": 3, \"parameters\": [{\"name\": \"x\", \"shape\": [40, 16], \"initializer\": \"normal_\"}]}")
                .toString(), "--out", npy.toString()).status()).isZero();
        CliRun run = CliRun.of("diagnose", "--layers", "16,16,16", "--activation", "selu", "--init", "lecun_normal",
                "--data", npy.toString(), "--no-report");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("batch 40", "healthy");
        assertThat(CliRun.of("diagnose", "--layers", "8,8", "--data", npy.toString(), "--no-report").badInput().err())
                .contains("--data must be a (batch, 8) matrix", "[40, 16]");
    }

    /** Every activation the help lists runs, with a verdict and a recommendation (softplus included). */
    @Test
    void everyActivationTheHelpListsRuns() {
        CommandLine diagnose = new CommandLine(new JinitCommand()).getSubcommands().get("diagnose");
        String help = String.join(" ", diagnose.getCommandSpec().findOption("--activation").description());
        String list = help.substring(help.indexOf(':') + 1, help.indexOf("(default")).strip();
        List<String> names = List.of(list.split(",\\s*"));
        assertThat(names).contains("softplus", "silu", "leaky_relu(0.2)");
        List<Activation.Kind> kinds = new ArrayList<>();
        for (String name : names) {
            kinds.add(Activation.of(name).kind());
            CliRun run = CliRun.of("diagnose", "--layers", "8,8,8", "--init", "he_normal", "--batch", "16",
                    "--activation", name, "--no-report", "--threads", "1");
            assertThat(run.status()).as(name + ": " + run.err()).isZero();
            assertThat(run.out()).as(name).contains("Recommended");
        }
        assertThat(kinds).as("the help lists every activation").containsAll(List.of(Activation.Kind.values()));
    }

    /** Commas inside an initializer's parentheses belong to it; the name is reported as written. */
    @Test
    void initializersTakeParametersWrittenAsCalls() throws IOException {
        Path json = dir.resolve("d.json");
        CliRun run = CliRun.of(small("--init", "kaiming_uniform_(a=2.236,mode=fan_in),he_normal", "--no-report",
                "--json", json.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        // The table's header runs the name on over lines of 16 characters.
        assertThat(run.out()).contains("kaiming_uniform_", "(a=2.236,mode=fa", "n_in)", "he_normal");
        assertThat(new ObjectMapper().readTree(json.toFile()).toString()).contains("\"initializer\":\"kaiming_uniform_(a=2.236,mode=fan_in)\"",
                "\"initializer\":\"he_normal\"");
        expectBad("--init: initializer parameters must be written name(key=value, ...): kaiming_uniform_(a=2.236",
                small("--init", "kaiming_uniform_(a=2.236", "--no-report"));
        expectBad("--init: initializer parameter a is given twice", small("--init", "kaiming_uniform_(a=1,a=2)",
                "--no-report"));
        expectBad("--init lists kaiming_uniform_(a=1) twice", small("--init", "kaiming_uniform_(a=1),kaiming_uniform_(a=1)",
                "--no-report"));
    }

    /** The page says how it was made: the command as a shell takes it again, the version and the day. */
    @Test
    void theReportNamesItsCommandVersionAndDay() throws IOException {
        Path report = dir.resolve("r");
        CliRun run = CliRun.of(small("--init", "kaiming_uniform_(a=2.236),he_normal", "--report", report.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        String page = Files.readString(report.resolve("index.html"));
        assertThat(page).contains("<dt>Command</dt><dd><code>jinit diagnose --threads 2 --init "
                + "&#39;kaiming_uniform_(a=2.236),he_normal&#39; --report " + report + " --activation relu --layers 8,8,8 "
                + "--batch 16</code></dd>").containsPattern("<dt>Made by</dt><dd>jinit \\S+ on \\d{4}-\\d{2}-\\d{2} \\(UTC\\)");
    }

    /** SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) pins the day a report names. */
    @Test
    void sourceDateEpochSetsTheDay() {
        assertThat(DiagnosisOutputs.reportDate("0")).hasToString("1970-01-01");
        assertThat(DiagnosisOutputs.reportDate(" 1796601600 ")).hasToString("2026-12-07");
        assertThat(DiagnosisOutputs.reportDate(null)).isEqualTo(LocalDate.now(ZoneOffset.UTC));
        for (String bad : List.of("x", "1.5", "", "99999999999999999")) {
            assertThatThrownBy(() -> DiagnosisOutputs.reportDate(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC: " + bad);
        }
    }

    /** --width-sweep: muP's coordinate check with its table, a self-contained report and JSON. */
    @Test
    void aWidthSweepWritesItsTableReportAndJson() throws IOException {
        Path report = dir.resolve("sweep");
        Path json = dir.resolve("sweep.json");
        CliRun run = CliRun.of("diagnose", "--width-sweep", "16,32,64", "--optimizer", "sgd", "--steps", "2",
                "--batch", "8", "--report", report.toString(), "--json", json.toString(), "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("muP's coordinate check", "standard parametrization (SP)", "n=16", "n=64",
                "slope", "What it means", "Report:", "JSON:");
        assertThat(listing(report)).containsExactly("index.html", "mup-update-size.png", "standard-update-size.png");
        String page = Files.readString(report.resolve("index.html"));
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(3);
        assertThat(page).contains("<dt>Command</dt><dd><code>jinit diagnose --width-sweep 16,32,64 --optimizer sgd");
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("format").asText()).isEqualTo("jinit-width-sweep");
        assertThat(tree.get("optimizer").asText()).isEqualTo("sgd");
        assertThat(tree.get("curves")).hasSize(6);
        assertThat(tree.get("slopes")).hasSize(8);
        assertThat(tree.get("curves").get(0).get("updateSize")).hasSize(3);
    }

    /** A small GPT-2 config: 4 blocks of width 32 in 2 heads, 8-token sequences. */
    private Path tinyGpt2() throws IOException {
        return Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"gpt2\", \"n_layer\": 4, "
                + "\"n_embd\": 32, \"n_head\": 2, \"vocab_size\": 50, \"n_positions\": 16, "
                + "\"initializer_range\": 0.02}");
    }

    /**
     * The next step writes, for each activation, a spec that {@code jinit generate --spec} reads into
     * the very weights the diagnosis judged: the same names, shapes (Keras's (in, out) for he_normal,
     * torch's (out, in) for kaiming_uniform_) and keys {@code RandomKey.of(seed).derive(name)}. The
     * expected values are drawn here with the core API under those keys and compared float for float.
     */
    @Test
    void theNextStepGeneratesTheWeightsTheDiagnosisJudged() throws IOException {
        Path report = dir.resolve("next");
        CliRun run = CliRun.of("diagnose", "--layers", "16,32,32,8", "--activation", "relu,tanh", "--init",
                "std=0.01,he_normal,kaiming_uniform_,lsuv", "--batch", "64", "--report", report.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Next step", "jinit generate --spec " + report.resolve("relu.spec.json")
                + " --out relu.safetensors");
        assertThat(Files.readString(report.resolve("index.html"))).contains("<section id=\"next-step\">",
                "jinit generate --spec " + report.resolve("relu.spec.json"));
        for (String activation : List.of("relu", "tanh")) {
            JsonNode spec = new ObjectMapper().readTree(report.resolve(activation + ".spec.json").toFile());
            String chosen = spec.get("parameters").get(0).get("initializer").get("class_name").asText();
            Path weights = dir.resolve(activation + ".safetensors");
            CliRun generate = CliRun.of("generate", "--spec", report.resolve(activation + ".spec.json").toString(),
                    "--out", weights.toString());
            assertThat(generate.status()).as(generate.err()).isZero();
            Initializer init = Initializers.get(chosen.equals("HeNormal") ? "he_normal" : "kaiming_uniform_");
            boolean torch = !chosen.equals("HeNormal");
            int[] widths = {16, 32, 32, 8};
            for (int l = 1; l < widths.length; l++) {
                String name = "layers." + l + ".weight";
                Shape shape = torch ? Shape.of(widths[l], widths[l - 1]) : Shape.of(widths[l - 1], widths[l]);
                float[] expected = init.sample(shape, RandomKey.of(Diagnoser.DEFAULT_SEED).derive(name));
                double[] written = new double[expected.length];
                TensorFiles.read(weights, name, 0, written, 0, written.length);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((float) written[i]).as("%s %s[%d]", activation, name, i).isEqualTo(expected[i]);
                }
            }
        }
        CliRun noReport = CliRun.of("diagnose", "--layers", "16,32,8", "--activation", "relu", "--init", "he_normal",
                "--batch", "64", "--no-report");
        assertThat(noReport.out().replaceAll("\\s+", " ")).contains("--report DIR writes DIR/relu.spec.json, which "
                + "jinit generate --spec DIR/relu.spec.json --out relu.safetensors reads");
    }

    /** --hf-config: the stack under the default recipes, with its tables, verdicts, report and JSON. */
    @Test
    void anHfConfigIsDiagnosedUnderItsRecipes() throws IOException {
        Path config = tinyGpt2();
        Path report = dir.resolve("tf");
        Path json = dir.resolve("tf.json");
        CliRun run = CliRun.of("diagnose", "--hf-config", config.toString(), "--sequence", "8", "--batch", "2",
                "--init", "config,normal,torch_default,kaiming_uniform_(a=2.236)", "--report", report.toString(),
                "--json", json.toString(), "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).allMatch(line -> line.length() <= 100 || line.startsWith("  jinit generate"));
        assertThat(run.out()).contains("4 blocks of width 32", "feed-forward 128", "Residual stream std",
                "Verdicts", "#4 kaiming_uniform_(a=2.236): kaiming_uniform_(a=2.236) for every weight",
                "the config's own: N(0, 0.02), attention and MLP c_proj N(0, 0.02/sqrt(8))",
                "jinit generate --hf-config " + config + " --seed 42 --out checkpoint/");
        assertThat(listing(report)).containsExactly("entropy.png", "index.html", "stream-gradient.png", "stream.png",
                "weight-gradient.png");
        assertThat(Files.readString(report.resolve("index.html")).split("<img src=\"data:image/png;base64,", -1))
                .hasSize(5);
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("format").asText()).isEqualTo("jinit-transformer-diagnosis");
        assertThat(tree.get("recipes")).hasSize(4);
        assertThat(tree.get("recipes").get(0).get("blocks")).hasSize(4);
        assertThat(tree.get("shape").get("feedForwardWidth").asInt()).isEqualTo(128);
    }

    /**
     * DeepNorm, T-Fixup and muP run the stack each trains: post-norm with alpha = (2N)^(1/4) = 8^(1/4)
     * at 4 blocks, no norms, and logits divided by d_head / sqrt(d_head at the base width) =
     * 16 / sqrt(8) (2 heads; base width 16).
     */
    @Test
    void schemesThatChangeTheStackRunTheStackTheyTrain() throws IOException {
        Path config = tinyGpt2();
        Path json = dir.resolve("schemes.json");
        CliRun run = CliRun.of("diagnose", "--hf-config", config.toString(), "--sequence", "8", "--batch", "2",
                "--init", "deepnorm,t_fixup,mup(base_width=16)", "--no-report", "--json", json.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("DeepNorm: run post-norm as LN(1.682 x + f(x))", "T-Fixup: run without norms",
                "muP relative to width 16");
        JsonNode recipes = new ObjectMapper().readTree(json.toFile()).get("recipes");
        assertThat(recipes.get(0).get("placement").asText()).isEqualTo("post_norm");
        assertThat(recipes.get(0).get("residualScale").asDouble()).isCloseTo(Math.pow(8, 0.25), within(1e-12));
        assertThat(recipes.get(1).get("placement").asText()).isEqualTo("no_norm");
        assertThat(recipes.get(1).get("residualScale").asDouble()).isEqualTo(1.0);
        assertThat(recipes.get(2).get("placement").asText()).isEqualTo("pre_norm");
        assertThat(recipes.get(2).get("attentionDivisor").asDouble()).isCloseTo(16 / Math.sqrt(8), within(1e-12));
        assertThat(recipes.get(2).get("blocks").get(0).get("attentionLogitStd").asDouble()).isZero();
        String c = config.toString();
        expectBad("--init mup needs the base width", "diagnose", "--hf-config", c, "--init", "mup", "--sequence", "8",
                "--no-report");
        expectBad("--init mup(base_width=0): mup takes one parameter, base_width, a whole number >= 1", "diagnose",
                "--hf-config", c, "--init", "mup(base_width=0)", "--sequence", "8", "--no-report");
        expectBad("--init mup(base_width=15): base_width must be a multiple of the stack's 2 heads", "diagnose",
                "--hf-config", c, "--init", "mup(base_width=15)", "--sequence", "8", "--no-report");
        expectBad("--init mup(: initializer parameters must be written name(key=value, ...)", "diagnose",
                "--hf-config", c, "--init", "mup(", "--sequence", "8", "--no-report");
    }

    /**
     * transformers initializes Llama with N(0, initializer_range) everywhere, without GPT-2's depth
     * scaling: on 8 blocks the final stream's variance is 1.94 times that at 4 (residual growth)
     * where gpt2's scaling is healthy. The next step still writes the config's own recipe, and says
     * so with the verdicts; a healthy config's recipe gets no such note.
     */
    @Test
    void theNextStepSaysWhenTheConfigsOwnRecipeIsNotHealthy() throws IOException {
        Path llama = Files.writeString(dir.resolve("llama.json"), "{\"model_type\": \"llama\", "
                + "\"num_hidden_layers\": 8, \"hidden_size\": 64, \"num_attention_heads\": 2, "
                + "\"intermediate_size\": 172, \"vocab_size\": 100, \"max_position_embeddings\": 32, "
                + "\"initializer_range\": 0.02}");
        Path report = dir.resolve("llama-report");
        CliRun run = CliRun.of("diagnose", "--hf-config", llama.toString(), "--sequence", "16", "--batch", "2",
                "--init", "config,gpt2", "--report", report.toString());
        assertThat(run.status()).as(run.err()).isZero();
        String caveat = "the config's own recipe shows residual growth here; healthy: gpt2.";
        assertThat(run.out().replaceAll("\\s+", " ")).contains(caveat);
        // gpt2's scaling of a Llama is its o_proj and down_proj weights: rules generate writes
        String command = "jinit generate --hf-config " + llama + " --rules " + report.resolve("gpt2.rules.json")
                + " --seed 42 --out checkpoint/";
        assertThat(run.out()).contains("\n  " + command + "\n");
        assertThat(Files.readString(report.resolve("gpt2.rules.json"))).isEqualTo("{\"rules\":[{\"pattern\":"
                + "\"*.self_attn.o_proj.weight\",\"initializer\":\"normal_\",\"config\":{\"std\":0.005}},"
                + "{\"pattern\":\"*.mlp.down_proj.weight\",\"initializer\":\"normal_\",\"config\":{\"std\":0.005}}]}\n");
        assertThat(CliRun.of("generate", "--hf-config", llama.toString(), "--rules",
                report.resolve("gpt2.rules.json").toString(), "--seed", "42", "--out",
                dir.resolve("checkpoint").toString()).status()).isZero();
        assertThat(Files.readString(report.resolve("index.html")).replaceAll("\\s+", " "))
                .contains(caveat.replace("'", "&#39;"));
        CliRun healthy = CliRun.of("diagnose", "--hf-config", tinyGpt2().toString(), "--sequence", "8", "--batch", "2",
                "--init", "config", "--no-report");
        assertThat(healthy.out()).doesNotContain("the config's own recipe shows");
    }

    /** The same command on 1 and 3 threads writes the same JSON, byte for byte. */
    @Test
    void anHfConfigsFiguresDoNotDependOnTheThreadCount() throws IOException {
        Path config = tinyGpt2();
        String[] base = {"diagnose", "--hf-config", config.toString(), "--sequence", "8", "--batch", "2", "--no-report",
                "--init", "config", "--json"};
        List<String> one = new ArrayList<>(List.of(base));
        one.addAll(List.of(dir.resolve("one.json").toString(), "--threads", "1"));
        List<String> three = new ArrayList<>(List.of(base));
        three.addAll(List.of(dir.resolve("three.json").toString(), "--threads", "3"));
        assertThat(CliRun.of(one.toArray(String[]::new)).status()).isZero();
        assertThat(CliRun.of(three.toArray(String[]::new)).status()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("three.json"))).isEqualTo(Files.readAllBytes(dir.resolve("one.json")));
    }

    @Test
    void hfConfigArgumentsAreCheckedAndNamed() throws IOException {
        String config = tinyGpt2().toString();
        expectBad("--depth must be >= 1: 0", "diagnose", "--hf-config", config, "--depth", "0", "--no-report");
        expectBad("--width 30 is not a multiple of the config's head width 16 (32 / n_head 2)", "diagnose",
                "--hf-config", config, "--width", "30", "--sequence", "8", "--no-report");
        expectBad("--sequence 32 is longer than the config's n_positions 16", "diagnose", "--hf-config", config,
                "--sequence", "32", "--no-report");
        expectBad("--layers cannot be given with --hf-config", "diagnose", "--hf-config", config, "--layers", "8,8",
                "--no-report");
        expectBad("--init lsuv fits an MLP to its batch", "diagnose", "--hf-config", config, "--init", "lsuv",
                "--sequence", "8", "--no-report");
        expectBad("--init: ", "diagnose", "--hf-config", config, "--init", "no_such", "--sequence", "8",
                "--no-report");
        expectBad("--depth goes with --hf-config", "diagnose", "--depth", "3", "--no-report");
        expectBad("--lr cannot be given with --hf-config, which diagnoses the config's transformer stack at "
                + "initialization; it goes with --width-sweep", "diagnose", "--hf-config", config, "--lr", "0.1",
                "--no-report");
        Path huge = Files.writeString(dir.resolve("huge.json"), "{\"model_type\": \"llama\", \"num_hidden_layers\": "
                + "200, \"hidden_size\": 16384, \"num_attention_heads\": 128, \"intermediate_size\": 53248, "
                + "\"vocab_size\": 128256}");
        expectBad("needs about", "diagnose", "--hf-config", huge.toString(), "--no-report");
        expectBad("--hf-config: config file does not exist", "diagnose", "--hf-config",
                dir.resolve("none.json").toString(), "--no-report");
        expectBad("--hf-config: config file is a directory", "diagnose", "--hf-config", dir.toString(), "--no-report");
    }

    /**
     * --hf-config with --width-sweep: muP's coordinate check on the config's stack (2 blocks of the
     * tiny config, 2 heads, widths 32 to 128, one Adam step at the default 1e-3, seed 42). Measured:
     * SP's blocks' slopes 1.43 and 1.52, y's 0.58; muP's -0.01, 0.02 and -0.02 (seed 1: SP 1.34,
     * 1.30, 0.47; muP -0.11, -0.21, -0.15).
     */
    @Test
    void anHfConfigsStackIsSweptOverWidths() throws IOException {
        Path config = tinyGpt2();
        Path report = dir.resolve("tsweep");
        Path json = dir.resolve("tsweep.json");
        CliRun run = CliRun.of("diagnose", "--hf-config", config.toString(), "--width-sweep", "32,64,128", "--depth",
                "2", "--sequence", "8", "--batch", "2", "--report", report.toString(), "--json", json.toString(),
                "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().lines()).allMatch(line -> line.length() <= 100);
        // the table's sentences as one line each, whatever the length of the config's path
        String unwrapped = run.out().replaceAll("\n +", " ");
        assertThat(unwrapped).contains("muP's coordinate check on the stack", "2 blocks of width n in 2 heads",
                "learning rate 0.001 at the base width 32", "a batch of 2 sequences of 8 tokens",
                "block   n=32", "n=128", "What it means", "muP: every block's update keeps its size",
                "SP: the updates of block 0, block 1 and the output y grow with width", "muP's rules, r = n / 32",
                "Report:", "JSON:");
        assertThat(listing(report)).containsExactly("index.html", "mup-update-size.png", "standard-update-size.png");
        String page = Files.readString(report.resolve("index.html"));
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(3);
        assertThat(page).contains("<dt>Command</dt><dd><code>jinit diagnose --hf-config " + config
                + " --width-sweep 32,64,128", "<th scope=\"col\">Block</th>", "<th scope=\"row\">y</th>");
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("format").asText()).isEqualTo("jinit-transformer-width-sweep");
        assertThat(tree.get("modelType").asText()).isEqualTo("gpt2");
        assertThat(tree.get("baseWidth").asInt()).isEqualTo(32);
        assertThat(tree.get("blocks").asInt()).isEqualTo(2);
        assertThat(tree.get("heads").asInt()).isEqualTo(2);
        assertThat(tree.get("feedForwardWidth").asInt()).isEqualTo(128);
        assertThat(tree.get("sequence").asInt()).isEqualTo(8);
        assertThat(tree.get("batch").asInt()).isEqualTo(2);
        assertThat(tree.get("sigma").asDouble()).isEqualTo(0.02);
        assertThat(tree.get("optimizer").asText()).isEqualTo("adam");
        assertThat(tree.get("learningRate").asDouble()).isEqualTo(1e-3);
        assertThat(tree.get("curves")).hasSize(6);
        assertThat(tree.get("curves").get(0).get("updateSize")).hasSize(2);
        assertThat(tree.get("curves").get(0).get("updateSize").get(1)).hasSize(3);
        JsonNode slopes = tree.get("slopes");
        assertThat(slopes).hasSize(6);
        for (JsonNode slope : slopes) {
            boolean standard = slope.get("parametrization").asText().equals("standard");
            boolean block = slope.get("layer").asInt() <= 2;
            assertThat(slope.get("trend").asText()).as(slope.toString()).isEqualTo(standard ? "grows" : "stable");
            if (standard && block) {
                assertThat(slope.get("updateSlope").asDouble()).as(slope.toString()).isBetween(1.2, 1.8);
            } else if (!standard) {
                assertThat(slope.get("updateSlope").asDouble()).as(slope.toString()).isBetween(-0.15, 0.15);
            }
        }
    }

    @Test
    void transformerWidthSweepArgumentsAreCheckedAndNamed() throws IOException {
        String c = tinyGpt2().toString();
        expectBad("--width cannot be given with --hf-config --width-sweep, whose widths the sweep gives: 64",
                "diagnose", "--hf-config", c, "--width-sweep", "32,64", "--width", "64", "--no-report");
        expectBad("--init cannot be given with --hf-config --width-sweep", "diagnose", "--hf-config", c,
                "--width-sweep", "32,64", "--init", "normal", "--no-report");
        expectBad("--activation cannot be given with --hf-config --width-sweep", "diagnose", "--hf-config", c,
                "--width-sweep", "32,64", "--activation", "relu", "--no-report");
        expectBad("--layers cannot be given with --hf-config --width-sweep", "diagnose", "--hf-config", c,
                "--width-sweep", "32,64", "--layers", "8,8", "--no-report");
        expectBad("--width-sweep 32,63: widths must be multiples of the 2 heads: [32, 63]", "diagnose",
                "--hf-config", c, "--width-sweep", "32,63", "--sequence", "8", "--no-report");
        expectBad("--width-sweep 64,32: widths must be increasing: [64, 32]", "diagnose", "--hf-config", c,
                "--width-sweep", "64,32", "--sequence", "8", "--no-report");
        expectBad("--width-sweep 24,48: the first width is the base stack's, which keeps the config's head width: "
                + "width 24 is not a multiple of the config's head width 16", "diagnose", "--hf-config", c,
                "--width-sweep", "24,48", "--sequence", "8", "--no-report");
        expectBad("--width-sweep 32: widths must list at least two widths: [32]", "diagnose", "--hf-config", c,
                "--width-sweep", "32", "--sequence", "8", "--no-report");
        expectBad("--sequence 32 is longer than the config's n_positions 16", "diagnose", "--hf-config", c,
                "--width-sweep", "32,64", "--sequence", "32", "--no-report");
        expectBad("--optimizer must be adam or sgd: rmsprop", "diagnose", "--hf-config", c, "--width-sweep", "32,64",
                "--optimizer", "rmsprop", "--no-report");
        expectBad("--lr must be a finite number > 0: 0.0", "diagnose", "--hf-config", c, "--width-sweep", "32,64",
                "--lr", "0", "--no-report");
        expectBad("--steps must be between 1 and 1000: 0", "diagnose", "--hf-config", c, "--width-sweep", "32,64",
                "--steps", "0", "--no-report");
        expectBad("--arch, --width-sweep and --hf-config are three diagnoses: give one", "diagnose", "--hf-config", c,
                "--width-sweep", "32,64", "--arch", "resnet18", "--no-report");
    }

    @Test
    void widthSweepArgumentsAreCheckedAndNamed() {
        expectBad("--width-sweep: widths must list at least two widths: [64]", "diagnose", "--width-sweep", "64",
                "--no-report");
        expectBad("--width-sweep: widths must be >= 1 and increasing: [64, 32]", "diagnose", "--width-sweep", "64,32",
                "--no-report");
        expectBad("--layers cannot be given with --width-sweep", "diagnose", "--width-sweep", "16,32", "--layers", "8,8",
                "--no-report");
        expectBad("--init cannot be given with --width-sweep", "diagnose", "--width-sweep", "16,32", "--init",
                "he_normal", "--no-report");
        expectBad("--width-sweep takes one --activation: relu,tanh", "diagnose", "--width-sweep", "16,32",
                "--activation", "relu,tanh", "--no-report");
        expectBad("--optimizer must be adam or sgd: rmsprop", "diagnose", "--width-sweep", "16,32", "--optimizer",
                "rmsprop", "--no-report");
        expectBad("--lr must be a finite number > 0: -1.0", "diagnose", "--width-sweep", "16,32", "--lr", "-1",
                "--no-report");
        expectBad("--steps must be between 1 and 1000: 0", "diagnose", "--width-sweep", "16,32", "--steps", "0",
                "--no-report");
        expectBad("--lr goes with --width-sweep", "diagnose", "--lr", "0.1", "--no-report");
        expectBad("--width-sweep: width 100000 with batch 64 makes a layer larger than a Java array", "diagnose",
                "--width-sweep", "16,100000", "--no-report");
    }

    /**
     * {@code diagnose --arch resnet18} at the smallest size it runs, unless {@code more} sets it: an
     * eighth of resnet18's widths, images of 32, batch 2.
     */
    private static String[] tinyArch(String... more) {
        List<String> args = new ArrayList<>(List.of("diagnose", "--arch", "resnet18"));
        List<String> given = List.of(more);
        for (String[] option : List.of(new String[] {"--width-multiplier", "0.125"}, new String[] {"--image", "32"},
                new String[] {"--batch", "2"})) {
            if (!given.contains(option[0])) {
                args.addAll(List.of(option));
            }
        }
        args.addAll(given);
        return args.toArray(String[]::new);
    }

    @Test
    void aResNetDiagnosisWritesItsTableReportAndJson() throws IOException {
        Path report = dir.resolve("arch");
        Path json = dir.resolve("arch.json");
        CliRun run = CliRun.of(tinyArch("--init", "torchvision,zero_init_residual,kaiming_uniform_(a=2.236)",
                "--report", report.toString(), "--json", json.toString(), "--threads", "2"));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains(
                "resnet18 (width multiplier 0.125: stage widths [8, 16, 32, 64]",
                "layer1.0", "layer4.1", "branch/skip", "Verdicts", "torchvision: HEALTHY",
                "zero_init_residual: HEALTHY", "every block starts as the identity", "kaiming_uniform_(a=2.236): ",
                "What they mean", "Report:", "JSON:");
        assertThat(run.out().lines()).allMatch(line -> line.length() <= 100);
        assertThat(listing(report)).containsExactly("gradient-norm.png", "index.html", "stream-std.png");
        String page = Files.readString(report.resolve("index.html"));
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(3);
        assertThat(page).contains("<dt>Command</dt><dd><code>jinit diagnose --arch resnet18 --width-multiplier 0.125",
                "How to read this", "Gradient norm by parameter group", "not a failure");
        JsonNode tree = new ObjectMapper().readTree(json.toFile());
        assertThat(tree.get("format").asText()).isEqualTo("jinit-resnet-diagnosis");
        assertThat(tree.get("version").asInt()).isEqualTo(1);
        assertThat(tree.get("arch").asText()).isEqualTo("resnet18");
        assertThat(tree.get("imageSize").asInt()).isEqualTo(32);
        JsonNode recipes = tree.get("recipes");
        assertThat(recipes).hasSize(3);
        assertThat(recipes.get(0).get("recipe").asText()).isEqualTo("torchvision");
        assertThat(recipes.get(0).get("blocks")).hasSize(8);
        assertThat(recipes.get(0).get("parameters")).hasSize(62); // torchvision's resnet18 has 62 tensors
        assertThat(recipes.get(0).get("groups")).hasSize(7);
        assertThat(recipes.get(1).get("identityBlocks")).hasSize(8);
        assertThat(recipes.get(1).get("blocks").get(0).get("branchToSkip").asDouble()).isZero();
    }

    /**
     * Without shortcuts, zero_init_residual zeroes every branch, and so the stream: the plain network
     * shows what the shortcut carries. The JSON is the same bytes on 1 and 3 threads.
     */
    @Test
    void thePlainNetworkVanishesUnderZeroInitAndTheFiguresDoNotDependOnThreads() throws IOException {
        Path one = dir.resolve("one.json");
        Path three = dir.resolve("three.json");
        CliRun run = CliRun.of("diagnose", "--arch", "resnet18-plain", "--width-multiplier", "0.125", "--image", "32",
                "--batch", "2", "--init", "torchvision,zero_init_residual", "--no-report", "--json", one.toString(),
                "--threads", "1");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("zero_init_residual: VANISHING: the stream leaving layer1.0 has a std 0 times");
        assertThat(CliRun.of("diagnose", "--arch", "resnet18-plain", "--width-multiplier", "0.125", "--image", "32",
                "--batch", "2", "--init", "torchvision,zero_init_residual", "--no-report", "--json", three.toString(),
                "--threads", "3").status()).isZero();
        assertThat(Files.readAllBytes(three)).isEqualTo(Files.readAllBytes(one));
        assertThat(new ObjectMapper().readTree(one.toFile()).get("recipes").get(0).get("blocks").get(0)
                .get("branchToSkip").isNull()).isTrue();
    }

    @Test
    void archArgumentsAreCheckedAndNamed() {
        expectBad("--arch must be resnet18 or resnet18-plain: resnet50", "diagnose", "--arch", "resnet50",
                "--no-report");
        for (String[] other : List.of(new String[] {"--layers", "8,8"}, new String[] {"--data", "x.npy"},
                new String[] {"--activation", "relu"}, new String[] {"--depth", "2"})) {
            expectBad(other[0] + " cannot be given with --arch", tinyArch(other[0], other[1], "--no-report"));
        }
        expectBad("--arch, --width-sweep and --hf-config are three diagnoses: give one",
                tinyArch("--width-sweep", "16,32", "--no-report"));
        expectBad("--image must be between 1 and 4096: 0", tinyArch("--image", "0", "--no-report"));
        expectBad("--width-multiplier must be > 0 and keep the widths <= 65536: -1.0",
                tinyArch("--width-multiplier", "-1", "--no-report"));
        expectBad("--batch must be >= 1: 0", tinyArch("--batch", "0", "--no-report"));
        expectBad("--batch 1 with --image 32: the last stage's maps are 1 x 1", tinyArch("--batch", "1",
                "--no-report"));
        expectBad("--batch 64 with --image 4096: a convolution's patch matrix", tinyArch("--image", "4096", "--batch",
                "64", "--no-report"));
        expectBad("--batch 1 with --image 2048 and --width-multiplier 4.0: the network is too large for the heap",
                tinyArch("--image", "2048", "--batch", "1", "--width-multiplier", "4", "--no-report"));
        expectBad("--init: unknown initializer", tinyArch("--init", "no_such", "--no-report"));
        expectBad("--init lists torchvision twice", tinyArch("--init", "torchvision,torchvision", "--no-report"));
        expectBad("--init lsuv cannot be given with --arch", tinyArch("--init", "lsuv", "--no-report"));
        expectBad("--init: parameter conv1.weight [8, 3, 7, 7] cannot be filled", tinyArch("--init", "identity",
                "--no-report"));
        expectBad("--image goes with --arch", "diagnose", "--image", "32", "--no-report");
        expectBad("--width-multiplier goes with --arch", "diagnose", "--width-multiplier", "1", "--no-report");
    }

    @Test
    void argumentsAreCheckedAndNamed() {
        expectBad("--layers", "diagnose", "--layers", "8,0,8", "--no-report");
        expectBad("--layers must give the input width and at least one layer", "diagnose", "--layers", "8",
                "--no-report");
        expectBad("--layers: layer 1 has too many weights", "diagnose", "--layers", "100000,100000", "--no-report");
        expectBad("--activation: unknown activation", "diagnose", "--layers", "8,8", "--activation", "softsign",
                "--no-report");
        expectBad("--activation lists swish twice (swish and silu)", "diagnose", "--layers", "8,8", "--activation",
                "swish,silu", "--no-report");
        expectBad("--activation lists relu twice", "diagnose", "--layers", "8,8", "--activation", "relu,RELU",
                "--no-report");
        expectBad("--init: ", "diagnose", "--layers", "8,8", "--init", "no_such", "--no-report");
        expectBad("--init lists he_normal twice", "diagnose", "--layers", "8,8", "--init", "he_normal,he_normal",
                "--no-report");
        expectBad("--init: ", "diagnose", "--layers", "8,8", "--init", "std=-1", "--no-report");
        expectBad("--init: layer 1 (8 x 4) cannot be filled by dirac_", "diagnose", "--layers", "8,4", "--init",
                "dirac_", "--no-report");
        expectBad("--batch must be >= 1: 0", "diagnose", "--layers", "8,8", "--batch", "0", "--no-report");
        expectBad("--batch must be >= 1: -3", "diagnose", "--layers", "8,8", "--batch", "-3", "--no-report");
        expectBad("--batch 2147483647: 2147483647 rows x 8 units (the widest layer)", "diagnose", "--layers", "8,8",
                "--batch", "2147483647", "--no-report");
        expectBad("--batch 100000 with --layers 8,20000,20000,8: the network is too large for the heap",
                "diagnose", "--layers", "8,20000,20000,8", "--batch", "100000", "--no-report");
        expectBad("--threads must be between 1 and 1024: 0", "diagnose", "--layers", "8,8", "--threads", "0", "--no-report");
        expectBad("--data cannot be read", "diagnose", "--layers", "8,8", "--data", dir.resolve("none.npy").toString(),
                "--no-report");
    }

    /**
     * A header may declare more rows than memory holds, in a file that takes 4 KB on disk: the
     * shape is refused from the header, before anything is allocated, naming --data and the shape.
     */
    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAllocating() throws IOException {
        long start = System.nanoTime();
        Path rows31 = sparseNpy("rows31.npy", 1L << 31, 8);
        String err = CliRun.of(small("--layers", "8,8", "--data", rows31.toString(), "--no-report")).badInput().err();
        assertThat(err).contains("--data", "[2147483648, 8]");
        // Fits one array, but not the heap: what ended in an OutOfMemoryError.
        Path rows26 = sparseNpy("rows26.npy", 1L << 26, 16);
        err = CliRun.of(small("--layers", "16,16", "--data", rows26.toString(), "--no-report")).badInput().err();
        assertThat(err).contains("--data", "[67108864, 16]", "too large for the heap");
        assertThat(System.nanoTime() - start).as("refused from the header, without reading")
                .isLessThan(10_000_000_000L);
    }

    @Test
    void dataMustBeFiniteAndNotConstant() throws IOException {
        Path nan = sparseNpy("nan.npy", 4, 2);
        try (RandomAccessFile f = new RandomAccessFile(nan.toFile(), "rw")) {
            f.seek(f.length() - 4 * 3);                    // row 2, column 1
            f.write(new byte[] {0, 0, (byte) 0xC0, 0x7F});  // NaN, little-endian float32
        }
        assertThat(CliRun.of(small("--layers", "2,2", "--data", nan.toString(), "--no-report")).badInput().err())
                .contains("--data must hold finite float32 values: NaN at row 2, column 1");
        Path zeros = sparseNpy("zeros.npy", 4, 2);
        assertThat(CliRun.of(small("--layers", "2,2", "--data", zeros.toString(), "--no-report")).badInput().err())
                .contains("--data must not be constant");
    }

    /** An output that cannot be written is found before the input is read or anything computed. */
    @Test
    void outputsAreCheckedBeforeTheInputIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "keep");
        String missing = dir.resolve("missing.npy").toString();
        assertThat(CliRun.of(small("--report", file.toString(), "--data", missing)).badInput().err())
                .contains("--report", "not a directory");
        assertThat(CliRun.of(small("--no-report", "--json", dir.toString(), "--data", missing)).badInput().err())
                .contains("--json is a directory");
        assertThat(CliRun.of(small("--no-report", "--json", dir.resolve("no/such/x.json").toString(), "--data",
                missing)).badInput().err()).contains("--json cannot be written", "its directory does not exist");
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep");
        assertThat(CliRun.of(small("--report", mine.toString(), "--data", missing)).badInput().err())
                .contains("--report", "is not a jinit report");
        assertThat(Files.readString(file)).isEqualTo("keep");
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep");
    }

    @Test
    void theInputIsNeverAnOutput() throws IOException {
        Path data = dir.resolve("x.npy");
        writeNpy(data, 16, 8);
        byte[] before = Files.readAllBytes(data);
        assertThat(CliRun.of(small("--layers", "8,8", "--data", data.toString(), "--no-report", "--json",
                data.toString())).badInput().err()).contains("--json must not be the --data input");
        assertThat(CliRun.of(small("--layers", "8,8", "--data", data.toString(), "--no-report", "--json",
                dir.resolve("./sub/../x.npy").toString())).badInput().err()).contains("--json");
        Path link = Files.createLink(dir.resolve("link.npy"), data);
        assertThat(CliRun.of(small("--layers", "8,8", "--data", data.toString(), "--no-report", "--json",
                link.toString())).badInput().err()).contains("--json must not be the --data input");
        assertThat(CliRun.of(small("--layers", "8,8", "--data", data.toString(), "--report", dir.toString()))
                .badInput().err()).contains("--report");
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
        Path rep = dir.resolve("rep");
        assertThat(CliRun.of(small("--report", rep.toString(), "--json", rep.resolve("d.json").toString()))
                .badInput().err()).contains("--json must not lie in --report");
        assertThat(rep).doesNotExist();
    }

    /**
     * The JSON is written after the report is built and before it replaces the previous one: a
     * JSON that cannot be written leaves the previous report byte for byte, and no temporary file.
     */
    @Test
    void aJsonThatCannotBeWrittenLeavesThePreviousReport() throws IOException {
        Path rep = dir.resolve("rep");
        assertThat(CliRun.of(small("--report", rep.toString())).status()).isZero();
        byte[] page = Files.readAllBytes(rep.resolve("index.html"));
        List<String> before = listing(rep);

        // The name is refused only by the final rename, after the report is built.
        Path tooLong = dir.resolve("j".repeat(300) + ".json");
        String err = CliRun.of(small("--activation", "tanh", "--report", rep.toString(), "--json", tooLong.toString()))
                .badInput().err();
        assertThat(err).startsWith("jinit: --json cannot be written: ").contains("(File name too long)");
        // /proc refuses new files whoever asks, root included.
        err = CliRun.of(small("--activation", "tanh", "--report", rep.toString(), "--json", "/proc/x.json"))
                .badInput().err();
        assertThat(err).startsWith("jinit: --json cannot be written: /proc/x.json (");

        // Nor are the directories made for a new report left behind.
        err = CliRun.of(small("--report", dir.resolve("new/sub/rep").toString(), "--json", tooLong.toString()))
                .badInput().err();
        assertThat(err).contains("(File name too long)");

        assertThat(Files.readAllBytes(rep.resolve("index.html"))).isEqualTo(page);
        assertThat(listing(rep)).isEqualTo(before);
        assertThat(listing(dir)).containsExactly("rep");
    }

    /**
     * Standard output that fails (a full device, a closed pipe) is found once the terminal report
     * is printed, before the report directory and the JSON are written.
     */
    @Test
    void aLostTerminalReportWritesNoFiles() throws IOException {
        Path report = dir.resolve("rp");
        Path json = dir.resolve("jj.json");
        Writer full = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"diagnose", "--layers", "6,5", "--batch", "8", "--seed", "1", "--report",
            report.toString(), "--json", json.toString(), "--threads", "2"}, new PrintWriter(full),
                new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isEqualTo(Main.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("jinit: standard output cannot be written (closed pipe or full "
                + "device): the output is incomplete");
        assertThat(listing(dir)).isEmpty();
    }

    @Test
    void theJsonIsAFileNamedByANonEmptyPath() throws IOException {
        expectBad("--json - would mix JSON into the terminal report on standard output; give a file name",
                small("--no-report", "--json", "-"));
        expectBad("--json - would mix", small("--report", dir.resolve("r").toString(), "--json", "-"));
        assertThat(CliRun.of(small("--no-report", "--json", "")).badInput().err().strip())
                .isEqualTo("jinit: --json must name a file: ''");
        assertThat(CliRun.of(small("--report", dir.resolve("r").toString(), "--json", "")).badInput().err().strip())
                .isEqualTo("jinit: --json must name a file: ''");
        assertThat(CliRun.of(small("--report", "")).badInput().err().strip())
                .isEqualTo("jinit: --report must name a directory: ''");
        assertThat(listing(dir)).isEmpty();
    }

    /**
     * A FIFO stands for any file that is not regular (a device such as a copy of /dev/full): the
     * JSON's rename would replace it by a regular file. Made by mkfifo in the test's own
     * directory, which needs no privilege.
     */
    @Test
    void aJsonThatIsNotARegularFileIsRefusedAndLeftAlone() throws IOException, InterruptedException {
        Path fifo = dir.resolve("full.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor()).as(new String(mkfifo.getInputStream().readAllBytes())).isZero();
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), fifo);
        Path report = dir.resolve("r");
        for (Path json : List.of(fifo, link)) {
            assertThat(CliRun.of(small("--no-report", "--json", json.toString())).badInput().err().strip())
                    .isEqualTo("jinit: --json is not a regular file (a device or a pipe): " + json);
            // Checked with the other outputs, before anything is computed or written.
            assertThat(CliRun.of(small("--report", report.toString(), "--json", json.toString())).badInput().err())
                    .contains("--json is not a regular file (a device or a pipe): " + json);
        }
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.getAttribute(fifo, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("still a FIFO (S_IFIFO)").matches(m -> ((Integer) m & 0170000) == 0010000);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(report).doesNotExist();
    }

    @Test
    void eachListAndTheBatchAreGivenOnce() throws IOException {
        Path npy = dir.resolve("ok.npy");
        writeNpy(npy, 8, 6);
        assertThat(CliRun.of("diagnose", "--layers", "6,5", "--batch", "4", "--data", npy.toString(), "--no-report")
                .badInput().err().strip()).isEqualTo("jinit: --batch and --data both set the batch: give one");
        CliRun run = CliRun.of("diagnose", "--layers", "6,5", "--init", "he_normal", "--activation", "relu", "--data",
                npy.toString(), "--no-report", "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("batch 8");

        expectBad("--layers given twice: 6,5,4 0,5", "diagnose", "--layers", "6,5,4", "--layers", "0,5",
                "--no-report");
        expectBad("--activation given twice: relu tanh", "diagnose", "--layers", "6,5", "--activation", "relu",
                "--activation", "tanh", "--no-report");
        expectBad("--init given twice: he_normal zeros", "diagnose", "--layers", "6,5", "--init", "he_normal",
                "--init", "zeros", "--no-report");
        expectBad("--layers must be whole numbers separated by commas, e.g. 784,128: 6,x", "diagnose", "--layers",
                "6,x", "--no-report");
        expectBad("--layers must be whole numbers separated by commas, e.g. 784,128: 6,,5", "diagnose", "--layers",
                "6,,5", "--no-report");
        expectBad("--layers must be whole numbers separated by commas, e.g. 784,128: 6,+5", "diagnose", "--layers",
                "6,+5", "--no-report");
        run = CliRun.of("diagnose", "--layers", "6,5,4", "--init", "he_normal,zeros", "--activation", "relu,tanh",
                "--batch", "8", "--no-report", "--threads", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("he_normal", "zeros", "relu", "tanh");
        assertThat(listing(dir)).containsExactly("ok.npy");
    }

    private static void expectBad(String message, String... args) {
        assertThat(CliRun.of(args).badInput().err()).as(String.join(" ", args)).startsWith("jinit: ").contains(message);
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A float32 .npy header declaring (rows, cols), then a file as long as declared, sparse: all zeros. */
    private Path sparseNpy(String name, long rows, int cols) throws IOException {
        Path file = dir.resolve(name);
        byte[] header = npyHeader(rows, cols);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + rows * cols * Float.BYTES);
        }
        return file;
    }

    /** A (rows, cols) float32 .npy holding 0, 1, 2, ... */
    private static void writeNpy(Path file, int rows, int cols) throws IOException {
        byte[] header = npyHeader(rows, cols);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(header.length + rows * cols * Float.BYTES)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (int i = 0; i < rows * cols; i++) {
            b.putFloat(i);
        }
        Files.write(file, b.array());
    }

    /** NPY 1.0: magic, version, header length, a dict padded with spaces to 64 bytes, newline. */
    private static byte[] npyHeader(long rows, int cols) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                rows, cols);
        int unpadded = 10 + dict.length() + 1;
        String padded = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] text = padded.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[10 + text.length];
        header[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, header, 1, 5);
        header[6] = 1;
        header[8] = (byte) (text.length & 0xFF);
        header[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, header, 10, text.length);
        return header;
    }
}
