package io.github.dpn4j.examples.train;

import io.github.dpn4j.layer.PotentialStats;
import java.util.List;

/**
 * What one training epoch measured; one row of a run's {@code metrics.csv}.
 *
 * @param epoch      epoch number, from 1
 * @param loss       mean training loss over the epoch's minibatches (noisy inputs), weighted by batch size
 * @param accuracies test accuracy after the epoch under each monitored condition (clean and the training noise)
 * @param stepSize   the DPN layer's step size alpha after the epoch, {@link Double#NaN} without a DPN layer
 * @param seconds    wall-clock seconds of the epoch's optimisation (no evaluation)
 * @param potential  what the DPN layer did during the epoch, means of {@code PotentialListener}'s measurements
 *                   ({@link PotentialTracker#endEpoch()}), or null without a DPN layer or measurement
 */
public record EpochMetrics(int epoch, double loss, List<ConditionAccuracy> accuracies, double stepSize,
                           double seconds, PotentialStats potential) {

    /** Copies the list. */
    public EpochMetrics {
        accuracies = List.copyOf(accuracies);
    }

    /** Metrics without the listener's measurements ({@code potential} null). */
    public EpochMetrics(int epoch, double loss, List<ConditionAccuracy> accuracies, double stepSize, double seconds) {
        this(epoch, loss, accuracies, stepSize, seconds, null);
    }

    /** @return true if {@link #stepSize()} is a DPN step size */
    public boolean hasStepSize() {
        return !Double.isNaN(stepSize);
    }
}
