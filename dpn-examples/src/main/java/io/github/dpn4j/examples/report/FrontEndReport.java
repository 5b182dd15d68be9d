package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.analysis.Auroc;
import io.github.dpn4j.examples.analysis.DenoisingPicture;

import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.layer.Corruption;
import io.github.dpn4j.layer.DenoisingScoreMatching;
import io.github.dpn4j.layer.NoiseConditionalPotential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What {@code dpn robustify} measured: per evaluation condition the classifier's accuracy alone and behind the
 * denoising front-end, the front-end's mean estimated noise level and its denoising error (MSE against the clean
 * image); and the noise estimate against the true level of clipped Gaussian noise.
 *
 * @param source      name of the classifier's run
 * @param name        name of this run
 * @param conditions  condition names, in order
 * @param before      accuracy per condition, classifier alone
 * @param after       accuracy per condition, behind the front-end
 * @param meanLevel   mean estimated noise level {@code ŝ} per condition
 * @param noisyError  mean squared error of the noisy test images per condition
 * @param denoisedError mean squared error after the front-end per condition
 * @param sweepSigma  true noise levels of the calibration check
 * @param sweepMean   mean {@code ŝ} at each
 * @param sweepStd    standard deviation of {@code ŝ} at each
 * @param densityAuroc per condition, AUROC of {@code -phi_0(x)} separating the clean test images from that
 *                    condition's (NaN for the clean condition itself)
 * @param levelAuroc  per condition, AUROC of {@code ŝ(x)} likewise
 * @param ood         name of another data set whose test images were scored, or null
 * @param oodDensityAuroc AUROC of {@code -phi_0(x)} separating the clean test images from that data set's
 * @param fit         the score-matching fit
 * @param options     its options
 */
public record FrontEndReport(String source, String name, List<String> conditions, NoiseEvaluation before,
                             NoiseEvaluation after, double[] meanLevel, double[] noisyError, double[] denoisedError,
                             double[] sweepSigma, double[] sweepMean, double[] sweepStd, double[] densityAuroc,
                             double[] levelAuroc, String ood, double oodDensityAuroc,
                             DenoisingScoreMatching.Result fit, DenoisingScoreMatching.Options options) {

    /** File name of the denoising picture: {@value}. */
    public static final String PICTURE = "denoising.png";
    /** Noise levels shown in the denoising picture. */
    private static final double[] PICTURE_LEVELS = {0.3, 0.6, 1.0};
    /** Test images the noise sweep corrupts at each level. */
    private static final int SWEEP_EXAMPLES = 500;

    /**
     * Measures the front-end on every condition's test images.
     *
     * @param clean   the clean test images {@code [N, 784]}, in the order of the conditions' images
     * @param ood     another data set's test images {@code [M, 784]} to score against the clean ones, or null
     * @param oodName its name (when given)
     */
    public static FrontEndReport measure(String source, String name, NoiseConditionalPotential potential,
                                         NoiseConditions conditions, INDArray clean, INDArray ood, String oodName,
                                         NoiseEvaluation before, NoiseEvaluation after, DenoisingScoreMatching.Result fit,
                                         DenoisingScoreMatching.Options options) {
        int count = conditions.names().size();
        double[] level = new double[count];
        double[] noisyError = new double[count];
        double[] denoisedError = new double[count];
        double[] densityAuroc = new double[count];
        double[] levelAuroc = new double[count];
        INDArray reference = clean.castTo(DataType.FLOAT);
        double[] cleanSurprise = potential.logDensity(reference, 0).neg().toDoubleVector();
        double[] cleanLevel = potential.noiseLevel(reference).toDoubleVector();
        for (int c = 0; c < count; c++) {
            INDArray noisy = conditions.features(c).castTo(DataType.FLOAT);
            INDArray estimate = potential.noiseLevel(noisy);
            level[c] = estimate.meanNumber().doubleValue();
            noisyError[c] = meanSquaredError(noisy, reference);
            denoisedError[c] = meanSquaredError(potential.denoise(noisy), reference);
            boolean isClean = conditions.names().get(c).equals(NoiseConditions.CLEAN);
            densityAuroc[c] = isClean ? Double.NaN
                    : Auroc.of(cleanSurprise, potential.logDensity(noisy, 0).neg().toDoubleVector());
            levelAuroc[c] = isClean ? Double.NaN : Auroc.of(cleanLevel, estimate.toDoubleVector());
        }
        double oodAuroc = ood == null ? Double.NaN
                : Auroc.of(cleanSurprise, potential.logDensity(ood.castTo(DataType.FLOAT), 0).neg().toDoubleVector());
        INDArray sample = reference.get(NDArrayIndex.interval(0, Math.min(SWEEP_EXAMPLES, reference.size(0))),
                NDArrayIndex.all());
        int levels = 13;
        double[] sigma = new double[levels];
        double[] mean = new double[levels];
        double[] std = new double[levels];
        Corruption corruption = Corruption.gaussianClipped(0, 1);
        for (int l = 0; l < levels; l++) {
            sigma[l] = 0.1 * l;
            INDArray noisy = sigma[l] == 0 ? sample : corruption.apply(sample, sigma[l],
                    Nd4j.getRandomFactory().getNewRandomInstance(options.seed() + 100 + l));
            INDArray estimate = potential.noiseLevel(noisy);
            mean[l] = estimate.meanNumber().doubleValue();
            std[l] = estimate.stdNumber().doubleValue();
        }
        return new FrontEndReport(source, name, conditions.names(), before, after, level, noisyError, denoisedError,
                sigma, mean, std, densityAuroc, levelAuroc, oodName, oodAuroc, fit, options);
    }

    /** The accuracy table, one row per condition. */
    public String table() {
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < conditions.size(); c++) {
            String condition = conditions.get(c);
            double a = 100 * before.accuracy(condition);
            double b = 100 * after.accuracy(condition);
            rows.add(List.of(condition, percent(a), percent(b), String.format(Locale.ROOT, "%+.2f", b - a),
                    number(meanLevel[c], 3), number(noisyError[c], 4), number(denoisedError[c], 4)));
        }
        MarkdownTable table = new MarkdownTable(List.of("condition", source + " alone", "behind the front-end",
                "change (points)", "mean ŝ", "MSE noisy", "MSE after"));
        rows.forEach(table::row);
        return table.render();
    }

    /** The whole report. */
    public String markdown(String invocation) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(name).append(": `").append(source).append("` behind a denoising DPN front-end\n\n");
        md.append("Command: `").append(invocation).append("`\n\n");
        md.append(String.format(Locale.ROOT, "The classifier of `%s` is unchanged (its parameters are copied bit for "
                + "bit and frozen). In front of it: a noise-conditional potential (k = %d, DIAGONAL) fitted to the "
                + "training images by k-means and %d epochs of denoising score matching under clipped Gaussian noise "
                + "σ ~ U[%s, %s], one Tweedie step `x + (ŝ² − s0²)·∇phi_ŝ(x)` with the noise level ŝ estimated per "
                + "image and s0 = %s left in. Fitted in %.1f s.%n%n", source, options.components(), options.epochs(),
                options.sigmaMin(), options.sigmaMax(), options.tolerated(), fit.seconds()));
        md.append("## Accuracy, noise estimate and denoising error per condition\n\n").append(table()).append('\n');
        md.append("MSE: mean squared difference to the clean test image, per pixel.\n\n");
        md.append("## The noise estimate against the true noise level\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (int l = 0; l < sweepSigma.length; l++) {
            rows.add(List.of(number(sweepSigma[l], 1), number(sweepMean[l], 3), number(sweepStd[l], 3)));
        }
        md.append(String.format(Locale.ROOT, "%d test images, clipped Gaussian noise:%n%n", SWEEP_EXAMPLES));
        MarkdownTable sweep = new MarkdownTable(List.of("true σ", "mean ŝ", "std ŝ"));
        rows.forEach(sweep::row);
        md.append(sweep.render()).append('\n');
        md.append("![noise levels](").append(NoiseLevelCharts.FILE).append(")\n\n");
        md.append("## Density as a signal\n\n");
        md.append("AUROC of separating the clean test images from each condition's by the surprise −phi_0(x) (the "
                + "negative log-density of the clean mixture) and by the estimated noise level ŝ(x); 0.5 is chance.\n\n");
        MarkdownTable signal = new MarkdownTable(List.of("clean vs", "AUROC −log-density", "AUROC ŝ"));
        for (int c = 0; c < conditions.size(); c++) {
            if (!Double.isNaN(densityAuroc[c])) {
                signal.row(List.of(conditions.get(c), number(densityAuroc[c], 3), number(levelAuroc[c], 3)));
            }
        }
        if (ood != null) {
            signal.row(List.of(ood + " (another data set, clean)", number(oodDensityAuroc, 3), "-"));
        }
        md.append(signal.render()).append('\n');
        md.append("## Denoising examples\n\n![denoising](").append(PICTURE).append(")\n\n");
        md.append("Score-matching loss per epoch:");
        for (double l : fit.epochLosses()) {
            md.append(String.format(Locale.ROOT, " %.4f", l));
        }
        md.append(fit.epochLosses().length == 0 ? " (no epochs: the k-means fit)\n" : "\n");
        return md.toString();
    }

    /**
     * Clean, noisy and denoised test images at a few noise levels, each with the prediction of the classifier
     * behind the front-end (for the noisy row: of the classifier alone).
     */
    public void writePictures(Classifier original, Classifier robust, NoiseConditionalPotential potential,
                              INDArray clean, INDArray labels, Path png, int examples) throws IOException {
        INDArray x = clean.get(NDArrayIndex.interval(0, examples), NDArrayIndex.all()).castTo(DataType.FLOAT);
        int[] classOf = labels.get(NDArrayIndex.interval(0, examples)).toIntVector();
        List<DenoisingPicture.Row> rows = new ArrayList<>();
        rows.add(new DenoisingPicture.Row("clean", x, predicted(original, x)));
        Corruption corruption = Corruption.gaussianClipped(0, 1);
        for (double sigma : PICTURE_LEVELS) {
            INDArray noisy = corruption.apply(x, sigma, Nd4j.getRandomFactory().getNewRandomInstance(
                    options.seed() + 7));
            double estimate = potential.noiseLevel(noisy).meanNumber().doubleValue();
            rows.add(new DenoisingPicture.Row(String.format(Locale.ROOT, "σ %.1f, alone", sigma), noisy,
                    predicted(original, noisy)));
            rows.add(new DenoisingPicture.Row(String.format(Locale.ROOT, "after (ŝ≈%.2f)", estimate),
                    potential.denoise(noisy), predicted(robust, noisy)));
        }
        DenoisingPicture.write(rows, classOf, name + ": clean, noisy, and after the front-end", png);
    }

    private static int[] predicted(Classifier classifier, INDArray x) {
        return classifier.output(x).argMax(1).toIntVector();
    }

    private static double meanSquaredError(INDArray a, INDArray b) {
        INDArray d = a.sub(b);
        return d.mul(d).meanNumber().doubleValue();
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
