package io.github.dpn4j.examples.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
                        throw new TrainingDivergedException(epoch, batch, iteration, loss, history);
                    }
                    int n = ds.numExamples();
                    lossSum += loss * n;
                    seen += n;
                    bar.stepBy(n);
                    bar.message(String.format(Locale.ROOT, "loss %.4f", lossSum / seen));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation eval = monitor.evaluate(classifier, evalBatchSize, progress);
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
