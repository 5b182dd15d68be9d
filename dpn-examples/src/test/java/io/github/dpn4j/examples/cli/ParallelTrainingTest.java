package io.github.dpn4j.examples.cli;

import static io.github.dpn4j.examples.cli.DpnTest.dpn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --workers 2}: DL4J's ParallelWrapper rebuilds the network on each worker from its JSON and averages the
 * replicas; the DPN layer, with non-default options, learns there and the result is an ordinary saved model.
 */
class ParallelTrainingTest {

    @TempDir
    static Path runs;

    private static List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "cnn-dpn", "--runs", runs.toString(),
                "--name", "parallel"));
        args.addAll(DpnTest.TINY);
        args.set(args.indexOf("--epochs") + 1, "3");
        args.set(args.indexOf("--limit-train") + 1, "512");
        args.addAll(Arrays.asList(extra));
        return args;
    }

    @Test
    void twoWorkers_learnWithNonDefaultOptions_andTheModelRoundTrips() throws IOException {
        DpnTest.Output r = dpn(args("--workers", "2", "--precision", "DIAGONAL", "--gradient-mode", "FULL",
                "--no-learn-step-size"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("training with DL4J ParallelWrapper: 2 workers"), r.out());
        Path dir = runs.resolve("parallel");

        List<String[]> rows = Files.readAllLines(dir.resolve(RunDirectory.METRICS)).stream().skip(1)
                .map(l -> l.split(",", -1)).toList();
        assertEquals(3, rows.size());
        double firstLoss = Double.parseDouble(rows.get(0)[1]);
        double lastLoss = Double.parseDouble(rows.get(2)[1]);
        assertTrue(lastLoss < firstLoss, "loss " + firstLoss + " -> " + lastLoss);
        double cleanAccuracy = Double.parseDouble(rows.get(2)[2]);
        assertTrue(cleanAccuracy > 0.2, "clean accuracy " + cleanAccuracy + " (chance 0.1)");
        // --no-learn-step-size reached the replicas: alpha keeps its k-means value through the averaging
        String alpha = rows.get(0)[4];
        rows.forEach(row -> assertEquals(alpha, row[4]));

        MultiLayerNetwork restored = (MultiLayerNetwork) Classifier.restore(dir.resolve(RunDirectory.MODEL)).model();
        DenoisingPotential dpn = (DenoisingPotential) restored.getLayerWiseConfigurations().getConf(5).getLayer();
        assertEquals(Precision.DIAGONAL, dpn.getPrecision());
        assertEquals(GradientMode.FULL, dpn.getGradientMode());
        DpnTest.Output evaluated = dpn(List.of("evaluate", "--model", dir.toString(), "--no-progress"));
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().contains("identical to the accuracies recorded in"), evaluated.out());
    }

    @Test
    void workersWithEarlyStopping_isRefusedNamingBoth() {
        DpnTest.Output r = dpn(args("--workers", "2", "--patience", "1"));
        assertEquals(Dpn.EXIT_USAGE, r.exitCode(), r.err());
        assertTrue(r.err().contains("--workers 2 cannot be combined with --patience"), r.err());
    }
}
