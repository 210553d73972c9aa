package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Result;
import io.jinit.diagnosis.coordinates.Parametrization;
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
 * The chart of a width sweep under one parametrization: each layer's update size against the
 * width, both on log scales, so that a layer whose update keeps its size is a flat line and one
 * that grows like n^s a line of slope s. Both parametrizations' charts share one y range, so that
 * they can be compared by eye.
 */
final class SweepChart {
    /** Width of a sweep chart in pixels. */
    static final int WIDTH = ChartRenderer.WIDTH;
    /** Height of a sweep chart in pixels. */
    static final int HEIGHT = 440;

    private SweepChart() {
    }

    /**
     * The chart of {@code p}.
     *
     * @param result the sweep
     * @param p the parametrization to draw
     * @return the chart, ready to paint
     */
    static XYChart of(Result result, Parametrization p) {
        int steps = result.spec().steps();
        int layers = result.spec().hiddenLayers() + 1;
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title(p, steps));
        chart.setXAxisTitle("width n (log scale)");
        chart.setYAxisTitle("mean |h(t) - h(0)| (log scale)");
        XYStyler s = chart.getStyler();
        ChartRenderer.style(s, 1.0f);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        // x is log2(n): whole ticks are powers of two, labelled with the width itself.
        s.setxAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.valueOf(Math.round(Math.pow(2, Math.rint(x)))) : "");
        List<double[]> all = new ArrayList<>();
        for (Curve c : result.curves()) {
            double[] y = new double[layers];
            for (int l = 0; l < layers; l++) {
                y[l] = c.updateSize()[steps][l];
            }
            all.add(y);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] y : all) {
            for (double v : y) {
                if (Double.isFinite(v) && v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        ChartRenderer.LogRange range = ChartRenderer.LogRange.of(lo, hi, all);
        s.setYAxisMin((double) range.bottom);
        s.setYAxisMax((double) range.top);
        s.setyAxisTickLabelsFormattingFunction(ChartRenderer::powerOfTenLabel);

        List<Curve> curves = result.curves().stream().filter(c -> c.parametrization() == p).toList();
        double[] x = new double[curves.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log(curves.get(i).width()) / Math.log(2);
        }
        s.setXAxisMin(x[0]);
        s.setXAxisMax(x[x.length - 1]);
        List<Double> offX = new ArrayList<>();
        List<Double> offY = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double v = curves.get(i).updateSize()[steps][l];
                if (Double.isFinite(v) && v > 0) {
                    y[i] = Math.log10(v);
                } else {
                    y[i] = v > 0 ? range.top : range.bottom;
                    offX.add(x[i]);
                    offY.add(y[i]);
                }
            }
            XYSeries series = chart.addSeries(l == layers - 1 ? "output" : "layer " + (l + 1), x, y);
            Color colour = Palette.initializer(l);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
            series.setMarker(ChartRenderer.MARKERS[l % ChartRenderer.MARKERS.length]);
            series.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        if (!offX.isEmpty()) {
            XYSeries off = chart.addSeries("0, inf or NaN, drawn at an edge", offX, offY);
            ChartRenderer.offAxis(off, SeriesMarkers.PLUS);
        }
        return chart;
    }

    /**
     * The chart's title.
     *
     * @param p the parametrization
     * @param steps the steps trained
     * @return the title
     */
    static String title(Parametrization p, int steps) {
        return (p == Parametrization.STANDARD ? "Standard parametrization" : "muP") + ": update size after " + steps
                + " step" + (steps == 1 ? "" : "s") + ", by width";
    }
}
