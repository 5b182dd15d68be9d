package io.github.dpn4j.examples.train;

import java.io.IOException;
import java.util.List;

/** Called by {@link Trainer} after every completed epoch, e.g. to save the model and the metrics. */
@FunctionalInterface
public interface EpochListener {

    /**
     * @param classifier the classifier after the epoch
     * @param history    metrics of every epoch so far, the last one just completed
     * @throws IOException if saving fails (training stops)
     */
    void epochCompleted(Classifier classifier, List<EpochMetrics> history) throws IOException;
}
