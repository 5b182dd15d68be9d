package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of a run's {@code evaluation.csv}: header {@code condition,correct,total,accuracy}, one row per
 * condition. The counts are exact, so a re-evaluation of the saved model can be compared to the number.
 */
public final class EvaluationCsv {

    /** The header line: {@value}. */
    public static final String HEADER = "condition,correct,total,accuracy";

    private EvaluationCsv() {
    }

    /**
     * @param evaluation the evaluation
     * @return the CSV text
     */
    public static String format(NoiseEvaluation evaluation) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (ConditionAccuracy a : evaluation.conditions()) {
            s.append(a.condition()).append(',').append(a.correct()).append(',').append(a.total()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", a.accuracy())).append('\n');
        }
        return s.toString();
    }

    /**
     * @param csv text written by {@link #format(NoiseEvaluation)}
     * @return the accuracies (no timing: images and seconds are 0)
     * @throws IllegalArgumentException naming the first malformed line
     */
    public static NoiseEvaluation parse(String csv) {
        String[] lines = csv.split("\\R");
        if (lines.length == 0 || !lines[0].trim().equals(HEADER)) {
            throw new IllegalArgumentException("evaluation.csv must start with '" + HEADER + "', got '"
                    + (lines.length == 0 ? "" : lines[0]) + "'");
        }
        List<ConditionAccuracy> conditions = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",");
            try {
                conditions.add(new ConditionAccuracy(cells[0], Long.parseLong(cells[1]), Long.parseLong(cells[2])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("evaluation.csv line " + (i + 1) + " is malformed: '" + lines[i]
                        + "' (" + e.getMessage() + ")", e);
            }
        }
        return new NoiseEvaluation(conditions, 0, 0);
    }
}
