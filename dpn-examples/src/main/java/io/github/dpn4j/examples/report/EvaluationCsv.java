package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The text of a run's {@code evaluation.csv}: header {@code condition,correct,total,accuracy,dpn_steps}, one row per
 * condition. The counts are exact, so a re-evaluation of the saved model can be compared to the number.
 * {@code dpn_steps} is {@link ConditionAccuracy#dpnSteps()} (the DPN ascent steps over the condition's images; divide
 * by {@code total} for the mean per image), empty for a model without a DPN layer. Files written before that column
 * existed ({@value #HEADER_WITHOUT_STEPS}) still read, without steps.
 */
public final class EvaluationCsv {

    /** The header line: {@value}. */
    public static final String HEADER = "condition,correct,total,accuracy,dpn_steps";
    /** The header of files written before the {@code dpn_steps} column: {@value}. */
    static final String HEADER_WITHOUT_STEPS = "condition,correct,total,accuracy";

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
                    .append(String.format(Locale.ROOT, "%.6f", a.accuracy())).append(',')
                    .append(a.dpnSteps().isPresent() ? Long.toString(a.dpnSteps().getAsLong()) : "").append('\n');
        }
        return s.toString();
    }

    /**
     * @param csv text written by {@link #format(NoiseEvaluation)}, or by an earlier version without {@code dpn_steps}
     * @return the accuracies and steps (no timing: images and seconds are 0)
     * @throws IllegalArgumentException naming the first malformed line
     */
    public static NoiseEvaluation parse(String csv) {
        String[] lines = csv.split("\\R");
        String header = lines.length == 0 ? "" : lines[0].trim();
        if (!header.equals(HEADER) && !header.equals(HEADER_WITHOUT_STEPS)) {
            throw new IllegalArgumentException("evaluation.csv must start with '" + HEADER + "' (or, written before "
                    + "dpn_steps, '" + HEADER_WITHOUT_STEPS + "'), got '" + header + "'");
        }
        boolean withSteps = header.equals(HEADER);
        int columns = header.split(",").length;
        List<ConditionAccuracy> conditions = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            try {
                if (cells.length != columns) {
                    throw new IllegalArgumentException(columns + " cells expected, got " + cells.length);
                }
                OptionalLong steps = !withSteps || cells[4].isEmpty() ? OptionalLong.empty()
                        : OptionalLong.of(Long.parseLong(cells[4]));
                conditions.add(new ConditionAccuracy(cells[0], Long.parseLong(cells[1]), Long.parseLong(cells[2]),
                        steps));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("evaluation.csv line " + (i + 1) + " is malformed: '" + lines[i]
                        + "' (" + e.getMessage() + ")", e);
            }
        }
        return new NoiseEvaluation(conditions, 0, 0);
    }
}
