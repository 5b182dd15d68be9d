package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.layer.PotentialStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The markdown of a run's {@code report.md} and of a comparison's report: results table, per-epoch metrics,
 * charts, settings, the exact command, seeds, machine and backend.
 */
public final class RunReport {

    /** How every report's first line begins (a run's or a comparison's): {@value}. */
    public static final String TITLE_PREFIX = "# dpn4j ";

    private RunReport() {
    }

    /**
     * @param run the run
     * @return the report of one run
     */
    public static String markdown(RunSummary run) {
        StringBuilder s = new StringBuilder();
        RunConfig c = run.config();
        s.append(TITLE_PREFIX).append("run `").append(run.name()).append("`\n\n");
        s.append("Configuration `").append(c.config().cliName()).append("`: ").append(String.join(" → ", run.layers()))
                .append(", ").append(String.format(Locale.ROOT, "%,d", run.parameters())).append(" parameters. ")
                .append("Trained on ").append(run.data()).append(" with noise `").append(c.trainNoise())
                .append("` on the inputs (labels clean).\n\n");
        if (run.stopped() != null) {
            s.append("**Training stopped early:** ").append(run.stopped()).append("\n\n");
        }
        if (run.evaluation() != null) {
            s.append("## Results\n\n");
            s.append("Test accuracy per evaluation condition (")
                    .append(run.evaluation().conditions().get(0).total()).append(" test images each, noise seed ")
                    .append(c.evalSeed()).append("); inference timed over every condition.");
            if (c.config().hasPotential()) {
                s.append(String.format(Locale.ROOT, " Mean DPN steps: the ascent steps per image, each minibatch of "
                        + "%d counted with the steps it took (n = %d, %s).", c.batchSize(), c.steps(),
                        c.tolerance() > 0 ? "stopped once every image of the minibatch moved less than "
                                + c.tolerance() + " in a step" : "no tolerance: always n"));
            }
            s.append("\n\n");
            s.append(ResultsTable.markdown(List.of(ResultsTable.Column.of(run)))).append('\n');
        }
        s.append("## Training\n\n");
        if (run.kmeans() != null) {
            s.append(String.format(Locale.ROOT, "k-means initialisation of the DPN layer: %s (%.1f s).%n%n",
                    run.kmeans(), run.initSeconds()));
        }
        s.append(epochTable(run.history())).append('\n');
        if (!run.history().isEmpty()) {
            s.append("![loss](").append(RunDirectory.LOSS_CHART).append(")\n");
            s.append("![accuracy](").append(RunDirectory.ACCURACY_CHART).append(")\n");
            if (run.history().stream().anyMatch(m -> m.potential() != null)) {
                s.append("![potential](").append(RunDirectory.POTENTIAL_CHART).append(")\n");
            }
            s.append('\n');
        }
        s.append(settings(c));
        s.append(reproduce(run.provenance(), c));
        return s.toString();
    }

    /**
     * @param name     comparison name
     * @param intro    what was compared and how, one paragraph of markdown
     * @param columns  the results table's columns
     * @param notes    markdown after the table (how to read it), may be empty
     * @param runs     each run's label and its directory relative to the comparison's report, in order
     * @param settings the settings the runs share (of the first seed)
     * @param command  the comparison's provenance
     * @return the comparison's report
     */
    public static String comparison(String name, String intro, List<ResultsTable.Column> columns, String notes,
                                    Map<String, String> runs, RunConfig settings, Provenance command) {
        StringBuilder s = new StringBuilder();
        s.append(TITLE_PREFIX).append("comparison `").append(name).append("`\n\n");
        s.append(intro).append("\n\n");
        s.append(ResultsTable.markdown(columns)).append('\n');
        if (!notes.isEmpty()) {
            s.append(notes).append("\n\n");
        }
        s.append("Runs:\n\n");
        runs.forEach((label, dir) -> s.append("- `").append(label).append("`: [").append(dir).append("](")
                .append(dir).append("/").append(RunDirectory.REPORT).append(")\n"));
        s.append('\n');
        s.append(settings(settings));
        s.append(reproduce(command, settings));
        return s.toString();
    }

    private static String epochTable(List<EpochMetrics> history) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("epoch", "loss"));
        if (!history.isEmpty()) {
            history.get(0).accuracies().forEach(a -> header.add("accuracy, " + a.condition()));
        }
        header.add("alpha");
        boolean measured = history.stream().anyMatch(m -> m.potential() != null);
        if (measured) {
            header.addAll(List.of("phi before", "phi after", "step length", "entropy (nats)", "steps"));
        }
        header.add("seconds");
        rows.add(header);
        for (EpochMetrics m : history) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(m.epoch()),
                    String.format(Locale.ROOT, "%.4f", m.loss())));
            for (ConditionAccuracy a : m.accuracies()) {
                row.add(String.format(Locale.ROOT, "%.2f%%", 100 * a.accuracy()));
            }
            row.add(m.hasStepSize() ? String.format(Locale.ROOT, "%.4g", m.stepSize()) : ResultsTable.NOT_APPLICABLE);
            if (measured) {
                PotentialStats p = m.potential();
                if (p == null) {
                    row.addAll(List.of(ResultsTable.NOT_APPLICABLE, ResultsTable.NOT_APPLICABLE,
                            ResultsTable.NOT_APPLICABLE, ResultsTable.NOT_APPLICABLE, ResultsTable.NOT_APPLICABLE));
                } else {
                    row.add(String.format(Locale.ROOT, "%.4g", p.potentialBefore()));
                    row.add(String.format(Locale.ROOT, "%.4g", p.potentialAfter()));
                    row.add(String.format(Locale.ROOT, "%.4g", p.meanStepLength()));
                    row.add(String.format(Locale.ROOT, "%.3g", p.responsibilityEntropy()));
                    row.add(Integer.toString(p.stepsTaken()));
                }
            }
            row.add(String.format(Locale.ROOT, "%.1f", m.seconds()));
            rows.add(row);
        }
        return ResultsTable.render(rows, true);
    }

    private static String settings(RunConfig c) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("setting", "value"));
        for (Map.Entry<String, Object> e : c.toMap().entrySet()) {
            rows.add(List.of(e.getKey(), String.valueOf(e.getValue())));
        }
        return "## Settings\n\n" + ResultsTable.render(rows, false) + "\n";
    }

    private static String reproduce(Provenance p, RunConfig c) {
        StringBuilder s = new StringBuilder("## Reproduce\n\n```\n").append(p.command()).append("\n```\n\n");
        s.append("Seeds: network and k-means ").append(c.seed()).append(", training noise and shuffling ")
                .append(c.noiseSeed()).append(", evaluation noise ").append(c.evalSeed())
                .append(". The same command with the same seeds gives the same accuracies on the same backend.\n\n");
        s.append("## Machine\n\n");
        p.markdownLines().forEach(line -> s.append(line).append('\n'));
        return s.toString();
    }
}
