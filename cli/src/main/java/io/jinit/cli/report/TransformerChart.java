package io.jinit.cli.report;

import io.jinit.cli.report.TransformerRuns.ByBlock;
import io.jinit.cli.report.TransformerRuns.Recipe;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A chart of one figure of a transformer diagnosis by block, one line per initialization: on a log
 * scale for stds and norms (a straight line is a constant factor per block), on a linear one from 0
 * to 1 for the attention entropy against uniform attention's.
 */
final class TransformerChart {
    /** Width of a chart in pixels. */
    static final int WIDTH = ChartRenderer.WIDTH;
    /** Height of a chart in pixels. */
    static final int HEIGHT = 440;

    private TransformerChart() {
    }

    /**
     * The chart of {@code figure}.
     *
     * @param runs the diagnosis
     * @param figure what to draw
     * @return the chart, ready to paint
     */
    static XYChart of(TransformerRuns runs, ByBlock figure) {
        int blocks = runs.shape().layers();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(figure.title);
        chart.setXAxisTitle("block");
        chart.setYAxisTitle(figure.axis);
        XYStyler s = chart.getStyler();
        ChartRenderer.style(s, 1.0f);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setXAxisMin(0.0);
        s.setXAxisMax((double) Math.max(blocks - 1, 1));
        s.setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x) ? String.valueOf((long) Math.rint(x)) : "");
        double[] x = new double[blocks];
        List<double[]> values = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < blocks; i++) {
            x[i] = i;
        }
        for (Recipe r : runs.recipes()) {
            double[] y = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                y[b] = figure.of(r.figures().blocks().get(b), runs.shape().sequence());
                if (Double.isFinite(y[b]) && y[b] > 0) {
                    lo = Math.min(lo, y[b]);
                    hi = Math.max(hi, y[b]);
                }
            }
            values.add(y);
        }
        double bottom = 0;
        double top = 1.05;
        if (figure.log) {
            ChartRenderer.LogRange range = ChartRenderer.LogRange.of(lo, hi, values);
            bottom = range.bottom;
            top = range.top;
            s.setyAxisTickLabelsFormattingFunction(ChartRenderer::powerOfTenLabel);
        }
        s.setYAxisMin(bottom);
        s.setYAxisMax(top);
        List<Double> offX = new ArrayList<>();
        List<Double> offY = new ArrayList<>();
        for (int r = 0; r < values.size(); r++) {
            double[] y = values.get(r).clone();
            for (int b = 0; b < blocks; b++) {
                boolean drawable = Double.isFinite(y[b]) && (!figure.log || y[b] > 0);
                if (!drawable) {
                    offX.add(x[b]);
                    offY.add(Double.isFinite(y[b]) ? bottom : top);
                    y[b] = Double.isFinite(y[b]) ? bottom : top;
                } else if (figure.log) {
                    y[b] = Math.log10(y[b]);
                }
            }
            XYSeries series = chart.addSeries(runs.recipes().get(r).name(), x, y);
            Color colour = Palette.initializer(r);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setMarker(ChartRenderer.MARKERS[r % ChartRenderer.MARKERS.length]);
            series.setLineStyle(Palette.repeats(r)
                    ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        if (!offX.isEmpty()) {
            XYSeries off = chart.addSeries("0, inf or NaN, drawn at an edge", offX, offY);
            ChartRenderer.offAxis(off, SeriesMarkers.PLUS);
        }
        return chart;
    }
}
