package io.jinit.cli.report;

import io.jinit.cli.report.TransformerRuns.ByBlock;
import io.jinit.cli.report.TransformerRuns.Recipe;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

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
        for (int i = 0; i < blocks; i++) {
            x[i] = i;
        }
        List<String> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Recipe r : runs.recipes()) {
            names.add(r.name());
            double[] y = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                y[b] = figure.of(r.figures().blocks().get(b), runs.shape().sequence());
            }
            values.add(y);
        }
        if (figure.log) {
            ChartRenderer.LogRange range = ChartLines.logAxis(chart, values);
            ChartLines.add(chart, x, names, values, true, range.bottom, range.top);
        } else {
            s.setYAxisMin(0.0);
            s.setYAxisMax(1.05);
            ChartLines.add(chart, x, names, values, false, 0.0, 1.05);
        }
        return chart;
    }
}
