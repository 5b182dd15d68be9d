package io.github.dpn4j.examples.train;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Trainer#trainWithEarlyStopping}: DL4J's {@code EarlyStoppingResult} in the examples' terms.
 *
 * @param history        metrics of every epoch trained (the classifier holds the best epoch's parameters)
 * @param heldOutLoss    loss on the held-out examples after each epoch (key: epoch from 1), in order
 * @param bestEpoch      the epoch with the lowest held-out loss, from 1; the classifier's parameters are that
 *                       epoch's
 * @param termination    DL4J's termination reason and details, e.g.
 *                       {@code EpochTerminationCondition ScoreImprovementEpochTerminationCondition(...)}
 */
public record EarlyStopped(List<EpochMetrics> history, Map<Integer, Double> heldOutLoss, int bestEpoch,
                           String termination) {

    /** Copies the collections. */
    public EarlyStopped {
        history = List.copyOf(history);
        heldOutLoss = Map.copyOf(heldOutLoss);
    }
}
