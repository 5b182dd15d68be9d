package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.ui.TrainingStats;
import io.github.dpn4j.examples.ui.TrainingUi;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.deeplearning4j.core.storage.StatsStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpn ui}: DL4J's training UI over a finished run's recorded stats. */
@Command(name = "ui", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Show a run's recorded training stats in DL4J's training UI.", "",
                "Opens runs/NAME/" + RunDirectory.STATS + " (DL4J's StatsListener and the DPN layer's measurements), "
                        + "starts the UI and prints its addresses; serves until Ctrl+C (or --for).", ""})
final class UiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "PATH", required = true,
            description = "a run directory (or a model.zip inside one)")
    Path model;

    @Option(names = "--port", paramLabel = "PORT",
            description = "port of the UI, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port = TrainingUi.DEFAULT_PORT;

    @Option(names = "--for", paramLabel = "SECONDS",
            description = "stop after this many seconds (default: serve until interrupted)")
    Long seconds;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
        if (seconds != null && seconds < 0) {
            throw new IllegalArgumentException("--for must be >= 0 seconds, got " + seconds);
        }
        StatsStorage storage = TrainingStats.open(dir);
        TrainingUi ui = TrainingUi.start(port);
        ui.attach(storage);
        PrintWriter out = spec.commandLine().getOut();
        out.println("training UI for " + dir + ": " + ui.overviewAddress() + " (DPN layers: " + ui.potentialAddress()
                + ")" + (seconds == null ? "; Ctrl+C stops it" : "; stops in " + seconds + " s"));
        out.flush();
        try {
            if (seconds == null) {
                Thread.currentThread().join();
            } else {
                Thread.sleep(seconds * 1000);
            }
        } finally {
            ui.stop();
            storage.close();
        }
        return 0;
    }
}
