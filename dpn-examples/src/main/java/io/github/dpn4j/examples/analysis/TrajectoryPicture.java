package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Trajectory;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ascent a DPN layer performs on a few clean and noisy examples ({@link Potential#ascend(INDArray)}, the
 * layer's own computation): the paths projected on the first two principal components of the layer's input
 * features, with the centers; and the potential {@code phi(x_t)} and step length {@code ||x_t - x_{t-1}||} per
 * step. Immutable.
 */
public final class TrajectoryPicture {

    /** Width of the path picture in pixels: {@value}. */
    public static final int PATHS_WIDTH = 900;
    /** Height of the path picture in pixels: {@value}. */
    public static final int PATHS_HEIGHT = 700;
    /** Width of the per-step picture in pixels: {@value}. */
    public static final int STEPS_WIDTH = 1200;
    /** Height of the per-step picture in pixels: {@value}. */
    public static final int STEPS_HEIGHT = 520;

    private static final Color CLEAN = new Color(31, 119, 180);
    private static final Color NOISY = new Color(255, 127, 14);

    private final Trajectory both;
    private final Rows clean;
    private final Rows noisy;
    private final int[] classOf;

    private TrajectoryPicture(Trajectory both, int[] classOf) {
        this.both = both;
        this.clean = new Rows(both, 0, classOf.length);
        this.noisy = new Rows(both, classOf.length, 2 * classOf.length);
        this.classOf = classOf.clone();
    }

    /**
     * Runs the ascent of both sets of points, in one call (the layer's ascent has a cost per call that does not
     * depend on the batch size).
     *
     * @param potential the layer's potential
     * @param clean     layer input of clean examples {@code [B, d]}
     * @param noisy     layer input of the same examples with noise {@code [B, d]}
     * @param classOf   class of each example {@code [B]}
     * @return the trajectories
     * @throws IllegalArgumentException naming the shapes, if they disagree
     */
    public static TrajectoryPicture ascend(Potential potential, INDArray clean, INDArray noisy, int[] classOf) {
        if (clean.rows() != noisy.rows() || clean.rows() != classOf.length) {
            throw new IllegalArgumentException("clean (" + clean.rows() + " rows), noisy (" + noisy.rows()
                    + " rows) and labels (" + classOf.length + ") must have the same number of examples");
        }
        return new TrajectoryPicture(potential.ascend(Nd4j.concat(0, clean, noisy)), classOf);
    }

    /** @return the ascent of the clean examples (rows {@code 0..B-1}) and the noisy ones (rows {@code B..2B-1}) */
    public Trajectory trajectory() {
        return both;
    }

    /** @return the end of the noisy examples' ascent, the layer's output for them, {@code [B, d]} */
    public INDArray noisyEnd() {
        return noisy.point(noisy.steps());
    }

    /**
     * @return markdown: for clean and noisy examples, mean potential at the start and the end, mean first and last
     *         step length, and the mean distance between the clean and the noisy version of an example before and
     *         after the ascent
     */
    public String markdown() {
        MarkdownTable table = new MarkdownTable(List.of("examples", "mean phi(x_0)", "mean phi(x_n)",
                "mean first step", "mean last step", "mean ||clean - noisy|| at t=0", "at t=n"));
        int n = clean.steps();
        double before = meanDistance(clean.point(0), noisy.point(0));
        double after = meanDistance(clean.point(n), noisy.point(n));
        for (int s = 0; s < 2; s++) {
            Rows t = s == 0 ? clean : noisy;
            table.row(List.of(s == 0 ? "clean" : "noisy", MarkdownTable.number(mean(t.potential(0)), 4),
                    MarkdownTable.number(mean(t.potential(n)), 4),
                    n > 0 ? MarkdownTable.number(mean(t.stepLength(1)), 3) : MarkdownTable.NOT_AVAILABLE,
                    n > 0 ? MarkdownTable.number(mean(t.stepLength(n)), 3) : MarkdownTable.NOT_AVAILABLE,
                    MarkdownTable.number(before, 3), MarkdownTable.number(after, 3)));
        }
        return table.render();
    }

    private static double mean(INDArray a) {
        return a.castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    private static double meanDistance(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2(1).meanNumber().doubleValue();
    }

    /**
     * Draws the paths in the plane of the first two principal components.
     *
     * @param basis   principal components of the layer's input features ({@code >= 2} components, width d)
     * @param centers the layer's centers {@code [k, d]}
     * @param title   chart title
     * @param png     target file
     * @throws IOException on write errors
     */
    public void writePaths(PrincipalComponents basis, INDArray centers, String title, Path png) throws IOException {
        if (basis.componentCount() < 2) {
            throw new IllegalArgumentException("need 2 principal components, got " + basis.componentCount());
        }
        double[] ev = basis.explainedVarianceRatio();
        XYChart chart = new XYChartBuilder().width(PATHS_WIDTH).height(PATHS_HEIGHT).title(title)
                .xAxisTitle(String.format(Locale.ROOT, "principal component 1 (%.0f%% of the variance)", 100 * ev[0]))
                .yAxisTitle(String.format(Locale.ROOT, "principal component 2 (%.0f%% of the variance)", 100 * ev[1]))
                .build();
        var style = chart.getStyler();
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setMarkerSize(7);
        int n = clean.steps();
        List<double[][]> cleanPaths = project(basis, clean);
        List<double[][]> noisyPaths = project(basis, noisy);
        for (int j = 0; j < classOf.length; j++) {
            for (int s = 0; s < 2; s++) {
                double[][] path = (s == 0 ? cleanPaths : noisyPaths).get(j);
                XYSeries line = chart.addSeries("path " + j + (s == 0 ? " clean" : " noisy"), path[0], path[1]);
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE)
                        .setLineColor(withAlpha(Figure.classColour(classOf[j]), 170))
                        .setLineStyle(s == 0 ? new BasicStroke(1.4f)
                                : new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                                new float[]{5f, 4f}, 0f))
                        .setShowInLegend(false);
            }
        }
        // start points, one legend entry per class present
        for (int c = 0; c < 10 || c <= max(classOf); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int j = 0; j < classOf.length; j++) {
                if (classOf[j] == c) {
                    for (List<double[][]> paths : List.of(cleanPaths, noisyPaths)) {
                        xs.add(paths.get(j)[0][0]);
                        ys.add(paths.get(j)[1][0]);
                    }
                }
            }
            if (!xs.isEmpty()) {
                var starts = chart.addSeries("digit " + c + " (start)", xs, ys);
                starts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                starts.setMarker(SeriesMarkers.CIRCLE);
                starts.setMarkerColor(Figure.classColour(c));
            }
        }
        List<Double> endX = new ArrayList<>();
        List<Double> endY = new ArrayList<>();
        for (List<double[][]> paths : List.of(cleanPaths, noisyPaths)) {
            for (double[][] p : paths) {
                endX.add(p[0][n]);
                endY.add(p[1][n]);
            }
        }
        var ends = chart.addSeries("end of ascent x_" + n, endX, endY);
        ends.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        ends.setMarker(SeriesMarkers.CROSS);
        ends.setMarkerColor(Color.DARK_GRAY);
        INDArray mu = basis.project(centers);
        var centerPoints = chart.addSeries("centers mu_i", mu.getColumn(0).toDoubleVector(), mu.getColumn(1).toDoubleVector());
        centerPoints.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        centerPoints.setMarker(SeriesMarkers.DIAMOND);
        centerPoints.setMarkerColor(Color.BLACK);
        // legend-only entries for the line styles: one point each (no line, no marker), on an existing start point
        double[] anchorX = {cleanPaths.get(0)[0][0]};
        double[] anchorY = {cleanPaths.get(0)[1][0]};
        var cleanKey = chart.addSeries("clean example (solid)", anchorX, anchorY);
        cleanKey.setMarker(SeriesMarkers.NONE);
        cleanKey.setLineColor(Color.GRAY);
        cleanKey.setLineStyle(new BasicStroke(1.4f));
        var noisyKey = chart.addSeries("noisy example (dashed)", anchorX, anchorY);
        noisyKey.setMarker(SeriesMarkers.NONE);
        noisyKey.setLineColor(Color.GRAY);
        noisyKey.setLineStyle(new BasicStroke(1.4f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[]{5f, 4f}, 0f));
        Figure f = new Figure(PATHS_WIDTH, PATHS_HEIGHT, "");
        f.paint(chart, 0, 0, PATHS_WIDTH, PATHS_HEIGHT);
        f.write(png);
    }

    /**
     * Draws two panels: the potential per step and the step length per step (log scale), thin lines per example
     * and the mean in bold, clean in blue and noisy in orange.
     *
     * @param title picture title
     * @param png   target file
     * @throws IOException on write errors
     */
    public void writeSteps(String title, Path png) throws IOException {
        int n = clean.steps();
        XYChart potential = new XYChartBuilder().width(STEPS_WIDTH / 2).height(STEPS_HEIGHT - Figure.TITLE_HEIGHT)
                .title("potential phi(x_t)").xAxisTitle("ascent step t").yAxisTitle("phi(x_t) = logsumexp_i e_i(x_t)")
                .build();
        XYChart steps = new XYChartBuilder().width(STEPS_WIDTH / 2).height(STEPS_HEIGHT - Figure.TITLE_HEIGHT)
                .title("step length").xAxisTitle("ascent step t")
                .yAxisTitle("||x_t - x_(t-1)|| (log scale)").build();
        for (XYChart chart : List.of(potential, steps)) {
            var style = chart.getStyler();
            style.setLegendPosition(Styler.LegendPosition.InsideNE);
            style.setChartBackgroundColor(Color.WHITE);
            style.setMarkerSize(0);
            style.setXAxisDecimalPattern("0");
        }
        steps.getStyler().setYAxisLogarithmic(true);
        for (int s = 0; s < 2; s++) {
            Rows t = s == 0 ? clean : noisy;
            Color colour = s == 0 ? CLEAN : NOISY;
            String name = s == 0 ? "clean" : "noisy";
            double[][] phi = new double[n + 1][];
            for (int step = 0; step <= n; step++) {
                phi[step] = t.potential(step).castTo(DataType.DOUBLE).toDoubleVector();
            }
            addLines(potential, name, phi, 0, colour, false);
            if (n > 0) {
                double[][] length = new double[n][];
                for (int step = 1; step <= n; step++) {
                    length[step - 1] = t.stepLength(step).castTo(DataType.DOUBLE).toDoubleVector();
                }
                addLines(steps, name, length, 1, colour, true);
            }
        }
        Figure f = new Figure(STEPS_WIDTH, STEPS_HEIGHT, title);
        f.paint(potential, 0, Figure.TITLE_HEIGHT, STEPS_WIDTH / 2, STEPS_HEIGHT - Figure.TITLE_HEIGHT);
        if (n > 0) {
            f.paint(steps, STEPS_WIDTH / 2, Figure.TITLE_HEIGHT, STEPS_WIDTH / 2, STEPS_HEIGHT - Figure.TITLE_HEIGHT);
        } else {
            f.text("no ascent steps (n = 0)", STEPS_WIDTH * 3 / 4, STEPS_HEIGHT / 2, Figure.LABEL_FONT, Color.BLACK);
        }
        f.write(png);
    }

    /** @param values [step][example] */
    private static void addLines(XYChart chart, String name, double[][] values, int firstStep, Color colour,
                                 boolean positiveOnly) {
        int examples = values[0].length;
        double floor = Double.POSITIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (v > 0) {
                    floor = Math.min(floor, v);
                }
            }
        }
        if (!Double.isFinite(floor)) {
            floor = 1e-300;
        }
        double[] x = new double[values.length];
        double[] mean = new double[values.length];
        for (int step = 0; step < values.length; step++) {
            x[step] = firstStep + step;
        }
        for (int j = 0; j < examples; j++) {
            double[] y = new double[values.length];
            for (int step = 0; step < values.length; step++) {
                y[step] = drawable(values[step][j], positiveOnly, floor);
                mean[step] += values[step][j] / examples;
            }
            var series6 = chart.addSeries(name + " " + j, x, y);
            series6.setMarker(SeriesMarkers.NONE);
            series6.setLineColor(withAlpha(colour, 60));
            series6.setLineStyle(new BasicStroke(0.8f));
            series6.setShowInLegend(false);
        }
        for (int step = 0; step < values.length; step++) {
            mean[step] = drawable(mean[step], positiveOnly, floor);
        }
        var series7 = chart.addSeries(name + " (mean of " + examples + ", thin: each)", x, mean);
        series7.setMarker(SeriesMarkers.NONE);
        series7.setLineColor(colour);
        series7.setLineStyle(new BasicStroke(2.5f));
    }

    /** @return {@code v}, or {@code floor} where a log axis cannot draw it */
    private static double drawable(double v, boolean positiveOnly, double floor) {
        return positiveOnly && !(v > 0) ? floor : v;
    }

    private static List<double[][]> project(PrincipalComponents basis, Rows t) {
        int n = t.steps();
        List<INDArray> points = new ArrayList<>();
        for (int step = 0; step <= n; step++) {
            points.add(basis.project(t.point(step)));
        }
        int examples = (int) points.get(0).rows();
        List<double[][]> paths = new ArrayList<>();
        for (int j = 0; j < examples; j++) {
            double[][] path = new double[2][n + 1];
            for (int step = 0; step <= n; step++) {
                path[0][step] = points.get(step).getDouble(j, 0);
                path[1][step] = points.get(step).getDouble(j, 1);
            }
            paths.add(path);
        }
        return paths;
    }

    /** Rows {@code [from, to)} of a trajectory. */
    private static final class Rows {
        private final Trajectory trajectory;
        private final int from;
        private final int to;

        Rows(Trajectory trajectory, int from, int to) {
            this.trajectory = trajectory;
            this.from = from;
            this.to = to;
        }

        int steps() {
            return trajectory.steps();
        }

        INDArray point(int t) {
            return trajectory.point(t).get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        }

        INDArray potential(int t) {
            return trajectory.potential(t).get(NDArrayIndex.interval(from, to));
        }

        INDArray stepLength(int t) {
            return trajectory.stepLength(t).get(NDArrayIndex.interval(from, to));
        }
    }

    private static int max(int[] values) {
        int m = 0;
        for (int v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
