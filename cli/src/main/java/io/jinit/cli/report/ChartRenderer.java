package io.jinit.cli.report;

import io.jinit.diagnosis.Diagnoser;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Histogram;
import io.jinit.diagnosis.RunReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the charts of a diagnosis with XChart, headless, to PNG. Per activation:
 * <ul>
 * <li>{@code <activation>-pre-activation-std.png}: pre-activation std relative to the input's by layer,
 * one line per initializer, log scale, with the verdicts' bounds;</li>
 * <li>{@code <activation>-gradient-ratio.png}: weight-gradient norm relative to the last layer's by
 * layer, likewise: the two figures the verdicts judge;</li>
 * <li>{@code <activation>-histograms.png}: histograms of the first, middle and last layer's
 * activations, one row per initializer (small multiples, each with its own x range).</li>
 * </ul>
 * Every initializer keeps one colour and marker in every chart. A log scale cannot show zero,
 * infinity or NaN: such values are drawn at the bottom (zero) or top (infinity, NaN) of the axis
 * with a black cross or plus on the point, and the legend says where they are drawn.
 *
 * @since 0.1
 */
public final class ChartRenderer {
    /** Width of the line charts, and of the histogram images, in pixels. */
    public static final int WIDTH = 900;
    /** Height of the line charts in pixels. */
    public static final int HEIGHT = 500;
    /** Height of one row of histograms in pixels: the initializer's name, then its three panels. */
    public static final int HISTOGRAM_ROW_HEIGHT = 180;
    /**
     * Height of the strip that names a row's initializer across the whole width: in the panels'
     * titles a long name ({@code variance_scaling(scale=2.0, mode=fan_out, ...)}) would be clipped
     * at both ends.
     */
    private static final int HISTOGRAM_NAME_HEIGHT = 20;
    /** Height of the title strip above the rows of histograms in pixels. */
    public static final int HISTOGRAM_HEADER_HEIGHT = 64;

    private static final String FONT = Font.SANS_SERIF;
    static final Color INK = new Color(0x222222);
    private static final Color MUTED = new Color(0x555555);
    private static final Color GRID = new Color(0xE3E3E3);
    private static final Color BOUND = new Color(0x888888);
    static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE, SeriesMarkers.TRAPEZOID,
    };

    static {
        // A command-line tool draws off screen; leave an explicit choice of the user alone.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final Executor executor;
    private final int threads;

    /** A renderer drawing one chart at a time on the calling thread. */
    public ChartRenderer() {
        this(Runnable::run, 1);
    }

    /**
     * A renderer drawing up to {@code threads} charts at once; each chart's pixels and PNG bytes
     * are the same whatever thread draws it.
     *
     * @param executor runs the helpers; the calling thread takes part
     * @param threads how many charts may be drawn at once, counting the calling thread, &gt;= 1
     * @throws IllegalArgumentException if the executor is null or threads &lt; 1
     */
    public ChartRenderer(Executor executor, int threads) {
        if (executor == null) {
            throw new IllegalArgumentException("executor must not be null: null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.executor = executor;
        this.threads = threads;
    }

    /**
     * Writes every chart of the diagnosis into {@code dir}, which must exist: three per activation,
     * in the order of the diagnosis's activations.
     *
     * @param diagnosis what to draw
     * @param dir where to write the PNG files
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    public List<ChartFile> render(Diagnosis diagnosis, Path dir) throws IOException {
        Grid grid = Grid.of(diagnosis);
        List<Chart> charts = new ArrayList<>();
        Set<String> stems = new HashSet<>();
        for (String activation : grid.activations()) {
            String stem = Figures.slug(activation);
            for (int n = 2; !stems.add(stem); n++) {
                stem = Figures.slug(activation) + "-" + n;
            }
            charts.add(new Chart(stem + "-pre-activation-std.png", ChartFile.Kind.PRE_ACTIVATION_STD, activation,
                    stdTitle(activation), "Standard deviation of each layer's pre-activations (the input of its "
                            + activation + ") divided by the input batch's, one line per initializer, on a log "
                            + "scale; a layer below " + Figures.plain(Diagnoser.VANISHING_STD_RATIO) + " is vanishing,"
                            + " above " + Figures.plain(Diagnoser.EXPLODING_STD_RATIO) + " exploding.",
                    () -> image(stdChart(grid, activation), WIDTH, HEIGHT)));
            charts.add(new Chart(stem + "-gradient-ratio.png", ChartFile.Kind.GRADIENT_RATIO, activation,
                    gradientTitle(activation), "Frobenius norm of the loss gradient with respect to each layer's "
                            + "weights divided by the last layer's, where the gradient enters, one line per "
                            + "initializer, on a log scale; a layer below "
                            + Figures.plain(Diagnoser.VANISHING_GRADIENT_RATIO) + " is vanishing, above "
                            + Figures.plain(Diagnoser.EXPLODING_GRADIENT_RATIO) + " exploding.",
                    () -> image(gradientChart(grid, activation), WIDTH, HEIGHT)));
            charts.add(new Chart(stem + "-histograms.png", ChartFile.Kind.HISTOGRAMS, activation,
                    histogramTitle(activation), "Histograms of the " + activation + " activations of the first, "
                            + "middle and last layer, one row per initializer; each panel has its own x range.",
                    () -> histograms(grid, activation)));
        }
        Png[] pngs = draw(charts);
        List<ChartFile> files = new ArrayList<>();
        for (int c = 0; c < charts.size(); c++) {
            Chart chart = charts.get(c);
            Files.write(dir.resolve(chart.fileName()), pngs[c].bytes());
            files.add(new ChartFile(chart.fileName(), chart.kind(), chart.activation(), chart.title(),
                    chart.description(), pngs[c].width(), pngs[c].height()));
        }
        return files;
    }

    /** A chart to draw: what its {@link ChartFile} says, and how to draw it. */
    private record Chart(String fileName, ChartFile.Kind kind, String activation, String title, String description,
                         Supplier<BufferedImage> drawing) {
    }

    /** A drawn chart, encoded. */
    private record Png(byte[] bytes, int width, int height) {
    }

    /**
     * Draws and encodes every chart, up to {@code threads} at once: the calling thread and
     * {@code threads - 1} helpers on the executor take the next chart not yet taken until none is
     * left. A helper that starts late (a busy executor, or the caller's own pool) finds nothing
     * left and returns, and the caller waits only for charts that were taken, so that rendering on
     * a task of a bounded executor cannot deadlock. After an error the charts left are skipped; the
     * error is rethrown once every taken chart is done.
     */
    private Png[] draw(List<Chart> charts) throws IOException {
        Png[] pngs = new Png[charts.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(charts.size());
        Runnable worker = () -> {
            for (int c = next.getAndIncrement(); c < charts.size(); c = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        BufferedImage image = charts.get(c).drawing().get();
                        pngs[c] = new Png(encode(image), image.getWidth(), image.getHeight());
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        for (int h = 1; h < Math.min(threads, charts.size()); h++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                break; // the calling thread draws the charts instead
            }
        }
        worker.run();
        awaitUninterruptibly(done);
        Throwable e = failure.get();
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return pngs;
    }

    /**
     * Waits for the charts the helpers took. Returning early on an interrupt would leave helpers
     * writing into the array the caller goes on to read, so the interrupt is kept for later instead.
     */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The PNG bytes of an image, encoded in memory so that a failed write (no space left) reports
     * the operating system's reason rather than ImageIO's "I/O error writing PNG file!".
     */
    static byte[] encode(BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream(1 << 16);
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer in this JVM");
        }
        return png.toByteArray();
    }

    /** Pre-activation std relative to the input's by layer, between the verdicts' bounds. */
    XYChart stdChart(Grid grid, String activation) {
        return logChart(grid, activation, stdTitle(activation),
                "layer", "pre-activation std / input std (log scale)", Diagnoser.VANISHING_STD_RATIO,
                Diagnoser.EXPLODING_STD_RATIO, TerminalReport.SIGNAL);
    }

    /** Weight-gradient norm relative to the last layer's by layer, between the verdicts' bounds. */
    XYChart gradientChart(Grid grid, String activation) {
        return logChart(grid, activation, gradientTitle(activation), "layer",
                "weight-gradient norm / last layer's (log scale)", Diagnoser.VANISHING_GRADIENT_RATIO,
                Diagnoser.EXPLODING_GRADIENT_RATIO, TerminalReport.GRADIENT);
    }

    /**
     * One line per initializer of a figure by layer (from 1), and the verdicts' two bounds as
     * dashed grey lines: a point outside them is what makes a layer vanishing or exploding.
     */
    private XYChart logChart(Grid grid, String activation, String title, String xTitle, String yTitle,
                             double lower, double upper, TerminalReport.LayerFigure figure) {
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        style(s, 1.0f);
                s.setLegendPosition(Styler.LegendPosition.OutsideE);
        int depth = grid.depth(activation);
        s.setXAxisMin(1.0);
        s.setXAxisMax((double) Math.max(depth, 2));
        s.setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x) ? String.valueOf((long) Math.rint(x)) : "");

        List<RunReport> runs = grid.runs(activation);
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (RunReport run : runs) {
            int n = run.layers().size();
            double[] x = new double[Math.max(n, 0)];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = figure.at(run, run.layers().get(i));
                if (Double.isFinite(y[i]) && y[i] > 0) {
                    lo = Math.min(lo, y[i]);
                    hi = Math.max(hi, y[i]);
                }
            }
            xs.add(x);
            ys.add(y);
        }
        // XChart's own log axis draws nine grid lines per decade, too dense over twenty decades: plot
        // log10 of the values on a linear axis instead, and label the ticks with the values.
        LogRange range = LogRange.of(Math.min(lo, lower), Math.max(hi, upper), ys);
        s.setYAxisMin((double) range.bottom);
        s.setYAxisMax((double) range.top);
        s.setyAxisTickLabelsFormattingFunction(ChartRenderer::powerOfTenLabel);

        List<Double> zeroX = new ArrayList<>();
        List<Double> zeroY = new ArrayList<>();
        List<Double> offX = new ArrayList<>();
        List<Double> offY = new ArrayList<>();
        List<double[]> drawn = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            double[] x = xs.get(r);
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) {
                double v = ys.get(r)[i];
                if (!Double.isFinite(v)) {
                    y[i] = range.top;
                    offX.add(x[i]);
                    offY.add(y[i]);
                } else if (v <= 0) {
                    y[i] = range.bottom;
                    zeroX.add(x[i]);
                    zeroY.add(y[i]);
                } else {
                    y[i] = Math.log10(v);
                }
            }
            drawn.add(y);
            if (x.length == 0) {
                continue;
            }
            String name = runs.get(r).initializer();
            for (int earlier = 0; earlier < r; earlier++) {
                if (Arrays.equals(drawn.get(earlier), y) && Arrays.equals(xs.get(earlier), x)) {
                    name += " (same as " + runs.get(earlier).initializer() + ")";
                    break;
                }
            }
            int index = grid.index(runs.get(r).initializer());
            XYSeries series = chart.addSeries(name, x, y);
            Color colour = Palette.initializer(index);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setMarker(MARKERS[index % MARKERS.length]);
            series.setLineStyle(Palette.repeats(index)
                    ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        double[] ends = {1, Math.max(depth, 2)};
        bound(chart, "vanishing below " + Figures.plain(lower), ends, Math.log10(lower));
        bound(chart, "exploding above " + Figures.plain(upper), ends, Math.log10(upper));
        if (!zeroX.isEmpty()) {
            XYSeries zeros = chart.addSeries("0, drawn at " + powerOfTenLabel(range.bottom), zeroX, zeroY);
            offAxis(zeros, SeriesMarkers.CROSS);
        }
        if (!offX.isEmpty()) {
            XYSeries off = chart.addSeries("inf or NaN, drawn at " + powerOfTenLabel(range.top), offX, offY);
            offAxis(off, SeriesMarkers.PLUS);
        }
        if (depth == 0) {
            empty(chart, "no layers to draw");
        }
        return chart;
    }

    /** A dashed grey horizontal line at {@code log10} across {@code x}: a verdict's bound. */
    static void bound(XYChart chart, String name, double[] x, double log10) {
        XYSeries line = chart.addSeries(name, x, new double[] {log10, log10});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(BOUND);
        line.setLineStyle(new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {3f, 3f}, 0f));
    }

    static void offAxis(XYSeries series, Marker marker) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(INK);
    }

    /**
     * The y range of a log chart as powers of ten: whole decades around the finite positive values,
     * one more below for zeros and one more above for infinities and NaN.
     */
    static final class LogRange {
        final int bottom;
        final int top;

        private LogRange(int bottom, int top) {
            this.bottom = bottom;
            this.top = top;
        }

        static LogRange of(double lo, double hi, List<double[]> values) {
            boolean zeros = false;
            boolean off = false;
            for (double[] v : values) {
                for (double y : v) {
                    zeros |= Double.isFinite(y) && y <= 0;
                    off |= !Double.isFinite(y);
                }
            }
            if (!(lo <= hi)) {
                lo = 0.1;
                hi = 10;
            }
            int bottom = (int) Math.floor(Math.log10(lo) + 1e-9);
            int top = (int) Math.ceil(Math.log10(hi) - 1e-9);
            if (top <= bottom) {
                top = bottom + 1;
            }
            bottom -= zeros ? 1 : 0;
            top += off ? 1 : 0;
            return new LogRange(bottom, top);
        }
    }

    /**
     * The label of a tick at {@code log10(v)}: the value v, as {@code 0.01}, {@code 1}, {@code 1000},
     * {@code 1e-8} or {@code 1e+13} at whole powers of ten and with two digits between them
     * ({@code 0.32}, {@code 3.2e+13}). Works beyond the range of double ({@code 1e+309}).
     */
    static String powerOfTenLabel(double exponent) {
        double whole = Math.floor(exponent + 1e-9);
        long e = (long) whole;
        if (Math.abs(exponent - whole) < 1e-9) {
            return e >= -2 && e <= 3 ? powerOfTen(Math.pow(10, e)) : "1e" + (e > 0 ? "+" : "") + e;
        }
        double v = Math.pow(10, exponent);
        if (v >= Figures.FIXED_MIN && v < Figures.FIXED_MAX) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
        }
        double mantissa = Math.pow(10, exponent - whole);
        if (mantissa >= 9.95) {
            mantissa /= 10;
            e++;
        }
        return String.format(Locale.ROOT, "%.1fe%+d", mantissa, e);
    }

    /** A log-axis tick label: {@code 1e-8}, {@code 0.1}, {@code 1}, {@code 10}, {@code 1e+13}. */
    static String powerOfTen(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return Figures.format(v);
        }
        double e = Math.log10(v);
        long rounded = Math.round(e);
        if (Math.abs(e - rounded) > 1e-9) {
            return Figures.format(v);
        }
        if (rounded >= -2 && rounded <= 3) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).stripTrailingZeros()
                    .toPlainString();
        }
        return "1e" + (rounded > 0 ? "+" : "") + rounded;
    }

    private static String stdTitle(String activation) {
        return activation + ": pre-activation std / input std, by layer";
    }

    private static String gradientTitle(String activation) {
        return activation + ": weight-gradient norm / last layer's, by layer";
    }

    private static String histogramTitle(String activation) {
        return activation + ": activations of the first, middle and last layer";
    }

    /** The histograms of an activation: one row per initializer, columns first, middle, last layer. */
    BufferedImage histograms(Grid grid, String activation) {
        List<RunReport> runs = grid.runs(activation);
        int rows = Math.max(runs.size(), 1);
        int panelWidth = WIDTH / 3;
        int height = HISTOGRAM_HEADER_HEIGHT + rows * HISTOGRAM_ROW_HEIGHT;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(INK);
            g.setFont(new Font(FONT, Font.BOLD, 16));
            g.drawString(histogramTitle(activation), 14, 26);
            g.setColor(MUTED);
            g.setFont(new Font(FONT, Font.PLAIN, 13));
            g.drawString("Each panel: share of the layer's values (batch x units) per bin; x ranges differ "
                    + "between panels.", 14, 48);
            for (int r = 0; r < runs.size(); r++) {
                RunReport run = runs.get(r);
                int depth = run.layers().size();
                Histogram[] hs = {run.firstLayer(), run.middleLayer(), run.lastLayer()};
                String[] names = {"first layer", "middle layer", "last layer" + (depth > 0 ? " (" + depth + ")" : "")};
                int top = HISTOGRAM_HEADER_HEIGHT + r * HISTOGRAM_ROW_HEIGHT;
                rowName(g, run.initializer(), top);
                int panelHeight = HISTOGRAM_ROW_HEIGHT - HISTOGRAM_NAME_HEIGHT;
                for (int c = 0; c < 3; c++) {
                    XYChart panel = histogramPanel(names[c], hs[c],
                            Palette.initializer(grid.index(run.initializer())), panelWidth, panelHeight);
                    Graphics2D p = (Graphics2D) g.create(c * panelWidth, top + HISTOGRAM_NAME_HEIGHT, panelWidth,
                            panelHeight);
                    try {
                        panel.paint(p, panelWidth, panelHeight);
                    } finally {
                        p.dispose();
                    }
                }
            }
            if (runs.isEmpty()) {
                g.setColor(MUTED);
                g.drawString("no runs", 14, HISTOGRAM_HEADER_HEIGHT + 30);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The initializer's name over the width of a row, in a smaller font when it is too long for
     * the bold 13-point one (down to 9 points, then clipped at the right).
     */
    private static void rowName(Graphics2D g, String name, int top) {
        int size = 13;
        Font font = new Font(FONT, Font.BOLD, size);
        while (size > 9 && g.getFontMetrics(font).stringWidth(name) > WIDTH - 28) {
            size--;
            font = new Font(FONT, Font.BOLD, size);
        }
        g.setFont(font);
        g.setColor(INK);
        g.drawString(name, 14, top + HISTOGRAM_NAME_HEIGHT - 4);
    }

    /** One histogram as a filled outline; a message instead when there is nothing finite to draw. */
    XYChart histogramPanel(String title, Histogram h, Color colour, int width, int height) {
        XYChart chart = new XYChart(width, height);
        chart.setTitle(title);
        XYStyler s = chart.getStyler();
        style(s, 0.85f);
        s.setLegendVisible(false);
        s.setAxisTitlesVisible(false);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 12));
        s.setChartPadding(6);
        s.setYAxisMin(0.0);
        s.setXAxisDecimalPattern("0.###");
        // Every tick needs a label: XChart lays out each y label with a TextLayout, which refuses an
        // empty string, and a short axis (0 to 5% or 10%, when no bar reaches 10%) has ticks at 2.5%.
        s.setyAxisTickLabelsFormattingFunction(y -> compact(y) + "%");
        s.setMarkerSize(0);

        long total = 0;
        if (h != null) {
            for (long c : h.counts()) {
                total += c;
            }
        }
        String problem = h == null ? "no histogram"
                : !Double.isFinite(h.min()) || !Double.isFinite(h.max())
                        ? "no finite range: [" + Figures.format(h.min()) + ", " + Figures.format(h.max()) + "]"
                : h.min() > h.max()
                        ? "invalid range: min " + Figures.format(h.min()) + " > max " + Figures.format(h.max())
                        : h.counts().isEmpty() || total == 0 ? "no values" : null;
        if (problem != null) {
            empty(chart, problem);
            return chart;
        }
        // Values far from 1 are drawn in units of a power of ten named in the title, so that the
        // axis reads 0, 0.5, 1, 1.5 rather than 0, 5.00e-10, 1.00e-09.
        int exponent = unitExponent(h.min(), h.max());
        double unit = Math.pow(10, exponent);
        if (exponent != 0) {
            chart.setTitle(title + " (x " + powerOfTen(unit) + ")");
        }
        int bins = h.counts().size();
        double lo = h.min() / unit;
        double hi = h.max() / unit;
        double binWidth;
        double start;
        if (hi > lo) {
            binWidth = hi / bins - lo / bins; // (hi - lo) / bins could overflow
            start = lo;
        } else {
            // every value is the same: one bar of an ordinary width around it
            double half = lo == 0 ? 0.5 : Math.abs(lo) * 0.5;
            binWidth = 2 * half / bins;
            start = lo - binWidth / 2;
            bins = 1;
            s.setXAxisMin(lo - half);
            s.setXAxisMax(lo + half);
            chart.addAnnotation(cornerNote("all " + total + " values = " + compact(h.min()), width, height));
        }
        // The outline of the bars: up and across each bin, down at the end. One extra point, a
        // third of the way along the top of the first bin, changes nothing drawn but stops XChart
        // from putting a tick at every (equally spaced) bin edge instead of at round numbers.
        double[] x = new double[2 * bins + 3];
        double[] y = new double[2 * bins + 3];
        double top = 0;
        x[0] = start;
        int i = 1;
        for (int b = 0; b < bins; b++) {
            double share = 100.0 * (hi > lo ? h.counts().get(b) : total) / total;
            top = Math.max(top, share);
            x[i] = start + b * binWidth;
            y[i++] = share;
            if (b == 0) {
                x[i] = start + binWidth / 3;
                y[i++] = share;
            }
            x[i] = start + (b + 1) * binWidth;
            y[i++] = share;
        }
        x[i] = start + bins * binWidth;
        s.setYAxisMax(Math.max(1, Math.ceil(top / 5) * 5));
        XYSeries series = chart.addSeries("share", x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setLineColor(colour);
        series.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110));
        series.setLineWidth(1.2f);
        series.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** A note in the top right corner of a small chart, inside its edge whatever its length. */
    private static AnnotationText cornerNote(String text, int width, int height) {
        Font font = new Font(FONT, Font.ITALIC, Math.round(12 * 0.85f));
        double textWidth = font.getStringBounds(text, new FontRenderContext(null, true, true)).getWidth();
        return new AnnotationText(text, width - 14 - textWidth / 2, height - 48, true);
    }

    /** A number without trailing zeros: {@code 0.5}, {@code 0}, {@code 3.1e-09}. */
    private static String compact(double v) {
        String s = Figures.format(v);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** The power of ten to draw values in: 0 when the largest magnitude is in [0.01, 10000). */
    static int unitExponent(double min, double max) {
        double largest = Math.max(Math.abs(min), Math.abs(max));
        if (largest == 0 || (largest >= 0.01 && largest < 1e4)) {
            return 0;
        }
        return Math.max(-300, Math.min(300, (int) Math.floor(Math.log10(largest))));
    }

    /** A chart with nothing to plot: an invisible point and a message. */
    private static void empty(XYChart chart, String message) {
        XYSeries none = chart.addSeries("none", new double[] {0}, new double[] {1});
        none.setMarker(SeriesMarkers.NONE);
        none.setLineColor(new Color(0, 0, 0, 0));
        none.setShowInLegend(false);
        chart.getStyler().setYAxisLogarithmic(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(2.0);
        chart.getStyler().setXAxisMin(-1.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendVisible(false);
        chart.addAnnotation(new AnnotationText(message, 0, 1, false));
    }

    /** The look shared by every chart: white, light grid, the JDK's sans-serif logical font. */
    static void style(XYStyler s, float scale) {
        s.setAntiAlias(true);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(GRID);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setChartFontColor(INK);
        s.setAxisTickLabelsColor(MUTED);
        s.setAxisTickMarksColor(GRID);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, Math.round(16 * scale)));
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, Math.round(13 * scale)));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, Math.round(12 * scale)));
        s.setLegendFont(new Font(FONT, Font.PLAIN, Math.round(12 * scale)));
        s.setAnnotationTextFont(new Font(FONT, Font.ITALIC, Math.round(12 * scale)));
        s.setAnnotationTextFontColor(MUTED);
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(7);
        s.setChartPadding(12);
        s.setPlotMargin(6);
        s.setToolTipsEnabled(false);
        s.setLocale(Locale.ROOT);
    }

    static BufferedImage image(XYChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            chart.paint(g, width, height);
        } finally {
            g.dispose();
        }
        return image;
    }
}
