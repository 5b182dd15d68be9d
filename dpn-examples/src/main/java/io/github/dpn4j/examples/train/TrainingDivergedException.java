package io.github.dpn4j.examples.train;

import java.util.List;

/**
 * Thrown when the training loss becomes NaN or infinite. The model saved after the last completed epoch (or, in
 * the first epoch, the initial model) is the last good one; the diverged parameters are not saved.
 */
public final class TrainingDivergedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final long iteration;
    private final double loss;
    private final transient List<EpochMetrics> completed;

    /**
     * @param epoch     epoch number, from 1
     * @param batch     batch number within the epoch, from 1
     * @param iteration minibatch number since training started, from 1
     * @param loss      the non-finite loss
     * @param completed metrics of the epochs completed before, copied
     * @param potential whether the network has a DPN layer (whose steps are then worth suggesting)
     */
    public TrainingDivergedException(int epoch, int batch, long iteration, double loss, List<EpochMetrics> completed,
                                     boolean potential) {
        super("training diverged: loss is " + loss + " at epoch " + epoch + ", batch " + batch + " (iteration "
                + iteration + "); stopped. The last good model is the one saved after epoch " + completed.size()
                + (completed.isEmpty() ? " (the initial model)" : "")
                + (potential ? ". Try a smaller --learning-rate or fewer --steps." : ". Try a smaller --learning-rate."));
        this.epoch = epoch;
        this.batch = batch;
        this.iteration = iteration;
        this.loss = loss;
        this.completed = List.copyOf(completed);
    }

    /** @return epoch number of the divergence, from 1 */
    public int epoch() {
        return epoch;
    }

    /** @return batch number within the epoch, from 1 */
    public int batch() {
        return batch;
    }

    /** @return minibatch number since training started, from 1 */
    public long iteration() {
        return iteration;
    }

    /** @return the non-finite loss value */
    public double loss() {
        return loss;
    }

    /** @return metrics of the epochs completed before the divergence */
    public List<EpochMetrics> completed() {
        return completed;
    }
}
