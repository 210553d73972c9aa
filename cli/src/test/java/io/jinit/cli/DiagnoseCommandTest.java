package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagnoseCommandTest {
    @TempDir
    Path dir;

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
        CliRun.of("diagnose", "--layers", "8,8", "--data", npy.toString(), "--no-report").badInput();
    }

    @Test
    void badInput() {
        CliRun.of("diagnose", "--layers", "8,0,8", "--no-report").badInput();
        CliRun.of("diagnose", "--layers", "8,8", "--activation", "softsign", "--no-report").badInput();
        CliRun.of("diagnose", "--layers", "8,8", "--init", "no_such", "--no-report").badInput();
        CliRun.of("diagnose", "--layers", "8,8", "--batch", "0", "--no-report").badInput();
        CliRun.of("diagnose", "--layers", "8,8", "--threads", "0", "--no-report").badInput();
        CliRun.of("diagnose", "--layers", "8,8", "--data", dir.resolve("none.npy").toString()).badInput();
    }
}
