package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.layer.PotentialStats;
import java.util.List;
import java.util.Locale;

/**
 * The text of a run's {@code metrics.csv}: a header
 * {@code epoch,loss,accuracy[<condition>]...,alpha,seconds,potential_before,potential_after,step_length,entropy,steps}
 * and one row per epoch. Accuracies are fractions in [0, 1]; {@code alpha} is empty without a DPN layer;
 * {@code seconds} is the epoch's optimisation time; the last five are the epoch's means of
 * {@code PotentialListener}'s measurements (mean potential before and after the ascent, mean step length,
 * responsibility entropy in nats, steps taken), empty without them.
 */
public final class MetricsCsv {

    private MetricsCsv() {
    }

    /**
     * @param history metrics per epoch, every epoch with the same conditions
     * @return the CSV text (just a header for an empty history)
     */
    public static String format(List<EpochMetrics> history) {
        StringBuilder s = new StringBuilder("epoch,loss");
        if (!history.isEmpty()) {
            for (ConditionAccuracy a : history.get(0).accuracies()) {
                s.append(",accuracy[").append(a.condition()).append(']');
            }
        }
        s.append(",alpha,seconds,potential_before,potential_after,step_length,entropy,steps\n");
        for (EpochMetrics m : history) {
            s.append(m.epoch()).append(',').append(m.loss());
            for (ConditionAccuracy a : m.accuracies()) {
                s.append(',').append(String.format(Locale.ROOT, "%.6f", a.accuracy()));
            }
            s.append(',').append(m.hasStepSize() ? Double.toString(m.stepSize()) : "");
            s.append(',').append(String.format(Locale.ROOT, "%.3f", m.seconds()));
            PotentialStats p = m.potential();
            if (p == null) {
                s.append(",,,,,");
            } else {
                s.append(',').append(p.potentialBefore()).append(',').append(p.potentialAfter()).append(',')
                        .append(p.meanStepLength()).append(',').append(p.responsibilityEntropy()).append(',')
                        .append(p.stepsTaken());
            }
            s.append('\n');
        }
        return s.toString();
    }
}
