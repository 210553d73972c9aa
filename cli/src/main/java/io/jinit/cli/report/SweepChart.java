package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.Parametrization;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

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
     * @param sweep the sweep
     * @param p the parametrization to draw
     * @return the chart, ready to paint
     */
    static XYChart of(WidthSweep sweep, Parametrization p) {
        int steps = sweep.steps();
        int layers = sweep.layers();
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title(p, steps));
        chart.setXAxisTitle("width n (log scale)");
        chart.setYAxisTitle("mean |h(t) - h(0)| (log scale)");
        XYStyler s = chart.getStyler();
        ChartRenderer.style(s, 1.0f);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        // x is log2(n / n0), n0 the first width: whole ticks are n0 times a power of two, labelled with
        // the width itself, so that a sweep of doublings from any width (192, 384, 768) labels each.
        double base = sweep.curves().get(0).width();
        s.setxAxisTickLabelsFormattingFunction(x -> Math.abs(x - Math.rint(x)) < 1e-9
                ? String.valueOf(Math.round(base * Math.pow(2, Math.rint(x)))) : "");
        List<double[]> all = new ArrayList<>();
        for (Curve c : sweep.curves()) {
            double[] y = new double[layers];
            for (int l = 0; l < layers; l++) {
                y[l] = c.updateSize()[steps][l];
            }
            all.add(y);
        }
        ChartRenderer.LogRange range = ChartLines.logAxis(chart, all);

        List<Curve> curves = sweep.curves().stream().filter(c -> c.parametrization() == p).toList();
        double[] x = new double[curves.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log(curves.get(i).width() / base) / Math.log(2);
        }
        s.setXAxisMin(x[0]);
        s.setXAxisMax(x[x.length - 1]);
        List<String> names = new ArrayList<>();
        List<double[]> lines = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            names.add(sweep.words().layerNames().get(l));
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = curves.get(i).updateSize()[steps][l];
            }
            lines.add(y);
        }
        ChartLines.add(chart, x, names, lines, true, range.bottom, range.top);
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
