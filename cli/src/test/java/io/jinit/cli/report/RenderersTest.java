package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.diagnosis.Diagnosis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every renderer survives every odd diagnosis, and they agree on what they show. */
class RenderersTest {
    @TempDir
    Path tmp;

    @Test
    void nonFiniteAndMissingFiguresBreakNoRenderer() throws Exception {
        int n = 0;
        for (Diagnosis d : List.of(Diagnoses.nonFinite(), Diagnoses.odd(), Diagnoses.everyVerdict(),
                new Diagnosis(List.of(), 0, 0, List.of()))) {
            String text = new TerminalReport(true).render(d);
            TerminalReportTest.assertFits(text);
            assertThat(JsonReport.read(JsonReport.toJson(d))).isEqualTo(d);
            Path dir = tmp.resolve("report" + n++);
            Path page = HtmlReport.write(d, dir);
            String html = Files.readString(page);
            assertThat(html).doesNotContain("<script").endsWith("</html>\n");
            // Every chart is embedded as a whole PNG (its 8-byte signature, base64 "iVBORw0KGgo").
            assertThat(HtmlReportTest.references(html)).allMatch(ref -> ref.startsWith("data:image/png;base64,iVBORw0KGgo"));
        }
    }

    @Test
    void everyRendererShowsEveryRun() throws Exception {
        Diagnosis d = Diagnoses.everyVerdict();
        String text = new TerminalReport().render(d);
        String html = Files.readString(HtmlReport.write(d, tmp.resolve("r")));
        String json = JsonReport.toJson(d);
        for (var run : d.runs()) {
            String label = VerdictStyle.label(run.verdict());
            assertThat(text).contains(run.initializer(), label);
            assertThat(html).contains(run.initializer(), "v-" + label);
            assertThat(json).contains("\"" + run.initializer() + "\"", "\"" + label + "\"");
        }
    }
}
