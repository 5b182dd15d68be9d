package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The covariance structure a DPN learned: for each component {@code i}, the eigenvalues of its precision
 * {@code Sigma_i^-1 = A_i^T A_i} (the squared singular values of {@code A_i}; for DIAGONAL the squared diagonal
 * entries), descending. Large eigenvalues are directions the component pulls in hard (narrow), small ones
 * directions it leaves free (wide). Units: 1 / (feature unit)². Immutable.
 */
public final class PrecisionSpectrum {

    /** Chart width in pixels: {@value}. */
    public static final int WIDTH = 900;
    /** Chart height in pixels: {@value}. */
    public static final int HEIGHT = 560;
    /** Eigenvalues below this fraction of the largest are drawn at it (log axis): {@value}. */
    public static final double FLOOR = 1e-12;

    private final double[][] eigenvalues;
    private final double[] weights;

    private PrecisionSpectrum(double[][] eigenvalues, double[] weights) {
        this.eigenvalues = eigenvalues;
        this.weights = weights;
    }

    /**
     * @param potential the layer's potential
     * @return the spectra of its {@code k} precisions: {@code O(k d^3)} for FULL (LAPACK, eigenvalues only)
     */
    public static PrecisionSpectrum of(Potential potential) {
        int k = potential.components();
        double[][] values = new double[k][];
        INDArray factors = potential.factors().castTo(DataType.DOUBLE);
        for (int i = 0; i < k; i++) {
            if (potential.precision() == Precision.FULL) {
                INDArray a = factors.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
                values[i] = SymmetricEigen.valuesOf(a.transpose().mmul(a));
            } else {
                double[] diagonal = factors.getRow(i).toDoubleVector();
                values[i] = new double[diagonal.length];
                for (int j = 0; j < diagonal.length; j++) {
                    values[i][j] = -diagonal[j] * diagonal[j];
                }
                Arrays.sort(values[i]);
                for (int j = 0; j < diagonal.length; j++) {
                    values[i][j] = -values[i][j];
                }
            }
        }
        return new PrecisionSpectrum(values, CenterPicture.mixtureWeights(potential));
    }

    /** @return a copy of component {@code i}'s precision eigenvalues {@code [d]}, descending */
    public double[] eigenvalues(int component) {
        return eigenvalues[component].clone();
    }

    /** @return the component with the largest mixture weight {@code c_i} (the first on a tie) */
    public int heaviestComponent() {
        int best = 0;
        for (int i = 1; i < weights.length; i++) {
            if (weights[i] > weights[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return largest over smallest eigenvalue of component {@code i} ({@code +Infinity} if singular) */
    public double conditionNumber(int component) {
        double[] v = eigenvalues[component];
        return v[v.length - 1] > 0 ? v[0] / v[v.length - 1] : Double.POSITIVE_INFINITY;
    }

    /**
     * @return markdown: per component, mixture weight, largest, median and smallest eigenvalue, condition number
     */
    public String markdown() {
        MarkdownTable table = new MarkdownTable(List.of("component", "mixture weight", "largest eigenvalue",
                "median", "smallest", "condition number"));
        for (int i = 0; i < eigenvalues.length; i++) {
            double[] v = eigenvalues[i];
            table.row(List.of(Integer.toString(i), MarkdownTable.fixed(weights[i], 3),
                    MarkdownTable.number(v[0], 3), MarkdownTable.number(v[v.length / 2], 3),
                    MarkdownTable.number(v[v.length - 1], 3), MarkdownTable.number(conditionNumber(i), 3)));
        }
        return table.render();
    }

    /**
     * Draws every component's spectrum (log scale), the largest-weight component highlighted.
     *
     * @param title chart title
     * @param png   target file
     * @throws IOException on write errors
     */
    public void writeChart(String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("eigenvalue rank (1 = largest)")
                .yAxisTitle("eigenvalue of Sigma_i^-1 = A_i^T A_i (log scale)").build();
        var style = chart.getStyler();
        style.setYAxisLogarithmic(true);
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        style.setMarkerSize(0);
        style.setYAxisLogarithmicDecadeOnly(false);
        style.setXAxisDecimalPattern("0");
        style.setXAxisTickMarkSpacingHint(120);
        double largest = 0;
        for (double[] v : eigenvalues) {
            largest = Math.max(largest, v[0]);
        }
        double floor = largest > 0 ? FLOOR * largest : FLOOR;
        int heaviest = heaviestComponent();
        boolean othersInLegend = false;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (i == heaviest) {
                continue;
            }
            XYSeries s = chart.addSeries("component " + i, ranks(eigenvalues[i].length), floored(eigenvalues[i], floor));
            s.setMarker(SeriesMarkers.NONE).setLineColor(new Color(120, 150, 200)).setLineStyle(new BasicStroke(1f));
            if (othersInLegend) {
                s.setShowInLegend(false);
            } else {
                s.setLabel("other components (" + (eigenvalues.length - 1) + ")");
                othersInLegend = true;
            }
        }
        var heaviestSeries = chart.addSeries(String.format(java.util.Locale.ROOT, "largest-weight component %d (w = %.3f)", heaviest,
                        weights[heaviest]), ranks(eigenvalues[heaviest].length), floored(eigenvalues[heaviest], floor));
        heaviestSeries.setMarker(SeriesMarkers.NONE);
        heaviestSeries.setLineColor(new Color(214, 39, 40));
        heaviestSeries.setLineStyle(new BasicStroke(2.5f));
        Figure f = new Figure(WIDTH, HEIGHT, "");
        f.paint(chart, 0, 0, WIDTH, HEIGHT);
        f.write(png);
    }

    private static List<Integer> ranks(int d) {
        List<Integer> r = new ArrayList<>();
        for (int j = 1; j <= d; j++) {
            r.add(j);
        }
        return r;
    }

    private static List<Double> floored(double[] values, double floor) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(Math.max(v, floor));
        }
        return out;
    }
}
