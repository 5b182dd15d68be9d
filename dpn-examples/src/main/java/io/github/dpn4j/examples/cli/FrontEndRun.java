package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.denoise.ConvDenoisingAutoencoder;
import io.github.dpn4j.examples.denoise.Denoiser;
import io.github.dpn4j.examples.denoise.DenoiserTraining;
import io.github.dpn4j.examples.denoise.PotentialDenoiser;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One front-end of a comparison: train it on the clean training images, put it in front of a trained classifier
 * that stays unchanged (checked: its parameters are compared before and after), evaluate, and write a small run
 * directory ({@value RunDirectory#EVALUATION} and {@value RunDirectory#REPORT}).
 */
final class FrontEndRun {

    /**
     * What a front-end run measured.
     *
     * @param evaluation      the classifier behind the front-end, per condition
     * @param parameters      the classifier's and the front-end's parameters together
     * @param trainingSeconds the front-end's training time (the classifier's is not included)
     */
    record Result(NoiseEvaluation evaluation, long parameters, double trainingSeconds) {
    }

    private final ComparedModel model;
    private final DenoiserTraining training;
    private final int components;
    private final double tolerated;
    private final NoiseConditions conditions;
    private final int batchSize;
    private final Progress progress;
    private final PrintWriter out;
    private final Provenance provenance;

    /**
     * @param model      a front-end model ({@link ComparedModel#isFrontEnd()})
     * @param training   the front-end's budget, corruption and seed
     * @param components mixture components of the DPN front-end
     * @param tolerated  noise level s0 the DPN front-end leaves in (what the classifier tolerates)
     * @param conditions the evaluation conditions shared by the comparison
     * @param batchSize  evaluation minibatch size
     * @param progress   where to draw bars
     * @param out        where to print
     * @param provenance command and machine, for the report
     */
    FrontEndRun(ComparedModel model, DenoiserTraining training, int components, double tolerated,
                NoiseConditions conditions, int batchSize, Progress progress, PrintWriter out, Provenance provenance) {
        if (!model.isFrontEnd()) {
            throw new IllegalArgumentException("not a front-end: " + model.cliName());
        }
        this.model = model;
        this.training = training;
        this.components = components;
        this.tolerated = tolerated;
        this.conditions = conditions;
        this.batchSize = batchSize;
        this.progress = progress;
        this.out = out;
        this.provenance = provenance;
    }

    /**
     * @param trainPixels clean training images {@code [N, 784]}
     * @param classifier  the trained classifier; left unchanged
     * @param run         where to write (a comparison's sub-run)
     * @param shown       the run directory as the user knows it (its last element is the run's name)
     * @return the evaluation of the classifier behind the trained front-end
     * @throws IOException on write errors
     * @throws IllegalStateException if the classifier's parameters changed (a bug)
     */
    Result execute(INDArray trainPixels, Classifier classifier, RunDirectory run, Path shown) throws IOException {
        long t0 = System.nanoTime();
        List<String> log = new ArrayList<>();
        Denoiser frontEnd = switch (model) {
            case CNN_DPN -> {
                out.printf(Locale.ROOT, "%s: DPN front-end, k = %d, s0 = %s; %s, score matching's own minibatches, "
                        + "seed %d%n", model.cliName(), components, tolerated, training, training.seed());
                out.flush();
                PotentialDenoiser dpn = PotentialDenoiser.fit(trainPixels, training, components, tolerated);
                double[] losses = dpn.epochLosses();
                for (int e = 0; e < losses.length; e++) {
                    log.add(String.format(Locale.ROOT, "epoch %d/%d  loss (DSM) %.5f", e + 1, losses.length,
                            losses[e]));
                }
                yield dpn;
            }
            case CNN_DAE -> {
                ConvDenoisingAutoencoder dae = ConvDenoisingAutoencoder.create(training);
                out.printf(Locale.ROOT, "%s: denoising autoencoder, %,d parameters; %s, batch %d, seed %d%n",
                        model.cliName(), dae.numParams(), training, training.batchSize(), training.seed());
                out.flush();
                List<Double> losses = dae.fit(trainPixels, progress);
                for (int e = 0; e < losses.size(); e++) {
                    log.add(String.format(Locale.ROOT, "epoch %d/%d  loss (MSE) %.5f", e + 1, losses.size(),
                            losses.get(e)));
                }
                yield dae;
            }
            default -> throw new IllegalArgumentException("not a front-end: " + model.cliName());
        };
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.forEach(out::println);
        out.printf(Locale.ROOT, "%s: front-end trained in %.1f s%n", model.cliName(), seconds);
        out.flush();

        INDArray before = classifierParameters(classifier);
        NoiseConditions.Denoised denoised = conditions.through(frontEnd, batchSize, progress);
        NoiseEvaluation behind = denoised.conditions().evaluate(classifier, batchSize, progress);
        if (!before.equals(classifierParameters(classifier))) {
            throw new IllegalStateException("the classifier's parameters changed while evaluating it behind "
                    + model.cliName());
        }
        // inference speed of front-end and classifier together
        NoiseEvaluation evaluation = new NoiseEvaluation(behind.conditions(), behind.images(),
                behind.seconds() + denoised.seconds());
        List<Double> noisyError = conditions.denoisingError();
        List<Double> denoisedError = denoised.conditions().denoisingError();
        run.writeEvaluation(evaluation);
        Result result = new Result(evaluation, classifier.numParams() + frontEnd.numParams(), seconds);
        run.writeReport(report(shown.toAbsolutePath().normalize().getFileName().toString(), result, log, noisyError, denoisedError));
        return result;
    }

    private static INDArray classifierParameters(Classifier classifier) {
        return classifier.model().params().dup();
    }

    private String report(String name, Result result, List<String> log, List<Double> noisyError,
                          List<Double> denoisedError) {
        StringBuilder s = new StringBuilder(RunReport.TITLE_PREFIX).append("front-end `").append(name).append("`\n\n");
        s.append(model.description()).append(". Front-end trained on the clean training images under ")
                .append(training).append(model == ComparedModel.CNN_DAE ? ", batch " + training.batchSize() : "")
                .append(", seed ").append(training.seed())
                .append("; the classifier is not retrained.\n\n");
        s.append("## Results\n\n");
        s.append(ResultsTable.markdown(List.of(new ResultsTable.Column(model.cliName(), result.evaluation(),
                result.parameters(), result.trainingSeconds(), Double.NaN)))).append('\n');
        s.append("## Denoising error\n\nMean squared error per pixel against the clean test images.\n\n");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("condition", "input", "after the front-end"));
        for (int i = 0; i < conditions.names().size(); i++) {
            rows.add(List.of(conditions.names().get(i), String.format(Locale.ROOT, "%.4f", noisyError.get(i)),
                    String.format(Locale.ROOT, "%.4f", denoisedError.get(i))));
        }
        s.append(ResultsTable.markdownRows(rows)).append('\n');
        s.append("## Training\n\n```\n");
        log.forEach(line -> s.append(line).append('\n'));
        s.append("```\n\n## Reproduce\n\n```\n").append(provenance.command()).append("\n```\n\n## Machine\n\n");
        provenance.markdownLines().forEach(line -> s.append(line).append('\n'));
        return s.toString();
    }
}
