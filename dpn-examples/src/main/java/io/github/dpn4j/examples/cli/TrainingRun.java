package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.noise.NoisyDataSetIterator;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.examples.train.Evaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.Progress;
import io.github.dpn4j.examples.train.Trainer;
import io.github.dpn4j.examples.train.TrainingDivergedException;
import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;
import io.github.dpn4j.layer.KMeansInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One training run from start to finish: build the network, initialise the DPN layer by k-means, train with a
 * per-epoch checkpoint, evaluate, and write the run directory ({@link RunDirectory}).
 */
final class TrainingRun {

    private final RunConfig config;
    private final MnistData data;
    private final NoiseConditions evaluation;
    private final Progress progress;
    private final PrintWriter out;
    private final Provenance provenance;
    private final int statsFrequency;
    private final TrainingUi ui;

    /**
     * @param config     the run's settings
     * @param data       training and test data, already limited
     * @param evaluation the final evaluation's conditions (shared between the runs of a comparison)
     * @param progress   where to draw bars
     * @param out        where to print
     * @param provenance command and machine, for the report
     */
    TrainingRun(RunConfig config, MnistData data, NoiseConditions evaluation, Progress progress, PrintWriter out,
                Provenance provenance) {
        this(config, data, evaluation, progress, out, provenance, TrainingStats.DEFAULT_FREQUENCY, null);
    }

    /**
     * @param config         the run's settings
     * @param data           training and test data, already limited
     * @param evaluation     the final evaluation's conditions
     * @param progress       where to draw bars
     * @param out            where to print
     * @param provenance     command and machine, for the report
     * @param statsFrequency period in iterations of the recorded stats (DL4J's StatsListener, the DPN listener)
     * @param ui             a running training UI that shows the stats live, or null
     */
    TrainingRun(RunConfig config, MnistData data, NoiseConditions evaluation, Progress progress, PrintWriter out,
                Provenance provenance, int statsFrequency, TrainingUi ui) {
        this.config = config;
        this.data = data;
        this.evaluation = evaluation;
        this.progress = progress;
        this.out = out;
        this.provenance = provenance;
        this.statsFrequency = statsFrequency;
        this.ui = ui;
    }

    /**
     * Loads the data a configuration names.
     *
     * @param config the run's settings ({@code dataDir}, {@code limitTrain}, {@code limitTest})
     * @return the data, limited
     * @throws IOException if the directory or a file is missing or malformed
     */
    static MnistData load(RunConfig config) throws IOException {
        MnistData data = config.dataDir() == null ? MnistData.embedded() : MnistData.fromDirectory(Path.of(config.dataDir()));
        if (config.limitTrain() != RunConfig.NO_LIMIT || config.limitTest() != RunConfig.NO_LIMIT) {
            data = data.limit(config.limitTrain() == RunConfig.NO_LIMIT ? Integer.MAX_VALUE : config.limitTrain(),
                    config.limitTest() == RunConfig.NO_LIMIT ? Integer.MAX_VALUE : config.limitTest());
        }
        return data;
    }

    /**
     * Runs and writes {@code dir}.
     *
     * @param dir the run directory (created; files of an earlier run there are replaced)
     * @return the summary, also written as the report
     * @throws TrainingDivergedException if the loss became NaN or infinite; the report, metrics and the last good
     *                                   model are written before this is thrown
     * @throws IOException on write errors
     */
    RunSummary execute(Path dir) throws IOException, TrainingDivergedException {
        return execute(dir, Classifier.create(config));
    }

    /**
     * Runs {@link #execute(Path)} on a network built elsewhere (e.g. {@code dpn insert}'s network, a trained model
     * with a DPN layer inserted).
     *
     * @param dir        the run directory
     * @param classifier the network to initialise, train and evaluate, updated in place
     * @return the summary, also written as the report
     * @throws TrainingDivergedException as {@link #execute(Path)}
     * @throws IOException               on write errors
     */
    RunSummary execute(Path dir, Classifier classifier) throws IOException, TrainingDivergedException {
        RunDirectory run = RunDirectory.create(dir);
        String name = dir.getFileName().toString();
        run.writeConfig(config);
        out.printf(Locale.ROOT, "%s: %,d parameters; data %s; training noise %s; writing %s%n",
                config.config().cliName(), classifier.numParams(), data.description(), config.trainNoise(), dir);
        out.flush();

        DataSet train = data.train();
        NoiseModel noise = NoiseModel.parse(config.trainNoise());
        String kmeans = null;
        double initSeconds = 0;
        if (classifier.hasPotential()) {
            long t0 = System.nanoTime();
            // its own iterator, so the training batches are the same with or without a DPN layer
            DataSetIterator kmeansBatches = new NoisyDataSetIterator(train, config.batchSize(), noise,
                    config.noiseSeed(), true);
            Optional<KMeansInit.Result> r = classifier.initPotential(kmeansBatches, config.kmeansExamples(),
                    config.seed());
            initSeconds = (System.nanoTime() - t0) / 1e9;
            kmeans = r.map(TrainingRun::describe).orElse(null);
            out.printf(Locale.ROOT, "k-means init: %s (%.1f s)%n", kmeans, initSeconds);
            out.flush();
        }
        run.saveModel(classifier);

        DataSetIterator batches = new NoisyDataSetIterator(train, config.batchSize(), noise, config.noiseSeed(), true);
        List<String> monitored = new ArrayList<>(new LinkedHashSet<>(List.of(NoiseModel.parse("none").describe(),
                noise.describe())));
        NoiseConditions monitor = NoiseConditions.prepare(data.test(), monitored, config.evalSeed());
        List<EpochMetrics> history;
        try (TrainingStats stats = TrainingStats.record(dir, name, classifier.model(), statsFrequency, ui)) {
            Trainer trainer = new Trainer(config.epochs(), config.batchSize(), progress, out, stats.tracker());
            history = trainer.train(classifier, batches, data.numTrain(), monitor, (c, h) -> {
                run.saveModel(c);
                run.writeMetrics(h);
            });
        } catch (TrainingDivergedException e) {
            RunSummary stopped = summary(name, classifier, kmeans, initSeconds, e.completed(), null, e.getMessage());
            run.writeMetrics(e.completed());
            run.writeCharts(name, e.completed());
            run.writeReport(RunReport.markdown(stopped));
            throw e;
        }
        run.writeMetrics(history);
        Evaluation result = evaluation.evaluate(classifier, config.batchSize(), progress);
        RunSummary summary = summary(name, classifier, kmeans, initSeconds, history, result, null);
        run.writeEvaluation(result);
        run.writeCharts(name, history);
        run.writeReport(RunReport.markdown(summary));
        return summary;
    }

    private RunSummary summary(String name, Classifier classifier, String kmeans, double initSeconds,
                               List<EpochMetrics> history, Evaluation result, String stopped) {
        return new RunSummary(name, config, data.description(), classifier.layerTypes(), classifier.numParams(),
                kmeans, initSeconds, history, result, stopped, provenance);
    }

    private static String describe(KMeansInit.Result r) {
        return String.format(Locale.ROOT, "inertia %.4g after %d iterations, a0 %.4g, initial alpha %.4g",
                r.inertia(), r.iterations(), r.a0(), r.alpha());
    }
}
