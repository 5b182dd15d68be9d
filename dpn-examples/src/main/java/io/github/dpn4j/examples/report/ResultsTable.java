package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results table: test accuracy per evaluation condition, parameters, training time, inference speed and the
 * DPN step size, one column per classifier. Markdown with padded cells, so it reads well on a console too.
 */
public final class ResultsTable {

    /** Shown where a value does not apply (no training, no DPN layer): {@value}. */
    public static final String NOT_APPLICABLE = "-";

    private ResultsTable() {
    }

    /**
     * One classifier's column.
     *
     * @param name            column heading
     * @param evaluation      its evaluation
     * @param parameters      trainable parameters
     * @param trainingSeconds training time including k-means initialisation, NaN if not applicable
     * @param stepSize        DPN step size alpha, NaN without a DPN layer
     */
    public record Column(String name, NoiseEvaluation evaluation, long parameters, double trainingSeconds,
                         double stepSize) {

        /**
         * @param run a completed run
         * @return its column, headed by its configuration's name
         */
        public static Column of(RunSummary run) {
            return new Column(run.config().config().cliName(), run.evaluation(), run.parameters(),
                    run.trainingSeconds(), run.finalStepSize());
        }
    }

    /**
     * @param columns at least one column; all evaluated under the same conditions, in the same order
     * @return the markdown table
     * @throws IllegalArgumentException if the columns' conditions differ, naming both lists
     */
    public static String markdown(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("need at least one column, got none");
        }
        List<String> conditions = names(columns.get(0).evaluation());
        for (Column c : columns) {
            if (!names(c.evaluation()).equals(conditions)) {
                throw new IllegalArgumentException("columns must share evaluation conditions: " + conditions
                        + " vs " + names(c.evaluation()) + " in '" + c.name() + "'");
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        columns.forEach(c -> header.add(c.name()));
        rows.add(header);
        for (int i = 0; i < conditions.size(); i++) {
            List<String> row = new ArrayList<>(List.of("accuracy, " + conditions.get(i)));
            for (Column c : columns) {
                row.add(String.format(Locale.ROOT, "%.2f%%", 100 * c.evaluation().conditions().get(i).accuracy()));
            }
            rows.add(row);
        }
        rows.add(row("parameters", columns, c -> String.format(Locale.ROOT, "%,d", c.parameters())));
        rows.add(row("training time", columns, c -> Double.isNaN(c.trainingSeconds()) ? NOT_APPLICABLE
                : String.format(Locale.ROOT, "%.1f s", c.trainingSeconds())));
        rows.add(row("inference", columns, c -> c.evaluation().imagesPerSecond() <= 0 ? NOT_APPLICABLE
                : String.format(Locale.ROOT, "%,.0f images/s", c.evaluation().imagesPerSecond())));
        rows.add(row("step size alpha", columns, c -> Double.isNaN(c.stepSize()) ? NOT_APPLICABLE
                : String.format(Locale.ROOT, "%.4g", c.stepSize())));
        return render(rows, true);
    }

    private static List<String> names(NoiseEvaluation e) {
        return e.conditions().stream().map(ConditionAccuracy::condition).toList();
    }

    private static List<String> row(String label, List<Column> columns, java.util.function.Function<Column, String> cell) {
        List<String> row = new ArrayList<>(List.of(label));
        columns.forEach(c -> row.add(cell.apply(c)));
        return row;
    }

    /**
     * @param rows         the first row is the header; every row has the same number of cells
     * @param rightAligned whether the columns after the first are right-aligned (numbers) or left-aligned
     * @return a {@link MarkdownTable}
     */
    static String render(List<List<String>> rows, boolean rightAligned) {
        MarkdownTable table = rightAligned ? new MarkdownTable(rows.get(0)) : MarkdownTable.leftAligned(rows.get(0));
        rows.subList(1, rows.size()).forEach(table::row);
        return table.render();
    }
}
