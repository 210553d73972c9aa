package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    /** Attributes that can make a browser fetch something. */
    private static final Set<String> FETCHING = Set.of("src", "href", "srcset", "action", "formaction", "data",
            "poster", "background", "xlink:href", "ping", "manifest", "codebase", "cite", "longdesc");

    @TempDir
    Path tmp;

    @Test
    void thePageShowsEveryChartWrittenAndReferencesNothingElse() throws Exception {
        Path dir = tmp.resolve("jinit-report");
        Path page = HtmlReport.write(Diagnoses.seed002(), dir);
        assertThat(page).isEqualTo(dir.resolve("index.html"));
        String html = Files.readString(page, StandardCharsets.UTF_8);

        Set<String> pngs = new LinkedHashSet<>();
        Set<String> specs = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.html"))
                    .forEach(n -> (n.endsWith(MlpNextStep.SPEC_SUFFIX) ? specs : pngs).add(n));
        }
        assertThat(pngs).hasSize(3 * Diagnoses.ACTIVATIONS.size()).allMatch(n -> n.endsWith(".png"));
        // Beside the page, the next step's spec of each activation with a healthy run to generate.
        assertThat(specs).isSubsetOf(Diagnoses.ACTIVATIONS.stream().map(a -> a + MlpNextStep.SPEC_SUFFIX).toList());
        // The page is self-contained: every reference is a PNG embedded whole, none points elsewhere.
        List<String> references = references(html);
        assertThat(references).hasSize(pngs.size()).doesNotHaveDuplicates()
                .allMatch(r -> r.matches("data:image/png;base64,[A-Za-z0-9+/]+=*"));
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script", "@import", "url(", "<link", "<iframe",
                "<object", "<embed", "@font-face", "http://", "https://");

        // every <img> holds the bytes of one PNG beside the page and states its size
        Set<String> embedded = new LinkedHashSet<>();
        Matcher img = Pattern.compile("<img src=\"data:image/png;base64,([^\"]+)\" width=\"(\\d+)\" "
                + "height=\"(\\d+)\"").matcher(html);
        while (img.find()) {
            Path copy = Files.write(tmp.resolve("embedded-" + embedded.size() + ".png"),
                    Base64.getDecoder().decode(img.group(1)));
            ChartRendererTest.assertPng(copy, Integer.parseInt(img.group(2)), Integer.parseInt(img.group(3)));
            embedded.add(img.group(1));
        }
        Set<String> beside = new LinkedHashSet<>();
        for (String png : pngs) {
            beside.add(Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(png))));
        }
        assertThat(embedded).isEqualTo(beside);
    }

    @Test
    void theVerdictTableListsEveryRunWithItsReason() throws Exception {
        Diagnosis d = Diagnoses.seed002();
        String html = Files.readString(HtmlReport.write(d, tmp.resolve("r")));
        String table = html.substring(html.indexOf("<table class=\"verdicts\">"), html.indexOf("</table>"));
        Matcher cell = Pattern.compile("<td class=\"v v-([a-z]+)\" title=\"([^\"]*)\">").matcher(table);
        List<String> cells = new ArrayList<>();
        while (cell.find()) {
            cells.add(cell.group(1) + "|" + cell.group(2));
        }
        assertThat(cells).hasSize(d.runs().size());
        Grid grid = Grid.of(d);
        int i = 0;
        for (String init : grid.initializers()) {
            assertThat(table).contains(init);
            for (String activation : grid.activations()) {
                RunReport run = grid.run(init, activation);
                String label = VerdictStyle.label(run.verdict());
                assertThat(cells.get(i++)).isEqualTo(label + "|" + HtmlReport.esc(label + ": " + run.reason()));
                assertThat(table).contains("<span class=\"why\">" + HtmlReport.esc(run.reason()) + "</span>");
            }
        }
        for (String activation : grid.activations()) {
            assertThat(table).contains("<th scope=\"col\">" + activation + "</th>");
            assertThat(table).contains(HtmlReport.esc(grid.recommendations(activation).get(0)));
        }
        assertThat(html).contains("input 256, 10 layers of 256", "32 examples", "How to read this");
        // Sigmoid has no healthy run here, and its box says so instead of looking like a go-ahead.
        assertThat(html).contains("<p class=\"recommended none-healthy\"><strong>No healthy run:</strong> none of "
                + "the initializers tried is healthy for sigmoid")
                .contains("<p class=\"recommended\"><strong>Recommended:</strong> he_normal: ");
    }

    /**
     * The legend is the engine's own rules (whose numbers VerdictRulesTest checks against the
     * verdicts), in verdict order, and speaks of the reference the verdicts use: the last layer.
     */
    @Test
    void theLegendIsTheEnginesRules() throws Exception {
        String html = Files.readString(HtmlReport.write(Diagnoses.seed002(), tmp.resolve("legend")));
        String legend = html.substring(html.indexOf("<dl class=\"legend\">"), html.indexOf("</dl>",
                html.indexOf("<dl class=\"legend\">")));
        StringBuilder expected = new StringBuilder("<dl class=\"legend\">\n");
        for (Verdict v : Verdict.values()) {
            String label = VerdictStyle.label(v);
            expected.append("<dt><span class=\"chip v-").append(label).append("\">").append(label)
                    .append("</span></dt><dd>").append(HtmlReport.esc(Diagnoser.rule(v))).append("</dd>\n");
        }
        assertThat(legend).isEqualTo(expected.toString());
        assertThat(legend.replace("&#39;", "'")).contains("more than 10 times the input's", "less than 0.1 times the input's",
                "more than 100 times the last layer's", "less than 0.01 times the last layer's", "at least 50%",
                "on at least 90% of the batch").doesNotContain("layer 1");
    }

    @Test
    void nonFiniteFiguresAndHostileNamesAreWrittenSafely() throws Exception {
        String html = Files.readString(HtmlReport.write(Diagnoses.nonFinite(), tmp.resolve("nf")));
        assertThat(html).contains("<td>inf</td>", "<td>NaN</td>", "no reason given");
        RunReport r = Diagnoses.small().runs().get(0);
        Diagnosis hostile = new Diagnosis(List.of(16, 16, 16, 16, 16), 8, 7, List.of(new RunReport(
                "<script src=\"https://x.example/a.js\"></script>", "relu\" onerror=\"x", r.inputStd(), r.layers(),
                r.verdict(), "<img src=//x>", r.recommendation(), r.firstLayer(), r.middleLayer(), r.lastLayer())));
        Path dir = tmp.resolve("hostile");
        String page = Files.readString(HtmlReport.write(hostile, dir));
        assertThat(page.toLowerCase(Locale.ROOT)).doesNotContain("<script", "<img src=//");
        assertThat(references(page)).allMatch(ref -> ref.matches("data:image/png;base64,[A-Za-z0-9+/]+=*"));
    }

    @Test
    void aFailedRenderLeavesNoReportAndNoTemporaryFiles() throws Exception {
        Path dir = tmp.resolve("out/jinit-report");
        HtmlReport.ChartWriter failing = (d, into) -> {
            Files.write(into.resolve("relu-pre-activation-std.png"), new byte[] {1, 2, 3});
            throw new IOException("disk full");
        };
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), dir, failing)).hasMessage("disk full");
        assertThat(dir.getParent()).as("the directory made for the report is removed with it").doesNotExist();

        HtmlReport.ChartWriter crashing = (d, into) -> {
            throw new IllegalStateException("renderer bug");
        };
        Files.createDirectory(dir.getParent());
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), dir, crashing)).hasMessage("renderer bug");
        assertThat(listing(dir.getParent())).as("an existing parent stays").isEmpty();

        // a failure while a previous report exists leaves the previous report as it was
        HtmlReport.write(Diagnoses.small(), dir);
        List<String> before = listing(dir);
        byte[] page = Files.readAllBytes(dir.resolve("index.html"));
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.seed002(), dir, failing)).hasMessage("disk full");
        assertThat(listing(dir)).isEqualTo(before);
        assertThat(Files.readAllBytes(dir.resolve("index.html"))).isEqualTo(page);
        assertThat(listing(dir.getParent())).containsExactly("jinit-report");
    }

    @Test
    void aDrawingThatRefusesItsArgumentsIsABugNotBadInput() throws Exception {
        Path dir = tmp.resolve("jinit-report");
        HtmlReport.ChartWriter refusing = (d, into) -> {
            throw new IllegalArgumentException("Zero length string passed to TextLayout constructor.");
        };
        // The command reports an IllegalArgumentException as bad input (exit 2), anything else as
        // an internal error (exit 1).
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), dir, refusing))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("the report cannot be drawn: Zero length string passed to TextLayout constructor.")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(listing(tmp)).isEmpty();
    }

    @Test
    void replacesAPreviousReportButNothingElse() throws Exception {
        Path dir = tmp.resolve("jinit-report");
        HtmlReport.write(Diagnoses.small(), dir);
        assertThat(listing(dir)).contains("relu-histograms.png", "tanh-histograms.png");
        HtmlReport.write(Diagnoses.everyVerdict(), dir);
        assertThat(listing(dir)).contains("act0-histograms.png").doesNotContain("relu-histograms.png");
        assertThat(listing(tmp)).containsExactly("jinit-report");

        Files.createDirectories(tmp.resolve("empty"));
        HtmlReport.write(Diagnoses.small(), tmp.resolve("empty"));
        assertThat(tmp.resolve("empty/index.html")).exists();

        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("thesis.txt"), "years of work");
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), home))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("report directory exists and is not a jinit report (refusing to replace it): " + home);
        assertThat(listing(home)).containsExactly("thesis.txt");

        Path lookalike = tmp.resolve("lookalike");
        Files.createDirectories(lookalike);
        Files.writeString(lookalike.resolve("index.html"), "<html>someone else's</html>");
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), lookalike))
                .isInstanceOf(IllegalArgumentException.class);

        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> HtmlReport.write(Diagnoses.small(), file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    /**
     * The values of every fetching attribute of every tag, found by walking the tags and their
     * attributes as a browser tokenizes them (quoted values are skipped whole, so that text such as
     * {@code title="&lt;img src=x&gt;"} is not mistaken for an attribute).
     */
    static List<String> references(String html) {
        List<String> refs = new ArrayList<>();
        int i = 0;
        while ((i = html.indexOf('<', i)) >= 0) {
            i++;
            if (i >= html.length() || !Character.isLetter(html.charAt(i))) {
                continue;
            }
            while (i < html.length() && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                i++;
            }
            while (i < html.length() && html.charAt(i) != '>') {
                char c = html.charAt(i);
                if (Character.isWhitespace(c) || c == '/') {
                    i++;
                    continue;
                }
                int nameStart = i;
                while (i < html.length() && "=> \t\n/".indexOf(html.charAt(i)) < 0) {
                    i++;
                }
                String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
                String value = null;
                if (i < html.length() && html.charAt(i) == '=') {
                    i++;
                    char q = html.charAt(i);
                    if (q == '"' || q == '\'') {
                        int end = html.indexOf(q, i + 1);
                        value = html.substring(i + 1, end);
                        i = end + 1;
                    } else {
                        int start = i;
                        while (i < html.length() && !Character.isWhitespace(html.charAt(i)) && html.charAt(i) != '>') {
                            i++;
                        }
                        value = html.substring(start, i);
                    }
                }
                if (value != null && FETCHING.contains(name)) {
                    refs.add(value);
                }
            }
        }
        return refs;
    }

    @Test
    void theReferenceFinderFindsWhatABrowserWouldFetch() {
        assertThat(references("<p title=\"&lt;img src=x&gt;\">a src=b</p><img alt='x' src='a.png'>"
                + "<a href=https://x/ id=y><link rel=stylesheet href=\"s.css\"/>")).containsExactly("a.png", "https://x/",
                "s.css");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
