package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.report.MarkdownTable;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How well each layer separates the classes (float64): {@link SeparationStats} of the raw input, every
 * layer's output and the logits, for the same examples. A table for the report and a line chart of the fuzziness
 * {@code D} per layer on a log scale.
 *
 * <p>Features wider than the number of examples are first replaced by their {@link RowSpaceCoordinates}, which
 * leaves every statistic unchanged and keeps the cost at {@code O(N^3)} for the convolution outputs.
 *
 * <p>Immutable.
 */
public final class LayerSeparation {

    /** Chart width in pixels: {@value}. */
    public static final int WIDTH = 900;
    /** Chart height in pixels: {@value}. */
    public static final int HEIGHT = 560;

    private final Map<String, SeparationStats> rows;
    private final Map<String, Integer> widths;

    private LayerSeparation(Map<String, SeparationStats> rows, Map<String, Integer> widths) {
        this.rows = rows;
        this.widths = widths;
    }

    /**
     * @param features ordered map from layer name to features {@code [N, p]} of the same {@code N} examples, as
     *                 from {@link InspectedModel#features(INDArray)}; at least one entry
     * @param classOf  class of each example, {@code [N]}, at least two classes present
     * @return the separation of every layer
     * @throws IllegalArgumentException naming the layer and the sizes, if a layer has another number of rows
     */
    public static LayerSeparation measure(Map<String, INDArray> features, int[] classOf) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features must name at least one layer, got none");
        }
        Map<String, SeparationStats> rows = new LinkedHashMap<>();
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : features.entrySet()) {
            INDArray h = e.getValue();
            if (h.rows() != classOf.length) {
                throw new IllegalArgumentException("layer '" + e.getKey() + "' has " + h.rows()
                        + " examples (shape " + Arrays.toString(h.shape()) + ") but there are " + classOf.length
                        + " labels");
            }
            FeatureMatrix checked = FeatureMatrix.of(h, "features of layer '" + e.getKey() + "'");
            rows.put(e.getKey(), SeparationStats.of(RowSpaceCoordinates.of(checked.values()), classOf));
            widths.put(e.getKey(), checked.columns());
        }
        return new LayerSeparation(rows, widths);
    }

    /** @return the layer names, in order */
    public List<String> layers() {
        return List.copyOf(rows.keySet());
    }

    /**
     * @param layer one of {@link #layers()}
     * @return its feature width {@code p}
     */
    public int width(String layer) {
        stats(layer);
        return widths.get(layer);
    }

    /**
     * @param layer one of {@link #layers()}
     * @return its statistics ({@link SeparationStats#dimensions()} is the row-space width when {@code p > N})
     */
    public SeparationStats stats(String layer) {
        SeparationStats s = rows.get(layer);
        if (s == null) {
            throw new IllegalArgumentException("no layer '" + layer + "'; layers: " + rows.keySet());
        }
        return s;
    }

    /**
     * The table: layer, width {@code p}, fuzziness {@code D}, B/W ratio, mean class-mean distance, explained
     * variance of the first two principal components, and the seed's figures where {@code quoted} names the layer.
     *
     * @param quoted layer name to the seed's figures for that layer; empty for no seed columns
     * @return markdown, one row per layer
     */
    public String markdown(Map<String, SeedSeparation> quoted) {
        List<String> header = new ArrayList<>(List.of("layer", "width p", "fuzziness D", "B/W ratio",
                "mean class-mean distance", "PCA EV 1 / 2"));
        if (!quoted.isEmpty()) {
            header.addAll(List.of("seed D", "seed B/W", "seed PCA EV 1 / 2"));
        }
        MarkdownTable table = new MarkdownTable(header);
        for (Map.Entry<String, SeparationStats> e : rows.entrySet()) {
            SeparationStats s = e.getValue();
            double[] ev = s.explainedVariance();
            List<String> cells = new ArrayList<>(List.of(e.getKey(), Integer.toString(widths.get(e.getKey())),
                    MarkdownTable.number(s.fuzziness(), 3), MarkdownTable.number(s.betweenWithinRatio(), 3),
                    MarkdownTable.number(s.meanClassMeanDistance(), 3), explained(ev.length > 0 ? ev[0] : Double.NaN,
                            ev.length > 1 ? ev[1] : Double.NaN)));
            if (!quoted.isEmpty()) {
                SeedSeparation seed = quoted.get(e.getKey());
                cells.add(seed == null ? MarkdownTable.NOT_AVAILABLE : MarkdownTable.fixed(seed.fuzziness(), 2));
                cells.add(seed == null ? MarkdownTable.NOT_AVAILABLE
                        : MarkdownTable.fixed(seed.betweenWithinRatio(), 2));
                cells.add(seed == null ? MarkdownTable.NOT_AVAILABLE
                        : explained(seed.firstExplained(), seed.secondExplained()));
            }
            table.row(cells);
        }
        return table.render();
    }

    private static String explained(double first, double second) {
        if (Double.isNaN(first)) {
            return MarkdownTable.NOT_AVAILABLE;
        }
        return MarkdownTable.fixed(first, 2) + " / " + MarkdownTable.fixed(second, 2);
    }

    /**
     * Draws the fuzziness {@code D} and the B/W ratio per layer on a log scale, with the seed's {@code D} where
     * quoted.
     *
     * @param png    target file (parents created)
     * @param title  chart title
     * @param quoted layer name to the seed's figures; empty for none
     * @throws IOException on write errors
     */
    public void writeChart(Path png, String title, Map<String, SeedSeparation> quoted) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("layer (features of the same test examples)")
                .yAxisTitle("fuzziness D = Tr(SS_w SS_b^+), B/W ratio (log scale)").build();
        Styler.LegendPosition position = Styler.LegendPosition.OutsideS;
        var style = chart.getStyler();
        style.setLegendPosition(position);
        style.setLegendLayout(Styler.LegendLayout.Horizontal);
        style.setYAxisLogarithmic(true);
        style.setXAxisLabelRotation(rows.size() > 5 ? 20 : 0);
        style.setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotGridVerticalLinesVisible(false);
        style.setOverlapped(true);
        List<String> names = new ArrayList<>(rows.keySet());
        List<Double> d = new ArrayList<>();
        List<Double> bw = new ArrayList<>();
        for (SeparationStats s : rows.values()) {
            d.add(positive(s.fuzziness()));
            bw.add(positive(s.betweenWithinRatio()));
        }
        var ours = chart.addSeries("fuzziness D (lower = better separated)", names, d);
        ours.setMarker(SeriesMarkers.CIRCLE);
        ours.setLineColor(new Color(31, 119, 180));
        ours.setMarkerColor(new Color(31, 119, 180));
        var ratio = chart.addSeries("B/W ratio Tr SS_b / Tr SS_w (higher = better)", names, bw);
        ratio.setMarker(SeriesMarkers.SQUARE);
        ratio.setLineStyle(SeriesLines.DASH_DASH);
        ratio.setLineColor(new Color(44, 160, 44));
        ratio.setMarkerColor(new Color(44, 160, 44));
        if (!quoted.isEmpty()) {
            List<Double> seed = new ArrayList<>();
            for (String name : names) {
                SeedSeparation s = quoted.get(name);
                seed.add(s == null ? null : s.fuzziness());
            }
            var seedPoints = chart.addSeries("seed study's D", names, seed);
            seedPoints.setMarker(SeriesMarkers.DIAMOND);
            seedPoints.setLineStyle(SeriesLines.NONE);
            seedPoints.setLineColor(new Color(214, 39, 40));
            seedPoints.setMarkerColor(new Color(214, 39, 40));
        }
        Figure f = new Figure(WIDTH, HEIGHT, "");
        f.paint(chart, 0, 0, WIDTH, HEIGHT);
        f.write(png);
    }

    /** @return {@code v} if it can be drawn on a log axis, else null (no point) */
    private static Double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : null;
    }

    @Override
    public String toString() {
        return "LayerSeparation" + rows;
    }
}
