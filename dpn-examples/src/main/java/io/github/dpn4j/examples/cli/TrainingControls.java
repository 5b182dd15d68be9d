package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;

/**
 * How a run trains, beyond its {@code RunConfig}: what it records for DL4J's UI, early stopping, checkpoints.
 * Recorded in the report's command line, not in {@code config.json}.
 *
 * @param statsFrequency  period in iterations of DL4J's StatsListener and the DPN listener, &gt;= 1
 * @param ui              a running training UI showing the stats live, or null
 * @param patience        early stopping: epochs without improvement of the held-out loss, 0 for none
 * @param holdout         early stopping: fraction of the training examples held out for its score, in (0, 1)
 * @param keepCheckpoints DL4J CheckpointListener: keep the last K epoch checkpoints, 0 for none
 * @param workers         DL4J ParallelWrapper replicas, 1 for the plain loop
 */
record TrainingControls(int statsFrequency, TrainingUi ui, int patience, double holdout, int keepCheckpoints,
                        int workers) {

    /** Default held-out fraction of the training set for early stopping: {@value}. */
    static final double DEFAULT_HOLDOUT = 0.1;

    /** The defaults: stats every {@value TrainingStats#DEFAULT_FREQUENCY} iterations, nothing else. */
    static final TrainingControls DEFAULTS = new TrainingControls(TrainingStats.DEFAULT_FREQUENCY, null, 0,
            DEFAULT_HOLDOUT, 0, 1);

    /** Checks every value. */
    TrainingControls {
        if (statsFrequency < 1) {
            throw new IllegalArgumentException("--stats-every must be >= 1, got " + statsFrequency);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("--patience must be >= 1 (or absent), got " + patience);
        }
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be in (0, 1), got " + holdout);
        }
        if (keepCheckpoints < 0) {
            throw new IllegalArgumentException("--keep-checkpoints must be >= 0, got " + keepCheckpoints);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (workers > 1 && (patience > 0 || keepCheckpoints > 0)) {
            // ParallelWrapper runs its own loop, which sends no epoch events and has no held-out score
            throw new IllegalArgumentException("--workers " + workers + " cannot be combined with --patience or "
                    + "--keep-checkpoints");
        }
    }
}
