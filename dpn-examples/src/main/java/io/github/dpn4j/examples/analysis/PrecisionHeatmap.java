package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One component's precision {@code Sigma_i^-1 = A_i^T A_i} {@code [d, d]}: for FULL precision a heatmap (diverging
 * colours around 0, symmetric range at the {@value #CLIP_PERCENTILE}th percentile of the absolute entries, so
 * that the large diagonal does not wash out the off-diagonal structure; larger entries are clipped), for DIAGONAL
 * the per-dimension precisions {@code a_ij^2} as a filled profile over the dimensions (one bar per dimension,
 * drawn as an area so that hundreds of dimensions stay legible).
 */
public final class PrecisionHeatmap {

    /** Percentile of {@code |entries|} at which the colour range is clipped: {@value}. */
    public static final double CLIP_PERCENTILE = 99.5;
    /** Target side of the heatmap in screen pixels: {@value}. */
    public static final int TARGET_SIDE = 600;

    private static final int MARGIN = 70;
    private static final int BAR_SPACE = 130;

    private PrecisionHeatmap() {
    }

    /**
     * @param potential the layer's potential
     * @param component which component, {@code 0..k-1}
     * @param title     picture title
     * @param png       target file
     * @throws IllegalArgumentException naming the value if {@code component} is out of range
     * @throws IOException              on write errors
     */
    public static void write(Potential potential, int component, String title, Path png) throws IOException {
        if (component < 0 || component >= potential.components()) {
            throw new IllegalArgumentException("component must be in [0, " + (potential.components() - 1)
                    + "], got " + component);
        }
        if (potential.precision() == Precision.FULL) {
            INDArray a = potential.factors().castTo(DataType.DOUBLE)
                    .get(NDArrayIndex.point(component), NDArrayIndex.all(), NDArrayIndex.all());
            heatmap(a.transpose().mmul(a).toDoubleMatrix(), title, png);
        } else {
            bars(potential.factors().castTo(DataType.DOUBLE).getRow(component).toDoubleVector(), title, png);
        }
    }

    private static void heatmap(double[][] precision, String title, Path png) throws IOException {
        int d = precision.length;
        int scale = Math.max(1, TARGET_SIDE / d);
        int side = d * scale;
        int width = MARGIN + side + BAR_SPACE;
        int height = Figure.TITLE_HEIGHT + 20 + side + MARGIN;
        Figure f = new Figure(width, height, title);
        double[] magnitudes = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                magnitudes[i * d + j] = Math.abs(precision[i][j]);
            }
        }
        Arrays.sort(magnitudes);
        double limit = magnitudes[(int) Math.min(magnitudes.length - 1,
                Math.floor(CLIP_PERCENTILE / 100 * magnitudes.length))];
        ColourScale colours = ColourScale.symmetric(limit);
        int x0 = MARGIN;
        int y0 = Figure.TITLE_HEIGHT + 20;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                f.graphics().setColor(colours.colour(precision[i][j]));
                f.graphics().fillRect(x0 + j * scale, y0 + i * scale, scale, scale);
            }
        }
        f.frame(x0, y0, side, side);
        f.text("dimension j (0.." + (d - 1) + ")", x0 + side / 2, y0 + side + 24, Figure.LABEL_FONT, Color.BLACK);
        f.verticalText("dimension i (0.." + (d - 1) + ")", x0 - 20, y0 + side / 2, Figure.LABEL_FONT, Color.BLACK);
        f.text(String.format(Locale.ROOT, "largest |entry| %.3g, diagonal mean %.3g", magnitudes[magnitudes.length - 1],
                        diagonalMean(precision)), x0 + side / 2, y0 + side + 44, Figure.SMALL_FONT, Color.DARK_GRAY);
        colours.drawBar(f, x0 + side + 20, y0, 16, Math.min(side, 400),
                "precision entry (clipped at p" + CLIP_PERCENTILE + " of |entries|)");
        f.write(png);
    }

    private static double diagonalMean(double[][] m) {
        double sum = 0;
        for (int i = 0; i < m.length; i++) {
            sum += m[i][i];
        }
        return sum / m.length;
    }

    private static void bars(double[] diagonal, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("dimension j")
                .yAxisTitle("precision a_j^2 = (Sigma^-1)_jj").build();
        var style = chart.getStyler();
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setChartBackgroundColor(Color.WHITE);
        style.setYAxisMin(0.0);
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int j = 0; j < diagonal.length; j++) {
            x.add(j);
            y.add(diagonal[j] * diagonal[j]);
        }
        var profile = chart.addSeries("per-dimension precision (DIAGONAL)", x, y);
        profile.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        profile.setMarker(SeriesMarkers.NONE);
        profile.setFillColor(new Color(31, 119, 180, 160));
        profile.setLineColor(new Color(31, 119, 180));
        Figure f = new Figure(900, 560, "");
        f.paint(chart, 0, 0, 900, 560);
        f.write(png);
    }
}
