/**
 * What a run leaves behind: {@link io.github.dpn4j.examples.report.RunDirectory} (model, config.json, metrics.csv,
 * evaluation.csv, report.md and charts, each written atomically), the markdown report and results table, XChart
 * charts, and the provenance (command, commit, machine, backend) that makes a run reproducible.
 */
package io.github.dpn4j.examples.report;
