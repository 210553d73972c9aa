package io.jinit.cli.report;

import io.jinit.cli.report.ArchDiagnosis.Run;
import io.jinit.diagnosis.convolution.BlockFigures;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The two charts of a ResNet diagnosis, one line per recipe on a log scale, each with the bounds
 * its verdict rule judges as dashed lines: the stream's std over the input images' (the stem's
 * output, then each block's), and the gradient norm over that entering the last block (at the
 * image, then entering each block).
 */
final class ArchChart {
    /** Width of a chart in pixels. */
    static final int WIDTH = ChartRenderer.WIDTH;
    /** Height of a chart in pixels. */
    static final int HEIGHT = 440;
    /** The title of the stream chart. */
    static final String STREAM_TITLE = "Stream std / input std, by block";
    /** The title of the gradient chart. */
    static final String GRADIENT_TITLE = "Gradient norm / that entering the last block, by block";

    private ArchChart() {
    }

    /**
     * The stream chart: at x = 0 the std entering the first block (the stem's output), at x = i + 1
     * the std leaving block i, each over the input images' std; bounds 0.1 and 10.
     *
     * @param d the diagnosis
     * @return the chart
     */
    static XYChart stream(ArchDiagnosis d) {
        List<double[]> lines = new ArrayList<>();
        for (Run run : d.runs()) {
            List<BlockFigures> blocks = run.figures().blocks();
            double[] y = new double[blocks.size() + 1];
            y[0] = blocks.get(0).inputStd() / run.figures().inputStd();
            for (int i = 0; i < blocks.size(); i++) {
                y[i + 1] = run.streamRatio(blocks.get(i));
            }
            lines.add(y);
        }
        return chart(d, STREAM_TITLE, "std / input images' std (log scale)", "stem", lines,
                ArchDiagnosis.VANISHING_STREAM_RATIO, ArchDiagnosis.EXPLODING_STREAM_RATIO);
    }

    /**
     * The gradient chart: at x = 0 the gradient norm at the image, at x = i + 1 the norm entering
     * block i, each over the norm entering the last block; bounds 0.01 and 100.
     *
     * @param d the diagnosis
     * @return the chart
     */
    static XYChart gradient(ArchDiagnosis d) {
        List<double[]> lines = new ArrayList<>();
        for (Run run : d.runs()) {
            List<BlockFigures> blocks = run.figures().blocks();
            double last = blocks.get(blocks.size() - 1).inputGradientNorm();
            double[] y = new double[blocks.size() + 1];
            y[0] = ArchDiagnosis.imageGradient(run.figures()) / last;
            for (int i = 0; i < blocks.size(); i++) {
                y[i + 1] = blocks.get(i).inputGradientNorm() / last;
            }
            lines.add(y);
        }
        return chart(d, GRADIENT_TITLE, "||dL/dx|| / entering the last block (log scale)", "image", lines,
                ArchDiagnosis.VANISHING_GRADIENT_RATIO, ArchDiagnosis.EXPLODING_GRADIENT_RATIO);
    }

    private static XYChart chart(ArchDiagnosis d, String title, String yTitle, String first, List<double[]> lines,
                                 double low, double high) {
        List<BlockFigures> blocks = d.runs().get(0).figures().blocks();
        // x is the block's position, 0 for the stem or the image: XChart's tick calculator does not
        // end with a formatting function that gives the blocks' names (tried with XChart 3.8.8), so
        // the axis title names the positions.
        StringBuilder positions = new StringBuilder("block: 0 = " + first);
        for (int i = 0; i < blocks.size(); i++) {
            positions.append(i == 0 ? ", " : " ").append(i + 1).append(' ').append(blocks.get(i).name());
        }
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        chart.setTitle(title);
        chart.setXAxisTitle(positions.toString());
        chart.setYAxisTitle(yTitle);
        XYStyler s = chart.getStyler();
        ChartRenderer.style(s, 1.0f);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x) ? String.valueOf((long) Math.rint(x)) : "");
        s.setXAxisMin(0.0);
        s.setXAxisMax((double) blocks.size());
        ChartRenderer.LogRange range = ChartLines.logAxis(chart, lines, low, high);
        double[] x = new double[blocks.size() + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        double[] ends = {0, blocks.size()};
        ChartRenderer.bound(chart, "bounds " + Figures.plain(low) + " and " + Figures.plain(high), ends,
                Math.log10(low));
        ChartRenderer.bound(chart, " ", ends, Math.log10(high));
        chart.getSeriesMap().get(" ").setShowInLegend(false);
        List<String> names = new ArrayList<>();
        for (Run run : d.runs()) {
            names.add(run.recipe());
        }
        ChartLines.add(chart, x, names, lines, true, range.bottom, range.top);
        return chart;
    }
}
