package io.github.dpn4j.examples.train;

import java.util.List;

/**
 * What one training epoch measured; one row of a run's {@code metrics.csv}.
 *
 * @param epoch      epoch number, from 1
 * @param loss       mean training loss over the epoch's minibatches (noisy inputs), weighted by batch size
 * @param accuracies test accuracy after the epoch under each monitored condition (clean and the training noise)
 * @param stepSize   the DPN layer's step size alpha after the epoch, {@link Double#NaN} without a DPN layer
 * @param seconds    wall-clock seconds of the epoch's optimisation (no evaluation)
 */
public record EpochMetrics(int epoch, double loss, List<ConditionAccuracy> accuracies, double stepSize,
                           double seconds) {

    /** Copies the list. */
    public EpochMetrics {
        accuracies = List.copyOf(accuracies);
    }

    /** @return true if {@link #stepSize()} is a DPN step size */
    public boolean hasStepSize() {
        return !Double.isNaN(stepSize);
    }
}
