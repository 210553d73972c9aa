package io.jinit.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Named lines over shared x values, as the diagnosis reports draw them: each in its palette colour
 * and marker, on a log y axis (log10 of the values on a linear axis, whole decades, labelled with
 * the values: XChart's own log axis draws nine grid lines per decade) or a linear one; a value
 * that cannot be drawn there (0 on a log axis, infinite or NaN anywhere) sits at an edge of the
 * axis with a + marker, and the legend says so.
 */
final class ChartLines {
    private ChartLines() {
    }

    /**
     * Sets a log y axis over whole decades around the finite positive values and {@code include}.
     *
     * @param chart the chart
     * @param lines the values of every line
     * @param include values the axis must also reach, e.g. bounds drawn on it
     * @return the axis's decades
     */
    static ChartRenderer.LogRange logAxis(XYChart chart, List<double[]> lines, double... include) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : include) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (double[] y : lines) {
            for (double v : y) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        ChartRenderer.LogRange range = ChartRenderer.LogRange.of(lo, hi, lines);
        XYStyler s = chart.getStyler();
        s.setYAxisMin((double) range.bottom);
        s.setYAxisMax((double) range.top);
        s.setyAxisTickLabelsFormattingFunction(ChartRenderer::powerOfTenLabel);
        return range;
    }

    /**
     * Adds one line per name.
     *
     * @param chart the chart
     * @param x the x value of each point
     * @param names the lines' names, in palette order
     * @param lines the y values of each line, as many as x
     * @param log whether the y axis is {@link #logAxis}'s
     * @param bottom the axis's lowest y (a log axis's in log10), where zeros are drawn on a log axis
     * @param top the axis's highest y, where infinities and NaN are drawn
     */
    static void add(XYChart chart, double[] x, List<String> names, List<double[]> lines, boolean log, double bottom,
                    double top) {
        List<Double> offX = new ArrayList<>();
        List<Double> offY = new ArrayList<>();
        for (int r = 0; r < lines.size(); r++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double v = lines.get(r)[i];
                boolean drawable = Double.isFinite(v) && (!log || v > 0);
                y[i] = !drawable ? (Double.isFinite(v) ? bottom : top) : log ? Math.log10(v) : v;
                if (!drawable) {
                    offX.add(x[i]);
                    offY.add(y[i]);
                }
            }
            XYSeries series = chart.addSeries(names.get(r), x, y);
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
    }
}
