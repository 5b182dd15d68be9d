package io.github.dpn4j.examples.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.listener.EarlyStoppingListener;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculatorCG;
import org.deeplearning4j.earlystopping.termination.InvalidScoreIterationTerminationCondition;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingGraphTrainer;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The training loop of the examples: minibatch by minibatch, with a progress bar, a NaN/Inf guard, and after
 * each epoch a test evaluation, a one-line summary and a call to an {@link EpochListener} (which saves the model).
 *
 * <p>Summary line, e.g.
 * {@code epoch 2/5  loss 0.1234  acc none 97.10% gaussian:0.3 95.20%  alpha 0.0123  41.2 s}
 * (alpha is {@code -} without a DPN layer).
 */
public final class Trainer {

    private final int epochs;
    private final int evalBatchSize;
    private final Progress progress;
    private final PrintWriter out;
    private final PotentialTracker tracker;

    /**
     * @param epochs        epochs to train, &gt;= 0
     * @param evalBatchSize minibatch size of the per-epoch evaluation, &gt;= 1
     * @param progress      where to draw bars
     * @param out           where to print the per-epoch summary
     */
    public Trainer(int epochs, int evalBatchSize, Progress progress, PrintWriter out) {
        this(epochs, evalBatchSize, progress, out, null);
    }

    /**
     * @param epochs        epochs to train, &gt;= 0
     * @param evalBatchSize minibatch size of the per-epoch evaluation, &gt;= 1
     * @param progress      where to draw bars
     * @param out           where to print the per-epoch summary
     * @param tracker       the DPN listener's sink (attached to the network by the caller), whose epoch means go into
     *                      {@link EpochMetrics#potential()}; null for none
     */
    public Trainer(int epochs, int evalBatchSize, Progress progress, PrintWriter out, PotentialTracker tracker) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (evalBatchSize < 1) {
            throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + evalBatchSize);
        }
        this.epochs = epochs;
        this.evalBatchSize = evalBatchSize;
        this.progress = progress;
        this.out = out;
        this.tracker = tracker;
    }

    /**
     * Trains.
     *
     * @param classifier       the classifier, updated in place
     * @param batches          training minibatches; reset at the start of every epoch (fresh noise per epoch)
     * @param examplesPerEpoch examples the iterator yields per epoch (for the progress bar)
     * @param monitor          conditions evaluated after every epoch
     * @param listener         called after every epoch
     * @return metrics of every epoch
     * @throws TrainingDivergedException if a minibatch loss is NaN or infinite; nothing is saved after that
     * @throws IOException               if the listener fails
     */
    public List<EpochMetrics> train(Classifier classifier, DataSetIterator batches, long examplesPerEpoch,
                                    NoiseConditions monitor, EpochListener listener)
            throws TrainingDivergedException, IOException {
        List<EpochMetrics> history = new ArrayList<>();
        long iteration = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            batches.reset();
            double lossSum = 0;
            long seen = 0;
            int batch = 0;
            long t0 = System.nanoTime();
            classifier.startEpoch();
            try (Progress.Bar bar = progress.start(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs),
                    examplesPerEpoch)) {
                while (batches.hasNext()) {
                    DataSet ds = batches.next();
                    classifier.fit(ds);
                    batch++;
                    iteration++;
                    double loss = classifier.score();
                    if (!Double.isFinite(loss)) {
                        bar.close();
                        throw new TrainingDivergedException(epoch, batch, iteration, loss, history,
                                classifier.hasPotential());
                    }
                    int n = ds.numExamples();
                    lossSum += loss * n;
                    seen += n;
                    bar.stepBy(n);
                    bar.message(String.format(Locale.ROOT, "loss %.4f", lossSum / seen));
                }
            }
            classifier.endEpoch();
            double seconds = (System.nanoTime() - t0) / 1e9;
            NoiseEvaluation eval = monitor.evaluate(classifier, evalBatchSize, progress);
            EpochMetrics m = new EpochMetrics(epoch, seen == 0 ? Double.NaN : lossSum / seen, eval.conditions(),
                    classifier.stepSize().orElse(Double.NaN), seconds, tracker == null ? null : tracker.endEpoch());
            history.add(m);
            out.println(summary(m, epochs));
            out.flush();
            listener.epochCompleted(classifier, history);
        }
        return history;
    }

    /**
     * Trains with DL4J's {@code EarlyStoppingTrainer} ({@code EarlyStoppingGraphTrainer} for a graph): after every
     * epoch the loss on {@code heldOut} (examples taken from the training set, never the test set) is computed; training
     * stops when it has not improved for {@code patience} epochs, or after the configured epochs, or at a NaN/Inf
     * minibatch loss. The classifier ends with the parameters of the epoch with the lowest held-out loss. Per epoch
     * the same summary, metrics and listener call as {@link #train}; no progress bar (DL4J runs the loop).
     *
     * @param classifier       the classifier, updated in place
     * @param batches          training minibatches
     * @param heldOut          held-out minibatches for the stopping score
     * @param patience         epochs without improvement before stopping, &gt;= 1
     * @param monitor          conditions evaluated after every epoch
     * @param listener         called after every epoch
     * @return what happened
     * @throws TrainingDivergedException if a minibatch loss became NaN or infinite
     * @throws IOException               if the listener fails
     */
    public EarlyStopped trainWithEarlyStopping(Classifier classifier, DataSetIterator batches, DataSetIterator heldOut,
                                               int patience, NoiseConditions monitor,
                                               EpochListener listener) throws TrainingDivergedException, IOException {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1 epoch, got " + patience);
        }
        List<EpochMetrics> history = new ArrayList<>();
        IOException[] failure = new IOException[1];
        long[] t0 = {System.nanoTime()};
        double[] loss = new double[2];  // sum of batch loss x batch size, examples
        TrainingListener lossSum = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                loss[0] += model.score() * model.batchSize();
                loss[1] += model.batchSize();
            }
        };
        classifier.model().addListeners(lossSum);
        EarlyStoppingResult<? extends Model> result;
        try {
            if (classifier.model() instanceof MultiLayerNetwork net) {
                EarlyStoppingConfiguration<MultiLayerNetwork> es = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                        .epochTerminationConditions(new MaxEpochsTerminationCondition(epochs),
                                new ScoreImprovementEpochTerminationCondition(patience))
                        .iterationTerminationConditions(new InvalidScoreIterationTerminationCondition())
                        .scoreCalculator(new DataSetLossCalculator(heldOut, true))
                        .modelSaver(new InMemoryModelSaver<>())
                        .evaluateEveryNEpochs(1)
                        .build();
                result = new EarlyStoppingTrainer(es, net, batches, epochDone(classifier, history, monitor, listener,
                        failure, t0, loss)).fit();
            } else {
                ComputationGraph graph = (ComputationGraph) classifier.model();
                EarlyStoppingConfiguration<ComputationGraph> es = new EarlyStoppingConfiguration.Builder<ComputationGraph>()
                        .epochTerminationConditions(new MaxEpochsTerminationCondition(epochs),
                                new ScoreImprovementEpochTerminationCondition(patience))
                        .iterationTerminationConditions(new InvalidScoreIterationTerminationCondition())
                        .scoreCalculator(new DataSetLossCalculatorCG(heldOut, true))
                        .modelSaver(new InMemoryModelSaver<>())
                        .evaluateEveryNEpochs(1)
                        .build();
                result = new EarlyStoppingGraphTrainer(es, graph, batches, epochDone(classifier, history, monitor,
                        listener, failure, t0, loss)).fit();
            }
        } finally {
            Collection<TrainingListener> rest = new ArrayList<>(classifier.model() instanceof MultiLayerNetwork n
                    ? n.getListeners() : ((ComputationGraph) classifier.model()).getListeners());
            rest.remove(lossSum);
            classifier.model().setListeners(rest);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (result.getTerminationReason() == EarlyStoppingResult.TerminationReason.IterationTerminationCondition) {
            throw new TrainingDivergedException(history.size() + 1, 0, classifier.iterationCount(), Double.NaN,
                    history, classifier.hasPotential());
        }
        if (result.getTerminationReason() == EarlyStoppingResult.TerminationReason.Error) {
            throw new IllegalStateException("early stopping failed: " + result.getTerminationDetails());
        }
        // DL4J counts epochs from 0
        Map<Integer, Double> heldOutLoss = new LinkedHashMap<>();
        result.getScoreVsEpoch().forEach((epoch, score) -> heldOutLoss.put(epoch + 1, score));
        classifier.model().setParams(result.getBestModel().params());
        return new EarlyStopped(history, heldOutLoss, result.getBestModelEpoch() + 1,
                result.getTerminationReason() + " " + result.getTerminationDetails());
    }

    /**
     * Trains with DL4J's {@code ParallelWrapper}: {@code workers} replicas of the network, rebuilt from its JSON
     * configuration with its parameters, each fits its own minibatches, and their parameters (and updater states)
     * are averaged after every minibatch each ({@code TrainingMode.AVERAGING}, frequency 1). Averaging rather than
     * gradient sharing because sharing sends threshold-quantised gradients (lossy, tuned for many workers and large
     * models), while averaging after every step keeps the replicas equal to a plain synchronous data-parallel step on
     * a network this small. Per epoch the same summary, metrics and listener call as {@link #train}; no progress bar,
     * and a NaN/Inf loss is detected at the end of the epoch (the wrapper runs the minibatches).
     *
     * @param classifier the classifier, updated in place (the wrapper writes the averaged parameters back)
     * @param batches    training minibatches; reset at the start of every epoch
     * @param workers    replicas, &gt;= 2
     * @param monitor    conditions evaluated after every epoch
     * @param listener   called after every epoch
     * @return metrics of every epoch
     * @throws TrainingDivergedException if an epoch's loss is NaN or infinite
     * @throws IOException               if the listener fails
     */
    public List<EpochMetrics> trainInParallel(Classifier classifier, DataSetIterator batches, int workers,
                                              NoiseConditions monitor, EpochListener listener)
            throws TrainingDivergedException, IOException {
        if (workers < 2) {
            throw new IllegalArgumentException("parallel training needs >= 2 workers, got " + workers);
        }
        Model model = classifier.model();
        double[] loss = new double[2];  // sum of batch loss x batch size, examples; the workers add concurrently
        TrainingListener lossSum = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model replica, int iteration, int epoch) {
                synchronized (loss) {
                    loss[0] += replica.score() * replica.batchSize();
                    loss[1] += replica.batchSize();
                }
            }
        };
        Collection<TrainingListener> own = new ArrayList<>(model instanceof MultiLayerNetwork n ? n.getListeners()
                : ((ComputationGraph) model).getListeners());
        model.addListeners(lossSum);
        List<EpochMetrics> history = new ArrayList<>();
        long iterations = 0;
        try (ParallelWrapper wrapper = new ParallelWrapper.Builder<>(model)
                .workers(workers)
                .prefetchBuffer(2 * workers)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .averagingFrequency(1)
                .averageUpdaters(true)
                .reportScoreAfterAveraging(true)
                .build()) {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                batches.reset();
                loss[0] = 0;
                loss[1] = 0;
                long t0 = System.nanoTime();
                wrapper.fit(batches);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double mean = loss[1] == 0 ? Double.NaN : loss[0] / loss[1];
                iterations += Math.round(loss[1] / Math.max(1, batches.batch()));
                if (!Double.isFinite(mean)) {
                    throw new TrainingDivergedException(epoch, 0, iterations, mean, history, classifier.hasPotential());
                }
                NoiseEvaluation eval = monitor.evaluate(classifier, evalBatchSize, progress);
                EpochMetrics m = new EpochMetrics(epoch, mean, eval.conditions(), classifier.stepSize().orElse(Double.NaN),
                        seconds, tracker == null ? null : tracker.endEpoch());
                history.add(m);
                out.println(summary(m, epochs) + "  (" + workers + " workers)");
                out.flush();
                listener.epochCompleted(classifier, history);
            }
        } catch (TrainingDivergedException | IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("ParallelWrapper failed to shut down: " + e, e);
        } finally {
            // the wrapper moved the network's listeners to itself: give them back
            model.setListeners(own);
        }
        return history;
    }

    private <T extends Model> EarlyStoppingListener<T> epochDone(Classifier classifier, List<EpochMetrics> history,
                                                                 NoiseConditions monitor, EpochListener listener,
                                                                 IOException[] failure, long[] t0, double[] loss) {
        return new EarlyStoppingListener<>() {
            @Override
            public void onStart(EarlyStoppingConfiguration<T> esConfig, T net) {
                t0[0] = System.nanoTime();
            }

            @Override
            public void onEpoch(int epochNum, double score, EarlyStoppingConfiguration<T> esConfig, T net) {
                double seconds = (System.nanoTime() - t0[0]) / 1e9;
                NoiseEvaluation eval = monitor.evaluate(classifier, evalBatchSize, progress);
                EpochMetrics m = new EpochMetrics(epochNum + 1, loss[1] == 0 ? Double.NaN : loss[0] / loss[1],
                        eval.conditions(), classifier.stepSize().orElse(Double.NaN), seconds,
                        tracker == null ? null : tracker.endEpoch());
                loss[0] = 0;
                loss[1] = 0;
                history.add(m);
                out.println(summary(m, epochs) + String.format(Locale.ROOT, "  held-out loss %.4f", score));
                out.flush();
                if (failure[0] == null) {
                    try {
                        listener.epochCompleted(classifier, history);
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                }
                t0[0] = System.nanoTime();
            }

            @Override
            public void onCompletion(EarlyStoppingResult<T> esResult) {
            }
        };
    }

    /**
     * @param m      one epoch's metrics
     * @param epochs total epochs
     * @return the one-line summary printed after the epoch
     */
    public static String summary(EpochMetrics m, int epochs) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc", m.epoch(),
                epochs, m.loss()));
        for (ConditionAccuracy a : m.accuracies()) {
            s.append(String.format(Locale.ROOT, " %s %.2f%%", a.condition(), 100 * a.accuracy()));
        }
        s.append("  alpha ").append(m.hasStepSize() ? String.format(Locale.ROOT, "%.4g", m.stepSize()) : "-");
        s.append(String.format(Locale.ROOT, "  %.1f s", m.seconds()));
        return s.toString();
    }
}
