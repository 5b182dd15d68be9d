package io.github.dpn4j.examples.train;

import io.github.dpn4j.layer.PotentialListener;
import io.github.dpn4j.layer.PotentialStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The examples' sink for {@link PotentialListener}: writes every measurement as a line of the run's log, passes it
 * on (e.g. to DL4J's {@code StatsStorage}), and averages the measurements of each epoch for {@code metrics.csv}.
 */
public final class PotentialTracker implements Consumer<PotentialStats> {

    private final PrintWriter log;
    private final Consumer<PotentialStats> next;
    private final List<PotentialStats> epoch = new ArrayList<>();

    /**
     * @param log  where each measurement is written as {@link PotentialListener#format} (flushed per line)
     * @param next receives every measurement too
     */
    public PotentialTracker(PrintWriter log, Consumer<PotentialStats> next) {
        this.log = Objects.requireNonNull(log, "log");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void accept(PotentialStats stats) {
        log.println(PotentialListener.format(stats));
        log.flush();
        epoch.add(stats);
        next.accept(stats);
    }

    /**
     * The mean of the measurements since the last call of the first DPN layer measured (the examples have one),
     * and forgets them.
     *
     * @return the means (iteration and epoch of the last measurement, rows summed), or null if nothing was measured
     */
    public PotentialStats endEpoch() {
        if (epoch.isEmpty()) {
            return null;
        }
        String layer = epoch.get(0).layer();
        List<PotentialStats> s = epoch.stream().filter(p -> p.layer().equals(layer)).toList();
        epoch.clear();
        PotentialStats last = s.get(s.size() - 1);
        return new PotentialStats(layer, last.iteration(), last.epoch(),
                s.stream().mapToLong(PotentialStats::rows).sum(),
                s.stream().mapToDouble(PotentialStats::stepSize).average().orElseThrow(),
                s.stream().mapToDouble(PotentialStats::potentialBefore).average().orElseThrow(),
                s.stream().mapToDouble(PotentialStats::potentialAfter).average().orElseThrow(),
                s.stream().mapToDouble(PotentialStats::meanStepLength).average().orElseThrow(),
                s.stream().mapToDouble(PotentialStats::responsibilityEntropy).average().orElseThrow(),
                (int) Math.round(s.stream().mapToInt(PotentialStats::stepsTaken).average().orElseThrow()));
    }
}
