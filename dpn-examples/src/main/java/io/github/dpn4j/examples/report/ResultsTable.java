package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results table: test accuracy per evaluation condition, parameters, training time, inference speed, the
 * DPN step size and the mean DPN ascent steps per image under each condition, one column per classifier. Markdown
 * with padded cells, so it reads well on a console too.
 */
public final class ResultsTable {

    /** Shown where a value does not apply (no training, no DPN layer): {@value}. */
    public static final String NOT_APPLICABLE = "-";

    private ResultsTable() {
    }

    /**
     * One classifier's column, over one or more seeds.
     *
     * @param name            column heading
     * @param evaluations     its evaluation for every seed, at least one, all under the same conditions; copied
     * @param parameters      trainable parameters
     * @param trainingSeconds mean training time over the seeds, NaN if not applicable
     * @param stepSize        DPN step size alpha (mean over the seeds), NaN without a DPN layer
     */
    public record Column(String name, List<NoiseEvaluation> evaluations, long parameters, double trainingSeconds,
                         double stepSize) {

        /** Copies the list and checks it is not empty. */
        public Column {
            evaluations = List.copyOf(evaluations);
            if (evaluations.isEmpty()) {
                throw new IllegalArgumentException("column '" + name + "' needs at least one evaluation, got none");
            }
        }

        /**
         * A column of a single run.
         *
         * @param name            column heading
         * @param evaluation      its evaluation
         * @param parameters      trainable parameters
         * @param trainingSeconds training time including k-means initialisation, NaN if not applicable
         * @param stepSize        DPN step size alpha, NaN without a DPN layer
         */
        public Column(String name, NoiseEvaluation evaluation, long parameters, double trainingSeconds,
                      double stepSize) {
            this(name, List.of(evaluation), parameters, trainingSeconds, stepSize);
        }

        /**
         * @param run a completed run
         * @return its column, headed by its configuration's name
         */
        public static Column of(RunSummary run) {
            return of(List.of(run));
        }

        /**
         * @param seeds the same configuration's completed runs, one per seed, at least one
         * @return their column, headed by the configuration's name: accuracies, training time and step size
         *         averaged over the seeds
         */
        public static Column of(List<RunSummary> seeds) {
            RunSummary first = seeds.get(0);
            return new Column(first.config().config().cliName(), seeds.stream().map(RunSummary::evaluation).toList(),
                    first.parameters(), seeds.stream().mapToDouble(RunSummary::trainingSeconds).average().orElseThrow(),
                    seeds.stream().mapToDouble(RunSummary::finalStepSize).average().orElseThrow());
        }

        /** @return the number of seeds */
        public int seeds() {
            return evaluations.size();
        }

        /**
         * @param condition index of the condition
         * @return the accuracy in percent over the seeds
         */
        public MeanStd accuracyPercent(int condition) {
            return MeanStd.of(evaluations.stream().mapToDouble(e -> 100 * e.conditions().get(condition).accuracy())
                    .toArray());
        }

        /**
         * @param condition index of the condition
         * @return the mean DPN ascent steps per image ({@link ConditionAccuracy#meanDpnSteps()}) over the seeds, or
         *         empty without a DPN layer
         */
        public Optional<MeanStd> meanDpnSteps(int condition) {
            List<ConditionAccuracy> perSeed = evaluations.stream().map(e -> e.conditions().get(condition)).toList();
            return perSeed.stream().allMatch(a -> a.dpnSteps().isPresent())
                    ? Optional.of(MeanStd.of(perSeed.stream().mapToDouble(ConditionAccuracy::meanDpnSteps).toArray()))
                    : Optional.empty();
        }

        /** @return mean inference speed over the seeds, 0 if nothing was timed */
        public double imagesPerSecond() {
            return evaluations.stream().mapToDouble(NoiseEvaluation::imagesPerSecond).average().orElse(0);
        }
    }

    /**
     * @param columns at least one column; all evaluated under the same conditions, in the same order. An
     *                accuracy is shown as {@code 95.15%} for one seed and as mean ± sample standard deviation,
     *                {@code 95.15 ± 0.35%}, for several; the step-size row and the mean DPN steps per condition
     *                only where some column has a DPN layer
     * @return the markdown table
     * @throws IllegalArgumentException if the columns' conditions differ, naming both lists
     */
    public static String markdown(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("need at least one column, got none");
        }
        List<String> conditions = names(columns.get(0).evaluations().get(0));
        for (Column c : columns) {
            for (NoiseEvaluation e : c.evaluations()) {
                if (!names(e).equals(conditions)) {
                    throw new IllegalArgumentException("columns must share evaluation conditions: " + conditions
                            + " vs " + names(e) + " in '" + c.name() + "'");
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(""));
        columns.forEach(c -> header.add(c.name()));
        rows.add(header);
        for (int i = 0; i < conditions.size(); i++) {
            int condition = i;
            rows.add(row("accuracy, " + conditions.get(i), columns, c -> c.accuracyPercent(condition).format(2, "%")));
        }
        rows.add(row("parameters", columns, c -> String.format(Locale.ROOT, "%,d", c.parameters())));
        rows.add(row("training time", columns, c -> Double.isNaN(c.trainingSeconds()) ? NOT_APPLICABLE
                : String.format(Locale.ROOT, "%.1f s", c.trainingSeconds())));
        rows.add(row("inference", columns, c -> c.imagesPerSecond() <= 0 ? NOT_APPLICABLE
                : String.format(Locale.ROOT, "%,.0f images/s", c.imagesPerSecond())));
        if (columns.stream().anyMatch(c -> !Double.isNaN(c.stepSize()))) {
            rows.add(row("step size alpha", columns, c -> Double.isNaN(c.stepSize()) ? NOT_APPLICABLE
                    : String.format(Locale.ROOT, "%.4g", c.stepSize())));
        }
        if (columns.stream().anyMatch(c -> c.meanDpnSteps(0).isPresent())) {
            for (int i = 0; i < conditions.size(); i++) {
                int condition = i;
                rows.add(row("mean DPN steps, " + conditions.get(i), columns, c -> c.meanDpnSteps(condition)
                        .map(steps -> steps.format(2, "")).orElse(NOT_APPLICABLE)));
            }
        }
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
     * @param rows the first row is the header; every row has the same number of cells
     * @return a markdown table with padded cells, the columns after the first right-aligned
     */
    public static String markdownRows(List<List<String>> rows) {
        return render(rows, true);
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
