package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    /** A strict parser: refuses NaN and Infinity as bare tokens, as JSON does. */
    private static final ObjectMapper STRICT = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void roundTripsEveryFigureExactly() {
        for (Diagnosis d : List.of(Diagnoses.seed002(), Diagnoses.nonFinite(), Diagnoses.everyVerdict())) {
            assertThat(JsonReport.read(JsonReport.toJson(d))).isEqualTo(d);
        }
    }

    @Test
    void theShapeIsTheDocumentedOne() throws Exception {
        Diagnosis d = Diagnoses.seed002();
        JsonNode root = STRICT.readTree(JsonReport.toJson(d));
        assertThat(root.get("format").asText()).isEqualTo("jinit-diagnosis");
        assertThat(root.get("version").asInt()).isEqualTo(2);
        assertThat(root.get("widths")).hasSize(Diagnoses.LAYERS + 1);
        assertThat(root.get("batch").asInt()).isEqualTo(Diagnoses.BATCH);
        assertThat(root.get("seed").asLong()).isEqualTo(Diagnoses.SEED);
        assertThat(root.get("runs")).hasSize(24);
        JsonNode run = root.get("runs").get(0);
        assertThat(run.get("initializer").asText()).isEqualTo("zeros");
        assertThat(run.get("activation").asText()).isEqualTo("relu");
        assertThat(run.get("verdict").asText()).isEqualTo("symmetric");
        assertThat(run.get("layers")).hasSize(Diagnoses.LAYERS);
        JsonNode layer = run.get("layers").get(0);
        assertThat(iterable(layer.fieldNames())).containsExactly("layer", "width", "preActivationMean",
                "preActivationStd", "mean", "std", "deadFraction", "saturatedFraction", "symmetric",
                "weightGradientNorm", "activationGradientNorm", "weightGradientRatio", "activationGradientRatio",
                "verdict");
        assertThat(layer.get("symmetric").asBoolean()).isTrue();
        assertThat(layer.get("weightGradientRatio").asText()).as("0/0 of an all-zero network").isEqualTo("NaN");
        JsonNode first = run.get("histograms").get("first");
        assertThat(first.get("counts")).hasSize(Diagnoses.BINS);
        RunReport he = Grid.of(d).run("he_normal", "relu");
        JsonNode heJson = root.get("runs").get(d.runs().indexOf(he));
        assertThat(heJson.get("layers").get(9).get("std").doubleValue()).isEqualTo(he.layers().get(9).std());
        assertThat(heJson.get("reason").asText()).isEqualTo(he.reason());
    }

    @Test
    void nonFiniteNumbersAreStringsSoThatTheDocumentIsValidJson() throws Exception {
        String json = JsonReport.toJson(Diagnoses.nonFinite());
        JsonNode root = STRICT.readTree(json);
        assertThat(json).contains("\"Infinity\"", "\"-Infinity\"", "\"NaN\"").doesNotContain(": NaN", ": Infinity");
        JsonNode nulls = null;
        for (JsonNode run : root.get("runs")) {
            if (run.get("reason").isNull()) {
                nulls = run;
            }
        }
        assertThat(nulls).isNotNull();
        assertThat(nulls.get("inputStd").asText()).isEqualTo("NaN");
        assertThat(nulls.get("histograms").get("first").isNull()).isTrue();
    }

    @Test
    void writesAFileAtomicallyAndRefusesWhatItDidNotWrite() throws Exception {
        Path file = tmp.resolve("sub/diagnosis.json");
        assertThatThrownBy(() -> JsonReport.write(Diagnoses.small(), file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("directory does not exist");
        Files.createDirectory(file.getParent());
        JsonReport.write(Diagnoses.small(), file);
        assertThat(JsonReport.read(Files.readString(file))).isEqualTo(Diagnoses.small());
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
        Path dir = tmp.resolve("a-directory");
        Files.createDirectory(dir);
        Files.writeString(dir.resolve("keep"), "x");
        assertThatThrownBy(() -> JsonReport.write(Diagnoses.small(), dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory");
        try (var entries = Files.list(tmp)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sub", "a-directory");
        }
        assertThatThrownBy(() -> JsonReport.read("{\"format\":\"other\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format");
        assertThatThrownBy(() -> JsonReport.read("{\"format\":\"jinit-diagnosis\",\"version\":1}"))
                .hasMessageContaining("version must be 2: 1");
        assertThatThrownBy(() -> JsonReport.read("[")).hasMessageContaining("not valid JSON");
        String bad = JsonReport.toJson(Diagnoses.small()).replaceFirst("\"std\" : [-0-9.Ee]+", "\"std\" : \"big\"");
        assertThatThrownBy(() -> JsonReport.read(bad)).hasMessageContaining("\"std\" must be a number");
    }

    @Test
    void layerFieldsMatchTheRecordComponents() {
        List<String> components = java.util.Arrays.stream(LayerReport.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toList();
        JsonNode layer;
        try {
            layer = STRICT.readTree(JsonReport.toJson(Diagnoses.small())).get("runs").get(0).get("layers").get(0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(iterable(layer.fieldNames())).containsExactlyElementsOf(components);
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
