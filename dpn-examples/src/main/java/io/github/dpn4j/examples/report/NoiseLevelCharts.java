package io.github.dpn4j.examples.report;

import io.github.dpn4j.layer.NoiseConditionalPotential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The front-end's noise estimate as a picture (XChart, headless): the calibration (the noise level reported for each
 * raw grid level) and the mean estimate ± one standard deviation against the true level of clipped Gaussian noise.
 */
public final class NoiseLevelCharts {

    /** File name of the chart: {@value}. */
    public static final String FILE = "noise-levels.png";

    private NoiseLevelCharts() {
    }

    /** Writes {@value #FILE} into {@code dir}. */
    public static void write(NoiseConditionalPotential potential, FrontEndReport report, Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(TrainingCharts.WIDTH).height(TrainingCharts.HEIGHT)
                .title(report.name() + ": estimated noise level").xAxisTitle("noise level σ")
                .yAxisTitle("estimated ŝ").build();
        double[] sigma = report.sweepSigma();
        XYSeries estimate = chart.addSeries("mean ŝ ± std, test images, clipped Gaussian noise", sigma,
                report.sweepMean(), report.sweepStd());
        estimate.setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("calibration: ŝ reported for each raw argmax_s phi_s", potential.noiseGrid(),
                potential.calibration()).setMarker(SeriesMarkers.NONE);
        double top = Math.max(Arrays.stream(sigma).max().orElse(1), 1.0);
        chart.addSeries("ŝ = σ", new double[]{0, top}, new double[]{0, top}).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, dir.resolve(FILE).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
