package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.noise.NoisyDataSetIterator;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.EarlyStopped;
import io.github.dpn4j.examples.train.EpochListener;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.Progress;
import io.github.dpn4j.examples.train.Trainer;
import io.github.dpn4j.examples.train.TrainingDivergedException;
import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.layer.KMeansInit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
    private final TrainingControls controls;

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
        this(config, data, evaluation, progress, out, provenance, TrainingControls.DEFAULTS);
    }

    /**
     * @param config         the run's settings
     * @param data           training and test data, already limited
     * @param evaluation     the final evaluation's conditions
     * @param progress       where to draw bars
     * @param out            where to print
     * @param provenance     command and machine, for the report
     * @param controls       recorded stats, UI, early stopping, checkpoints
     */
    TrainingRun(RunConfig config, MnistData data, NoiseConditions evaluation, Progress progress, PrintWriter out,
                Provenance provenance, TrainingControls controls) {
        this.config = config;
        this.data = data;
        this.evaluation = evaluation;
        this.progress = progress;
        this.out = out;
        this.provenance = provenance;
        this.controls = controls;
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
     * The checks that can fail before any training, so that a run that cannot work stops before its run directory
     * is touched: the network builds, and k-means has at least k examples.
     *
     * @throws IllegalArgumentException naming the options at fault
     */
    void check() {
        Classifier.create(config);
        if (config.config().hasPotential()) {
            int available = Math.min(config.kmeansExamples(), data.numTrain());
            if (config.components() > available) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "k-means needs at least as many "
                        + "training examples as DPN components, got -k %d but only %d examples (%,d training "
                        + "examples, --kmeans-examples %d); lower -k or use more examples", config.components(),
                        available, data.numTrain(), config.kmeansExamples()));
            }
        }
    }

    /**
     * Runs and writes {@code run} (call {@link #check()} first).
     *
     * @param run  where to write (a staged run directory, or a comparison's sub-run)
     * @param shown the run directory as the user knows it (the run's name is its last element)
     * @return the summary, also written as the report
     * @throws TrainingDivergedException if the loss became NaN or infinite; the report, metrics and the last good
     *                                   model are written before this is thrown
     * @throws IOException on write errors
     */
    RunSummary execute(RunDirectory run, Path shown) throws IOException, TrainingDivergedException {
        return execute(run, shown, Classifier.create(config));
    }

    /**
     * Runs {@link #execute(RunDirectory, Path)} on a network built elsewhere (e.g. {@code dpn insert}'s network, a
     * trained model with a DPN layer inserted).
     *
     * @param run        where to write
     * @param shown      the run directory as the user knows it
     * @param classifier the network to initialise, train and evaluate, updated in place
     * @return the summary, also written as the report
     * @throws TrainingDivergedException as {@link #execute(RunDirectory, Path)}
     * @throws IOException               on write errors
     */
    RunSummary execute(RunDirectory run, Path shown, Classifier classifier) throws IOException,
            TrainingDivergedException {
        String name = shown.toAbsolutePath().normalize().getFileName().toString();
        run.writeConfig(config);
        out.printf(Locale.ROOT, "%s: %,d parameters; data %s; training noise %s; writing %s%n",
                config.config().cliName(), classifier.numParams(), data.description(), config.trainNoise(), shown);
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

        DataSet heldOut = null;
        if (controls.patience() > 0) {
            // early stopping scores on the last examples of the training set, which it then does not train on
            int held = (int) Math.max(1, Math.round(controls.holdout() * train.numExamples()));
            if (held >= train.numExamples()) {
                throw new IllegalArgumentException("--holdout " + controls.holdout() + " leaves no training examples of "
                        + train.numExamples());
            }
            heldOut = rows(train, train.numExamples() - held, train.numExamples());
            train = rows(train, 0, train.numExamples() - held);
            out.printf(Locale.ROOT, "early stopping: patience %d epochs, %d held-out training examples, training on %d%n",
                    controls.patience(), held, train.numExamples());
        }
        if (controls.keepCheckpoints() > 0) {
            Path checkpoints = Files.createDirectories(run.dir().resolve(RunDirectory.CHECKPOINTS));
            classifier.model().addListeners(new CheckpointListener.Builder(checkpoints.toFile())
                    .keepLast(controls.keepCheckpoints()).saveEveryEpoch().deleteExisting(true).build());
        }
        DataSetIterator batches = new NoisyDataSetIterator(train, config.batchSize(), noise, config.noiseSeed(), true);
        List<String> monitored = new ArrayList<>(new LinkedHashSet<>(List.of(NoiseModel.parse("none").describe(),
                noise.describe())));
        NoiseConditions monitor = NoiseConditions.prepare(data.test(), monitored, config.evalSeed());
        List<EpochMetrics> history;
        EarlyStopped stoppedEarly = null;
        // no training, nothing to record
        try (TrainingStats stats = config.epochs() == 0 ? null : TrainingStats.record(run.dir(), name,
                classifier.model(), controls.statsFrequency(), controls.ui())) {
            Trainer trainer = new Trainer(config.epochs(), config.batchSize(), progress, out,
                    stats == null ? null : stats.tracker());
            EpochListener save = (c, h) -> {
                run.saveModel(c);
                run.writeMetrics(h);
            };
            if (controls.workers() > 1) {
                out.printf(Locale.ROOT, "training with DL4J ParallelWrapper: %d workers, parameters averaged after "
                        + "every minibatch%n", controls.workers());
                history = trainer.trainInParallel(classifier, batches, controls.workers(), monitor, save);
            } else if (heldOut == null) {
                history = trainer.train(classifier, batches, train.numExamples(), monitor, save);
            } else {
                // the held-out inputs get the training noise once, with their own seed, so the score is comparable
                DataSetIterator heldOutBatches = new ListDataSetIterator<>(DataSet.merge(collect(
                        new NoisyDataSetIterator(heldOut, config.batchSize(), noise, config.noiseSeed() + 1, false)))
                        .asList(), config.batchSize());
                stoppedEarly = trainer.trainWithEarlyStopping(classifier, batches, heldOutBatches, controls.patience(),
                        monitor, save);
                history = stoppedEarly.history();
                run.saveModel(classifier);
                out.printf(Locale.ROOT, "early stopping: %s; best epoch %d of %d (its parameters kept)%n",
                        stoppedEarly.termination(), stoppedEarly.bestEpoch(), history.size());
            }
        } catch (TrainingDivergedException e) {
            RunSummary stopped = summary(name, classifier, kmeans, initSeconds, e.completed(), null, e.getMessage());
            run.writeMetrics(e.completed());
            run.writeCharts(name, e.completed());
            run.writeReport(RunReport.markdown(stopped));
            throw e;
        }
        run.writeMetrics(history);
        NoiseEvaluation result = evaluation.evaluate(classifier, config.batchSize(), progress);
        RunSummary summary = summary(name, classifier, kmeans, initSeconds, history, result, null);
        run.writeEvaluation(result);
        run.writeCharts(name, history);
        run.writeReport(stoppedEarly == null ? RunReport.markdown(summary)
                : withEarlyStopping(RunReport.markdown(summary), stoppedEarly));
        return summary;
    }

    private static DataSet rows(DataSet data, int from, int to) {
        return new DataSet(data.getFeatures().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup(),
                data.getLabels().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup());
    }

    private static List<DataSet> collect(DataSetIterator it) {
        List<DataSet> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private String withEarlyStopping(String report, EarlyStopped es) {
        StringBuilder s = new StringBuilder("## Early stopping\n\n");
        s.append(String.format(Locale.ROOT, "DL4J `EarlyStoppingTrainer`, patience %d epochs, score: loss on the last "
                + "%.0f%% of the training examples (held out, training noise): %s. Best epoch %d; the model and the "
                + "results above are that epoch's.%n%n", controls.patience(), 100 * controls.holdout(),
                es.termination(), es.bestEpoch()));
        s.append("| epoch | held-out loss |\n|---:|---:|\n");
        es.heldOutLoss().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                s.append(String.format(Locale.ROOT, "| %d | %.4f |%n", e.getKey(), e.getValue())));
        int at = report.indexOf("## Training");
        return at < 0 ? report + "\n" + s : report.substring(0, at) + s + "\n" + report.substring(at);
    }

    /**
     * Runs into a staged run directory and swaps it in: when the run completes, and also when training diverged
     * (the report says so and the last good model is kept). Any other failure leaves the previous run as it was.
     *
     * @param staged the staged run directory
     * @return the summary
     * @throws TrainingDivergedException after the commit, if the loss became NaN or infinite
     * @throws IOException on write errors
     */
    RunSummary executeAndCommit(StagedRun staged) throws IOException, TrainingDivergedException {
        RunSummary summary;
        try {
            summary = execute(staged.run(), staged.target());
        } catch (TrainingDivergedException e) {
            staged.commit();
            throw e;
        }
        staged.commit();
        return summary;
    }

    private RunSummary summary(String name, Classifier classifier, String kmeans, double initSeconds,
                               List<EpochMetrics> history, NoiseEvaluation result, String stopped) {
        return new RunSummary(name, config, data.description(), classifier.layerTypes(), classifier.numParams(),
                kmeans, initSeconds, history, result, stopped, provenance,
                finalStepSize(classifier, history, stopped));
    }

    /** The last epoch's alpha; with no epoch, the k-means value the model keeps (unknown if training diverged). */
    private static double finalStepSize(Classifier classifier, List<EpochMetrics> history, String stopped) {
        if (!history.isEmpty()) {
            return history.get(history.size() - 1).stepSize();
        }
        return stopped != null ? Double.NaN : classifier.stepSize().orElse(Double.NaN);
    }

    private static String describe(KMeansInit.Result r) {
        return String.format(Locale.ROOT, "inertia %.4g after %d iterations, a0 %.4g, initial alpha %.4g",
                r.inertia(), r.iterations(), r.a0(), r.alpha());
    }
}
