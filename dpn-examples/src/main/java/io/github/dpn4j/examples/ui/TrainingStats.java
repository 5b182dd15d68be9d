package io.github.dpn4j.examples.ui;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.PotentialTracker;
import io.github.dpn4j.layer.PotentialListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * What a training run records for DL4J's UI and for its own report: DL4J's {@link StatsListener} and the DPN
 * layer's {@link PotentialListener}, both every {@code frequency} iterations, into the run's
 * {@value RunDirectory#STATS} ({@link FileStatsStorage}, opened later by {@code dpn ui}); the DPN measurements also
 * as lines of {@value RunDirectory#POTENTIAL_LOG} and as epoch means ({@link #tracker()}).
 */
public final class TrainingStats implements AutoCloseable {

    /** Default recording period in iterations: the listener's default, {@value PotentialListener#DEFAULT_FREQUENCY}. */
    public static final int DEFAULT_FREQUENCY = PotentialListener.DEFAULT_FREQUENCY;

    private final StatsStorage storage;
    private final PrintWriter log;
    private final PotentialTracker tracker;

    private TrainingStats(StatsStorage storage, PrintWriter log, PotentialTracker tracker) {
        this.storage = storage;
        this.log = log;
        this.tracker = tracker;
    }

    /**
     * Starts recording: adds the two listeners to {@code model} (keeping its others).
     *
     * @param runDir    the run directory; an earlier run's stats and log there are replaced
     * @param sessionId the UI session (the run's name)
     * @param model     the network about to be trained
     * @param frequency recording period in iterations, &gt;= 1
     * @param ui        a running UI to show the stats live, or null
     * @return the recording; close it after training
     * @throws IOException if the files cannot be created
     */
    public static TrainingStats record(Path runDir, String sessionId, Model model, int frequency, TrainingUi ui)
            throws IOException {
        if (frequency < 1) {
            throw new IllegalArgumentException("stats frequency must be >= 1, got " + frequency);
        }
        Path file = runDir.resolve(RunDirectory.STATS);
        Files.deleteIfExists(file);
        StatsStorage storage = new FileStatsStorage(file.toFile());
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(runDir.resolve(RunDirectory.POTENTIAL_LOG),
                StandardCharsets.UTF_8));
        PotentialTracker tracker = new PotentialTracker(log, new PotentialStatsStorage(storage, sessionId));
        model.addListeners(new StatsListener(storage, frequency, sessionId),
                new PotentialListener(frequency, PotentialListener.DEFAULT_MAX_ROWS, tracker));
        if (ui != null) {
            ui.attach(storage);
        }
        return new TrainingStats(storage, log, tracker);
    }

    /**
     * Opens a run's recorded stats to show them (read-only use).
     *
     * @param runDir a run directory holding {@value RunDirectory#STATS}
     * @return the storage
     * @throws java.nio.file.NoSuchFileException if the run has no stats
     */
    public static StatsStorage open(Path runDir) throws IOException {
        Path file = runDir.resolve(RunDirectory.STATS);
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null,
                    "no training stats (runs record them since dpn4j added the UI; train again)");
        }
        return new FileStatsStorage(file.toFile());
    }

    /** @return the DPN measurements' sink, whose epoch means go into the run's metrics */
    public PotentialTracker tracker() {
        return tracker;
    }

    @Override
    public void close() throws IOException {
        log.close();
        storage.close();
    }
}
