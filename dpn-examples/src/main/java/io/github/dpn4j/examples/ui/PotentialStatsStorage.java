package io.github.dpn4j.examples.ui;

import io.github.dpn4j.layer.PotentialStats;
import java.util.Objects;
import java.util.function.Consumer;
import org.deeplearning4j.core.storage.StatsStorageRouter;

/**
 * A {@code PotentialListener} sink that puts every measurement into a DL4J {@link StatsStorageRouter} (a
 * {@code StatsStorage} or a remote router) as a {@link PotentialStatsReport}, under the session of the run's
 * {@code StatsListener} so the UI shows both together.
 */
public final class PotentialStatsStorage implements Consumer<PotentialStats> {

    /** Worker ID of the reports: {@value}. */
    public static final String WORKER_ID = "dpn";

    private final StatsStorageRouter router;
    private final String sessionId;
    private long lastTimestamp;
    private boolean started;

    /**
     * @param router    where reports go
     * @param sessionId the training session (the run's name)
     */
    public PotentialStatsStorage(StatsStorageRouter router, String sessionId) {
        this.router = Objects.requireNonNull(router, "router");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    }

    @Override
    public void accept(PotentialStats stats) {
        // storages key updates on (session, type, worker, timestamp): two in one millisecond must not collide
        lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
        PotentialStatsReport report = new PotentialStatsReport(sessionId, WORKER_ID, lastTimestamp, stats);
        if (!started) {
            // DL4J's storages list a session's workers, and answer queries over all of them, from static info only
            router.putStaticInfo(report);
            started = true;
        }
        router.putUpdate(report);
    }
}
