package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The training-UI options of {@code train}: every run records DL4J's stats and the DPN listener's measurements in
 * its directory; {@code --ui} also shows them live in DL4J's training UI.
 */
final class StatsOptions {

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

    /**
     * @param out where to print the addresses
     * @return the started UI, or null without {@code --ui}
     */
    TrainingUi startUi(PrintWriter out) {
        if (frequency < 1) {
            throw new IllegalArgumentException("--stats-every must be >= 1, got " + frequency);
        }
        if (!ui) {
            return null;
        }
        TrainingUi server = TrainingUi.start(uiPort);
        out.println("training UI: " + server.overviewAddress() + " (DPN layers: " + server.potentialAddress() + ")");
        out.flush();
        return server;
    }
}
