package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.DiagnosisRequest;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Histogram;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.diagnosis.Verdict;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartRendererTest {
    @TempDir
    Path dir;

    /** Each chart is drawn whole by one thread: the files are the same for every thread count. */
    @Test
    void theSameBytesOnOneThreadAndOnSeveral() throws Exception {
        Diagnosis d = Diagnoses.seed002();
        List<ChartFile> alone = new ChartRenderer().render(d, Files.createDirectory(dir.resolve("one")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int threads : new int[] {2, 3, 50}) {
                Path many = Files.createDirectory(dir.resolve("threads-" + threads));
                List<ChartFile> together = new ChartRenderer(pool, threads).render(d, many);
                assertThat(together).isEqualTo(alone);
                for (ChartFile f : alone) {
                    assertThat(Files.readAllBytes(many.resolve(f.fileName()))).as("%s on %d threads", f.fileName(),
                            threads).isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(f.fileName())));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Drawing from the only thread of the pool it is given draws everything on that thread. */
    @Test
    void renderingOnItsOwnPoolDoesNotWaitForItself() throws Exception {
        Diagnosis d = Diagnoses.small();
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Path own = Files.createDirectory(dir.resolve("own"));
            List<ChartFile> files = single.submit(() -> new ChartRenderer(single, 4).render(d, own))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(files).isEqualTo(new ChartRenderer().render(d, Files.createDirectory(dir.resolve("alone"))));
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void threadsAreChecked() {
        assertThatThrownBy(() -> new ChartRenderer(null, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("executor must not be null: null");
        assertThatThrownBy(() -> new ChartRenderer(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be >= 1: 0");
    }

    /** Charts drawn on several threads and then not written fail the rendering with the I/O error. */
    @Test
    void aDirectoryThatCannotBeWrittenFailsTheRendering() {
        Diagnosis d = Diagnoses.seed002();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            ChartRenderer renderer = new ChartRenderer(pool, 2);
            Path missing = dir.resolve("absent");
            assertThatThrownBy(() -> renderer.render(d, missing)).isInstanceOf(java.io.IOException.class);
            assertThat(missing).doesNotExist();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threeValidPngsPerActivationOfTheStatedSize() throws Exception {
        List<ChartFile> files = new ChartRenderer().render(Diagnoses.seed002(), dir);
        assertThat(files).hasSize(3 * Diagnoses.ACTIVATIONS.size());
        for (String activation : Diagnoses.ACTIVATIONS) {
            assertThat(files).filteredOn(f -> f.activation().equals(activation)).extracting(ChartFile::kind)
                    .containsExactly(ChartFile.Kind.PRE_ACTIVATION_STD, ChartFile.Kind.GRADIENT_RATIO,
                            ChartFile.Kind.HISTOGRAMS);
        }
        assertThat(files).extracting(ChartFile::fileName).contains("relu-pre-activation-std.png",
                "tanh-gradient-ratio.png", "selu-histograms.png");
        for (ChartFile f : files) {
            assertPng(dir.resolve(f.fileName()), f.width(), f.height());
            assertThat(f.title()).contains(f.activation());
            assertThat(f.description()).isNotBlank();
            if (f.kind() == ChartFile.Kind.HISTOGRAMS) {
                assertThat(f.width()).isEqualTo(ChartRenderer.WIDTH);
                assertThat(f.height()).isEqualTo(ChartRenderer.HISTOGRAM_HEADER_HEIGHT
                        + Diagnoses.INITIALIZERS.size() * ChartRenderer.HISTOGRAM_ROW_HEIGHT);
            } else {
                assertThat(f.width()).isEqualTo(ChartRenderer.WIDTH);
                assertThat(f.height()).isEqualTo(ChartRenderer.HEIGHT);
            }
        }
        try (Stream<Path> written = Files.list(dir)) {
            assertThat(written.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(files.stream().map(ChartFile::fileName).toList());
        }
    }

    @Test
    void eachInitializerHasOneColourAndMarkerInEveryChart() {
        Grid grid = Grid.of(Diagnoses.seed002());
        ChartRenderer renderer = new ChartRenderer();
        for (String activation : grid.activations()) {
            for (XYChart chart : List.of(renderer.stdChart(grid, activation), renderer.gradientChart(grid, activation))) {
                for (String init : grid.initializers()) {
                    XYSeries series = series(chart, init);
                    Color expected = Palette.initializer(grid.index(init));
                    assertThat(series.getLineColor()).as(init).isEqualTo(expected);
                    assertThat(series.getMarkerColor()).as(init).isEqualTo(expected);
                    assertThat(series.getMarker()).isEqualTo(series(renderer.stdChart(grid, "relu"), init).getMarker());
                }
            }
        }
        assertThat(grid.initializers().stream().map(i -> Palette.initializer(grid.index(i))).distinct())
                .hasSize(grid.initializers().size());
    }

    @Test
    void zerosAndNonFiniteValuesAreDrawnAtTheAxisEndsAndNamedInTheLegend() {
        Grid grid = Grid.of(Diagnoses.nonFinite());
        XYChart std = new ChartRenderer().stdChart(grid, "relu");
        List<String> names = new ArrayList<>(std.getSeriesMap().keySet());
        assertThat(names).anyMatch(n -> n.startsWith("0, drawn at 1e-"))
                .anyMatch(n -> n.startsWith("inf or NaN, drawn at 1e+"));
        double bottom = std.getStyler().getYAxisMin();
        double top = std.getStyler().getYAxisMax();
        for (XYSeries s : std.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                assertThat(y).isFinite().isBetween(bottom, top);
            }
        }
        XYSeries exploding = series(std, "std=2.0");
        assertThat(exploding.getYData()[Diagnoses.LAYERS - 1]).isEqualTo(top);
        XYSeries zeros = series(std, "zeros");
        assertThat(zeros.getYData()[0]).isEqualTo(bottom);
    }

    /** The charts plot the judged ratios between the verdicts' bounds, drawn as two lines. */
    @Test
    void chartsShowTheJudgedRatiosBetweenTheBounds() {
        Diagnosis d = Diagnoses.seed002();
        Grid grid = Grid.of(d);
        ChartRenderer renderer = new ChartRenderer();
        RunReport he = grid.run("he_normal", "relu");
        XYChart std = renderer.stdChart(grid, "relu");
        assertThat(std.getSeriesMap().get("vanishing below 0.1").getYData()).containsOnly(-1.0);
        assertThat(std.getSeriesMap().get("exploding above 10").getYData()).containsOnly(1.0);
        assertThat(series(std, "he_normal").getYData()[3])
                .isEqualTo(Math.log10(he.layers().get(3).preActivationStd() / he.inputStd()));
        XYChart gradient = renderer.gradientChart(grid, "relu");
        assertThat(gradient.getSeriesMap().get("vanishing below 0.01").getYData()).containsOnly(-2.0);
        assertThat(gradient.getSeriesMap().get("exploding above 100").getYData()).containsOnly(2.0);
        assertThat(series(gradient, "he_normal").getYData()[3])
                .isEqualTo(Math.log10(he.layers().get(3).weightGradientRatio()));
    }

    @Test
    void nonFiniteFiguresMissingHistogramsAndEmptyRunsDoNotBreakTheCharts() throws Exception {
        List<LayerReport> nan = List.of(new LayerReport(1, 4, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null));
        Histogram empty = new Histogram(0, 1, List.of());
        Histogram zeroCounts = new Histogram(0, 1, List.of(0L, 0L));
        Histogram negative = new Histogram(-3e-12, -1e-12, List.of(5L, 0L, 2L));
        Diagnosis odd = new Diagnosis(List.of(4, 4), 1, 0, List.of(
                new RunReport("nan", "relu", Double.NaN, nan, null, null, null, empty, zeroCounts, negative),
                new RunReport("none", "relu", 1, List.of(), Verdict.HEALTHY, "", "", null, null, null),
                new RunReport("none", "noLayers", 1, List.of(), Verdict.HEALTHY, "", "", null, null, null)));
        for (Diagnosis d : List.of(Diagnoses.nonFinite(), Diagnoses.everyVerdict(), odd)) {
            Path sub = Files.createTempDirectory(dir, "d");
            for (ChartFile f : new ChartRenderer().render(d, sub)) {
                assertPng(sub.resolve(f.fileName()), f.width(), f.height());
            }
        }
        assertThat(new ChartRenderer().render(new Diagnosis(List.of(1), 1, 0, List.of()), dir)).isEmpty();
    }

    /**
     * Small nets and batches on which QA saw the report fail: a histogram panel whose bars stay under
     * 10% gets a y tick at 2.5%, which was labelled with an empty string that XChart cannot lay out.
     */
    @ParameterizedTest(name = "--layers {0} --activation {1} --batch {2} --seed {3}")
    @CsvSource(delimiter = ';', value = {
        "6,5; relu,tanh,sigmoid,selu; 8; 3",
        "6,5; relu,tanh,sigmoid,selu; 8; 7",
        "6,5,5; tanh; 8; 2",
        "6,5,5; tanh; 8; 3",
    })
    void smallNetsAndBatchesRender(String layers, String activations, int batch, long seed) throws Exception {
        List<Integer> widths = Stream.of(layers.split(",")).map(Integer::valueOf).toList();
        Diagnosis d = Diagnoser.run(DiagnosisRequest.of(widths, List.of(activations.split(",")),
                Diagnoser.DEFAULT_INITIALIZERS)
                .withBatch(batch).withSeed(seed));
        List<ChartFile> files = new ChartRenderer().render(d, dir);
        assertThat(files).hasSize(3 * activations.split(",").length);
        for (ChartFile f : files) {
            assertPng(dir.resolve(f.fileName()), f.width(), f.height());
        }
    }

    @Test
    void everyHistogramTickHasAPercentLabel() {
        RunReport run = Diagnoses.small().runs().get(0);
        XYChart panel = new ChartRenderer().histogramPanel("t", run.firstLayer(), Color.RED, 300, 180);
        java.util.function.Function<Double, String> label = panel.getStyler().getyAxisTickLabelsFormattingFunction();
        assertThat(label.apply(0.0)).isEqualTo("0%");
        assertThat(label.apply(2.5)).isEqualTo("2.5%");
        assertThat(label.apply(10.0)).isEqualTo("10%");
        assertThat(label.apply(100.0)).isEqualTo("100%");
    }

    @Test
    void activationsWithTheSameFileNameGetDistinctFiles() throws Exception {
        RunReport r = Diagnoses.small().runs().get(0);
        List<RunReport> runs = new ArrayList<>();
        for (String activation : List.of("ReLU", "relu", "../relu")) {
            runs.add(new RunReport(r.initializer(), activation, r.inputStd(), r.layers(), r.verdict(), r.reason(),
                    r.recommendation(), r.firstLayer(), r.middleLayer(), r.lastLayer()));
        }
        List<ChartFile> files = new ChartRenderer().render(new Diagnosis(List.of(16, 16, 16, 16, 16), 8, 7, runs), dir);
        assertThat(files).extracting(ChartFile::fileName).doesNotHaveDuplicates()
                .contains("relu-histograms.png", "relu-2-histograms.png", "relu-3-histograms.png")
                .allMatch(n -> n.matches("[a-z0-9_][a-z0-9_.-]*\\.png"));
    }

    @Test
    void tickLabelsReadAsValues() {
        assertThat(ChartRenderer.powerOfTen(1e-8)).isEqualTo("1e-8");
        assertThat(ChartRenderer.powerOfTen(1e13)).isEqualTo("1e+13");
        assertThat(ChartRenderer.powerOfTen(0.01)).isEqualTo("0.01");
        assertThat(ChartRenderer.powerOfTen(1000)).isEqualTo("1000");
        assertThat(ChartRenderer.powerOfTenLabel(-0.5)).isEqualTo("0.32");
        assertThat(ChartRenderer.powerOfTenLabel(13.5)).isEqualTo("3.2e+13");
        assertThat(ChartRenderer.powerOfTenLabel(-8)).isEqualTo("1e-8");
        assertThat(ChartRenderer.powerOfTenLabel(309)).isEqualTo("1e+309");
        assertThat(ChartRenderer.powerOfTenLabel(-1)).isEqualTo("0.1");
        assertThat(ChartRenderer.powerOfTenLabel(308.9999)).isEqualTo("1.0e+309");
        assertThat(ChartRenderer.unitExponent(0, 3.1e-9)).isEqualTo(-9);
        assertThat(ChartRenderer.unitExponent(-1, 1)).isZero();
        assertThat(ChartRenderer.unitExponent(0, 0)).isZero();
        assertThat(System.getProperty("java.awt.headless")).isEqualTo("true");
    }

    private static XYSeries series(XYChart chart, String init) {
        return chart.getSeriesMap().entrySet().stream()
                .filter(e -> e.getKey().equals(init) || e.getKey().startsWith(init + " (same as "))
                .map(java.util.Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(init));
    }

    static void assertPng(Path file, int width, int height) throws Exception {
        assertThat(file).exists();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).as(file.toString()).isNotNull();
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
    }
}
