package io.github.dpn4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.layer.PotentialStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFilesTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path tmp;

    private static final NoiseEvaluation EVALUATION = new NoiseEvaluation(List.of(new ConditionAccuracy("clean", 980, 1000),
            new ConditionAccuracy("gaussian:0.3", 951, 1000)), 2000, 0.5);

    /** With a DPN: 10 steps per image on clean images, 7.5 under noise (a tolerance stopped some ascents). */
    private static final NoiseEvaluation WITH_DPN = new NoiseEvaluation(List.of(
            new ConditionAccuracy("clean", 981, 1000, OptionalLong.of(10_000)),
            new ConditionAccuracy("gaussian:0.3", 952, 1000, OptionalLong.of(7_500))), 2000, 0.5);

    private static final List<EpochMetrics> HISTORY = List.of(
            new EpochMetrics(1, 0.5, EVALUATION.conditions(), 0.01, 10),
            new EpochMetrics(2, 0.25, EVALUATION.conditions(), 0.02, 11));

    @Test
    void evaluationCsv_roundTripsCounts() {
        NoiseEvaluation back = EvaluationCsv.parse(EvaluationCsv.format(EVALUATION));
        assertEquals(EVALUATION.conditions(), back.conditions());
        assertEquals(WITH_DPN.conditions(), EvaluationCsv.parse(EvaluationCsv.format(WITH_DPN)).conditions());
    }

    @Test
    void evaluationCsv_dpnStepsAreTheLastColumn_emptyWithoutDpn() {
        assertEquals("condition,correct,total,accuracy,dpn_steps\nclean,981,1000,0.981000,10000\n"
                + "gaussian:0.3,952,1000,0.952000,7500\n", EvaluationCsv.format(WITH_DPN));
        assertTrue(EvaluationCsv.format(EVALUATION).endsWith("\nclean,980,1000,0.980000,\n"
                + "gaussian:0.3,951,1000,0.951000,\n"), EvaluationCsv.format(EVALUATION));
    }

    @Test
    void evaluationCsv_writtenBeforeDpnSteps_readsWithoutSteps() {
        NoiseEvaluation old = EvaluationCsv.parse("condition,correct,total,accuracy\nclean,981,1000,0.981000\n");
        assertEquals(List.of(new ConditionAccuracy("clean", 981, 1000)), old.conditions());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationCsv.parse(EvaluationCsv.HEADER + "\nclean,981,1000,0.981000\n"));
        assertTrue(e.getMessage().startsWith("evaluation.csv line 2 is malformed: 'clean,981,1000,0.981000' (5 "
                + "cells expected, got 4)"), e.getMessage());
    }

    @Test
    void resultsTable_showsMeanDpnStepsPerCondition_dashWithoutDpn() {
        NoiseEvaluation secondSeed = new NoiseEvaluation(List.of(
                new ConditionAccuracy("clean", 981, 1000, OptionalLong.of(10_000)),
                new ConditionAccuracy("gaussian:0.3", 952, 1000, OptionalLong.of(8_500))), 2000, 0.5);
        String table = ResultsTable.markdown(List.of(
                new ResultsTable.Column("cnn", List.of(EVALUATION, EVALUATION), 46730, 12, Double.NaN),
                new ResultsTable.Column("cnn-dpn", List.of(WITH_DPN, secondSeed), 129951, 20, 0.0123)));
        List<List<String>> cells = table.lines().map(line -> Arrays.stream(line.split("\\|"))
                .map(String::trim).skip(1).toList()).toList();
        assertEquals(List.of("mean DPN steps, clean", "-", "10.00 ± 0.00"), cells.get(8));
        // 7.5 and 8.5: mean 8, sample std sqrt(0.5) = 0.71
        assertEquals(List.of("mean DPN steps, gaussian:0.3", "-", "8.00 ± 0.71"), cells.get(9));
        assertEquals(10, cells.size(), table);
        assertFalse(ResultsTable.markdown(List.of(new ResultsTable.Column("cnn", EVALUATION, 1, 1, Double.NaN)))
                .contains("DPN steps"));
    }

    @Test
    void metricsCsv_hasOneRowPerEpoch_andEmptyAlphaWithoutPotential() {
        String csv = MetricsCsv.format(HISTORY);
        assertEquals("epoch,loss,accuracy[clean],accuracy[gaussian:0.3],alpha,seconds,"
                + "potential_before,potential_after,step_length,entropy,steps\n"
                + "1,0.5,0.980000,0.951000,0.01,10.000,,,,,\n2,0.25,0.980000,0.951000,0.02,11.000,,,,,\n", csv);
        String noAlpha = MetricsCsv.format(List.of(new EpochMetrics(1, 0.5, EVALUATION.conditions(), Double.NaN, 1)));
        assertTrue(noAlpha.endsWith(",0.980000,0.951000,,1.000,,,,,\n"), noAlpha);
        String measured = MetricsCsv.format(List.of(new EpochMetrics(1, 0.5, EVALUATION.conditions(), 0.01, 1,
                new PotentialStats("dpn", 9, 0, 128, 0.01, -3.5, -2.25, 0.125, 0.5, 10))));
        assertTrue(measured.endsWith(",0.01,1.000,-3.5,-2.25,0.125,0.5,10\n"), measured);
    }

    @Test
    void resultsTable_putsRunsSideBySide() {
        String table = ResultsTable.markdown(List.of(
                new ResultsTable.Column("cnn", EVALUATION, 46730, 12.34, Double.NaN),
                new ResultsTable.Column("cnn-dpn", EVALUATION, 129951, 20, 0.0123)));
        List<List<String>> cells = table.lines().map(line -> Arrays.stream(line.split("\\|"))
                .map(String::trim).skip(1).toList()).toList();
        assertEquals(List.of("", "cnn", "cnn-dpn"), cells.get(0));
        assertEquals(List.of("accuracy, clean", "98.00%", "98.00%"), cells.get(2));
        assertEquals(List.of("accuracy, gaussian:0.3", "95.10%", "95.10%"), cells.get(3));
        assertEquals(List.of("parameters", "46,730", "129,951"), cells.get(4));
        assertEquals(List.of("training time", "12.3 s", "20.0 s"), cells.get(5));
        assertEquals(List.of("inference", "4,000 images/s", "4,000 images/s"), cells.get(6));
        assertEquals(List.of("step size alpha", "-", "0.01230"), cells.get(7));
        assertEquals(1, table.lines().map(String::length).distinct().count(), "aligned:\n" + table);
    }

    @Test
    void resultsTable_severalSeeds_showsMeanAndSampleStd_andAveragesSpeed() {
        NoiseEvaluation second = new NoiseEvaluation(List.of(new ConditionAccuracy("clean", 960, 1000),
                new ConditionAccuracy("gaussian:0.3", 951, 1000)), 2000, 1.0);
        String table = ResultsTable.markdown(List.of(
                new ResultsTable.Column("cnn", List.of(EVALUATION, second), 46730, 12, Double.NaN)));
        List<List<String>> cells = table.lines().map(line -> Arrays.stream(line.split("\\|"))
                .map(String::trim).skip(1).toList()).toList();

        // 98 and 96: mean 97, sample std sqrt(2) = 1.41
        assertEquals(List.of("accuracy, clean", "97.00 ± 1.41%"), cells.get(2));
        assertEquals(List.of("accuracy, gaussian:0.3", "95.10 ± 0.00%"), cells.get(3));
        assertEquals(List.of("inference", "3,000 images/s"), cells.get(6));
        assertEquals(7, cells.size(), "no step-size row without a DPN layer:\n" + table);
    }

    @Test
    void resultsTable_rejectsDifferentConditions_namingBoth() {
        NoiseEvaluation other = new NoiseEvaluation(List.of(new ConditionAccuracy("clean", 1, 1)), 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.markdown(List.of(
                new ResultsTable.Column("a", EVALUATION, 1, 1, 1), new ResultsTable.Column("b", other, 1, 1, 1))));
        assertEquals("columns must share evaluation conditions: [clean, gaussian:0.3] vs [clean] in 'b'",
                e.getMessage());
    }

    @Test
    void charts_arePngImages() throws IOException {
        RunDirectory dir = RunDirectory.open(Files.createDirectories(tmp.resolve("run")));
        dir.writeCharts("test", HISTORY);
        for (Path chart : List.of(dir.lossChart(), dir.accuracyChart())) {
            byte[] bytes = Files.readAllBytes(chart);
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 4), chart.toString());
        }
    }

    @Test
    void writeAtomically_keepsTheOldFile_whenWritingFails() throws IOException {
        Path target = tmp.resolve("model.zip");
        Files.writeString(target, "good");
        assertThrows(IOException.class, () -> RunDirectory.writeAtomically(target, file -> {
            Files.writeString(file, "half");
            throw new IOException("disk full");
        }));
        assertEquals("good", Files.readString(target));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "temporary file removed");
        }
        RunDirectory.writeAtomically(target, "new");
        assertEquals("new", Files.readString(target));
    }
}
