package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The training-loop options of {@code train} beyond the run's settings: every run records DL4J's stats and the DPN
 * listener's measurements in its directory, {@code --ui} also shows them live in DL4J's training UI; early stopping
 * and checkpoints; ParallelWrapper. {@link #controls(PrintWriter)} turns them into {@link TrainingControls}.
 */
final class TrainingControlOptions {

    @Option(names = "--ui", description = "start DL4J's training UI for the run and print its address; it stops when "
            + "the run ends (see it again with './dpn ui --model runs/NAME')")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "PORT",
            description = "port of the training UI, 0 for any free one (default: ${DEFAULT-VALUE})")
    int uiPort = TrainingUi.DEFAULT_PORT;

    @Option(names = "--stats-every", paramLabel = "N",
            description = "record DL4J's stats and the DPN layer's (alpha, potential before and after the ascent, "
                    + "step length, responsibility entropy, steps) every N iterations (default: ${DEFAULT-VALUE})")
    int frequency = TrainingStats.DEFAULT_FREQUENCY;

    @Option(names = "--patience", paramLabel = "N",
            description = "early stopping (DL4J EarlyStoppingTrainer): stop when the loss on a held-out part of the "
                    + "training set has not improved for N epochs, and keep the best epoch's model (default: off)")
    int patience;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "with --patience: the last FRACTION of the training examples are held out for the "
                    + "stopping score, with the training noise (default: ${DEFAULT-VALUE})")
    double holdout = TrainingControls.DEFAULT_HOLDOUT;

    @Option(names = "--keep-checkpoints", paramLabel = "K",
            description = "DL4J CheckpointListener: save a checkpoint after every epoch in runs/NAME/checkpoints/, "
                    + "keeping the last K (default: 0, none)")
    int keepCheckpoints;

    @Option(names = "--workers", paramLabel = "N",
            description = "train with DL4J's ParallelWrapper: N replicas, parameters averaged after every minibatch "
                    + "(default: ${DEFAULT-VALUE}, the plain loop)")
    int workers = 1;

    /**
     * Checks the options and starts the UI if asked.
     *
     * @param out where to print the UI's addresses
     * @return the controls
     */
    TrainingControls controls(PrintWriter out) {
        TrainingControls checked = InvalidOptionException.check(() -> new TrainingControls(frequency, null, patience,
                holdout, keepCheckpoints, workers));
        if (!ui) {
            return checked;
        }
        TrainingUi server = TrainingUi.start(uiPort);
        out.println("training UI: " + server.overviewAddress() + " (DPN layers: " + server.potentialAddress() + ")");
        out.flush();
        return new TrainingControls(frequency, server, patience, holdout, keepCheckpoints, workers);
    }
}
