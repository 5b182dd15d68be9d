package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.layer.Potential;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which digits each component of a DPN covers: for examples {@code x_j} at the layer's input with classes
 * {@code y_j}, the responsibilities {@code r_ji = softmax_i(e_i(x_j))} ({@code Potential.responsibilities}) give each
 * component a responsibility mass {@code M_i = sum_j r_ji} and a composition
 * {@code share(i, c) = sum_{j: y_j = c} r_ji / M_i} (summing to 1 over the classes). Drawn as stacked bars, one per
 * component. Immutable.
 */
public final class CenterComposition {

    /** Chart width in pixels: {@value}. */
    public static final int WIDTH = 900;
    /** Chart height in pixels: {@value}. */
    public static final int HEIGHT = 560;

    private final double[][] share;
    private final double[] mass;
    private final int classes;

    private CenterComposition(double[][] share, double[] mass, int classes) {
        this.share = share;
        this.mass = mass;
        this.classes = classes;
    }

    /**
     * @param potential the layer's potential
     * @param inputs    the layer's input for the examples, {@code [N, d]}
     * @param classOf   class of each example in {@code 0..classes-1}, {@code [N]}
     * @param classes   number of classes {@code K >= 1}
     * @return the composition of every component
     * @throws IllegalArgumentException naming the sizes or the value, on a row-count mismatch or a class out of
     *                                  range
     */
    public static CenterComposition measure(Potential potential, INDArray inputs, int[] classOf, int classes) {
        if (inputs.rows() != classOf.length) {
            throw new IllegalArgumentException("inputs has " + inputs.rows() + " rows but there are "
                    + classOf.length + " labels");
        }
        double[][] r = potential.responsibilities(inputs).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        int k = potential.components();
        double[][] share = new double[k][classes];
        double[] mass = new double[k];
        for (int j = 0; j < classOf.length; j++) {
            if (classOf[j] < 0 || classOf[j] >= classes) {
                throw new IllegalArgumentException("class must be in [0, " + (classes - 1) + "], got " + classOf[j]
                        + " at index " + j);
            }
            for (int i = 0; i < k; i++) {
                share[i][classOf[j]] += r[j][i];
                mass[i] += r[j][i];
            }
        }
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < classes; c++) {
                share[i][c] = mass[i] > 0 ? share[i][c] / mass[i] : Double.NaN;
            }
            mass[i] /= classOf.length;
        }
        return new CenterComposition(share, mass, classes);
    }

    /** @return number of components {@code k} */
    public int components() {
        return mass.length;
    }

    /** @return {@code share(i, c)}: fraction of component {@code i}'s responsibility mass on class {@code c} */
    public double share(int component, int c) {
        return share[component][c];
    }

    /** @return {@code M_i / N}: the fraction of all examples' responsibility that component {@code i} takes */
    public double mass(int component) {
        return mass[component];
    }

    /** @return the class with the largest share of component {@code i} (the first on a tie; 0 if no mass) */
    public int dominantClass(int component) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (share[component][c] > share[component][best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * @return mean over components (weighted by mass) of the dominant class's share: 1 when every component covers
     *         a single class, {@code 1/K} when all are evenly mixed
     */
    public double purity() {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < mass.length; i++) {
            if (mass[i] > 0) {
                sum += mass[i] * share[i][dominantClass(i)];
                total += mass[i];
            }
        }
        return total > 0 ? sum / total : Double.NaN;
    }

    /**
     * @param weights mixture weights {@code exp(c_i) / sum exp(c)} {@code [k]}
     * @return markdown table: component, mixture weight, responsibility mass, dominant digit and its share
     */
    public String markdown(double[] weights) {
        MarkdownTable table = new MarkdownTable(List.of("component", "mixture weight", "responsibility mass",
                "dominant digit", "its share", "second digit", "its share "));
        for (int i = 0; i < mass.length; i++) {
            int first = dominantClass(i);
            int second = first == 0 ? 1 : 0;
            for (int c = 0; c < classes; c++) {
                if (c != first && share[i][c] > share[i][second]) {
                    second = c;
                }
            }
            table.row(List.of(Integer.toString(i), MarkdownTable.fixed(weights[i], 3),
                    MarkdownTable.fixed(mass[i], 3), Integer.toString(first), MarkdownTable.fixed(share[i][first], 2),
                    classes > 1 ? Integer.toString(second) : MarkdownTable.NOT_AVAILABLE,
                    classes > 1 ? MarkdownTable.fixed(share[i][second], 2) : MarkdownTable.NOT_AVAILABLE));
        }
        return table.render();
    }

    /**
     * Draws one stacked bar per component: the share of each digit in its responsibility.
     *
     * @param title chart title
     * @param png   target file
     * @throws IOException on write errors
     */
    public void writeChart(String title, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("component i (bar label: responsibility mass, % of examples)")
                .yAxisTitle("share of the component's responsibility").build();
        var style = chart.getStyler();
        style.setStacked(true);
        style.setLegendPosition(Styler.LegendPosition.OutsideE);
        style.setYAxisMin(0.0);
        style.setYAxisMax(1.0);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridVerticalLinesVisible(false);
        style.setAvailableSpaceFill(0.8);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < mass.length; i++) {
            names.add(i + " (" + Math.round(100 * mass[i]) + "%)");
        }
        for (int c = 0; c < classes; c++) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < mass.length; i++) {
                values.add(Double.isNaN(share[i][c]) ? 0.0 : share[i][c]);
            }
            var bars = chart.addSeries("digit " + c, names, values);
            bars.setFillColor(Figure.classColour(c));
        }
        style.setXAxisLabelRotation(mass.length > 10 ? 45 : 0);
        Figure f = new Figure(WIDTH, HEIGHT, "");
        f.paint(chart, 0, 0, WIDTH, HEIGHT);
        f.write(png);
    }
}
