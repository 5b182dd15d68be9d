package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.EpochMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a run's per-epoch metrics, drawn with XChart (headless: no display needed).
 */
public final class TrainingCharts {

    /** Chart width in pixels: {@value}. */
    public static final int WIDTH = 800;
    /** Chart height in pixels: {@value}. */
    public static final int HEIGHT = 500;

    private TrainingCharts() {
    }

    /**
     * @param title   chart title
     * @param history metrics per epoch, not empty
     * @return PNG bytes: mean training loss per epoch
     */
    public static byte[] lossPng(String title, List<EpochMetrics> history) throws IOException {
        XYChart chart = chart(title + ": training loss", "loss (mean over the epoch, noisy inputs)");
        List<Double> loss = new ArrayList<>();
        history.forEach(m -> loss.add(m.loss()));
        chart.addSeries("training loss", epochs(history), loss).setMarker(SeriesMarkers.CIRCLE);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param title   chart title
     * @param history metrics per epoch, not empty, every epoch with the same conditions
     * @return PNG bytes: test accuracy (%) per epoch, one series per monitored condition
     */
    public static byte[] accuracyPng(String title, List<EpochMetrics> history) throws IOException {
        XYChart chart = chart(title + ": test accuracy", "accuracy (%)");
        int conditions = history.get(0).accuracies().size();
        for (int c = 0; c < conditions; c++) {
            List<Double> accuracy = new ArrayList<>();
            for (EpochMetrics m : history) {
                accuracy.add(100 * m.accuracies().get(c).accuracy());
            }
            chart.addSeries("test, " + history.get(0).accuracies().get(c).condition(), epochs(history), accuracy)
                    .setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * @param title   chart title
     * @param history metrics per epoch with at least one {@link EpochMetrics#potential()}
     * @return PNG bytes: the DPN layer's mean potential before and after the ascent per epoch
     */
    public static byte[] potentialPng(String title, List<EpochMetrics> history) throws IOException {
        XYChart chart = chart(title + ": DPN potential (mean over the epoch's measurements)", "phi");
        List<Integer> epochs = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (EpochMetrics m : history) {
            if (m.potential() != null) {
                epochs.add(m.epoch());
                before.add(m.potential().potentialBefore());
                after.add(m.potential().potentialAfter());
            }
        }
        chart.addSeries("before the ascent", epochs, before).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("after the ascent", epochs, after).setMarker(SeriesMarkers.CIRCLE);
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static List<Integer> epochs(List<EpochMetrics> history) {
        List<Integer> epochs = new ArrayList<>();
        history.forEach(m -> epochs.add(m.epoch()));
        return epochs;
    }
}
