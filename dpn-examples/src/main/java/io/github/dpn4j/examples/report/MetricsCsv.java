package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.EpochMetrics;
import java.util.List;
import java.util.Locale;

/**
 * The text of a run's {@code metrics.csv}: a header
 * {@code epoch,loss,accuracy[<condition>]...,alpha,seconds} and one row per epoch. Accuracies are fractions in
 * [0, 1]; {@code alpha} is empty without a DPN layer; {@code seconds} is the epoch's optimisation time.
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
        s.append(",alpha,seconds\n");
        for (EpochMetrics m : history) {
            s.append(m.epoch()).append(',').append(m.loss());
            for (ConditionAccuracy a : m.accuracies()) {
                s.append(',').append(String.format(Locale.ROOT, "%.6f", a.accuracy()));
            }
            s.append(',').append(m.hasStepSize() ? Double.toString(m.stepSize()) : "");
            s.append(',').append(String.format(Locale.ROOT, "%.3f", m.seconds())).append('\n');
        }
        return s.toString();
    }
}
