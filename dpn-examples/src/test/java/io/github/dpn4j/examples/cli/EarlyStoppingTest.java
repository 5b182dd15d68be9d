package io.github.dpn4j.examples.cli;

import static io.github.dpn4j.examples.cli.DpnTest.dpn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.DenoisingPotential;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.Checkpoint;
import org.deeplearning4j.optimize.listeners.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --patience} (DL4J EarlyStoppingTrainer) and {@code --keep-checkpoints} (CheckpointListener) on cnn-dpn. */
class EarlyStoppingTest {

    private static final Pattern HELD_OUT_ROW = Pattern.compile("\\| (\\d+) \\| ([0-9.]+) \\|");

    @TempDir
    static Path runs;

    private static List<String> args(String name, int epochs, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "cnn-dpn", "--runs", runs.toString(),
                "--name", name));
        args.addAll(DpnTest.TINY);
        args.set(args.indexOf("--epochs") + 1, Integer.toString(epochs));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    private static MultiLayerNetwork model(Path file) throws IOException {
        return (MultiLayerNetwork) Classifier.restore(file).model();
    }

    @Test
    void checkpoints_keepTheLastK_andTheLastIsTheFinalModel() throws IOException {
        DpnTest.Output r = dpn(args("checkpoints", 3, "--keep-checkpoints", "2"));
        assertEquals(0, r.exitCode(), r.err());
        File dir = runs.resolve("checkpoints").resolve(RunDirectory.CHECKPOINTS).toFile();
        List<Checkpoint> kept = CheckpointListener.availableCheckpoints(dir);
        assertEquals(2, kept.size(), kept.toString());
        MultiLayerNetwork last = CheckpointListener.loadLastCheckpointMLN(dir);
        assertTrue(last.getLayerWiseConfigurations().getConf(5).getLayer() instanceof DenoisingPotential);
        assertEquals(model(runs.resolve("checkpoints").resolve(RunDirectory.MODEL)).params(), last.params());
    }

    @Test
    void patience_stopsOnTheHeldOutLoss_andKeepsTheBestEpoch() throws IOException {
        DpnTest.Output r = dpn(args("early", 6, "--patience", "1", "--holdout", "0.25", "--keep-checkpoints", "6"));
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("early stopping: patience 1 epochs, 48 held-out training examples, training on 144"),
                r.out());
        Path dir = runs.resolve("early");
        String report = Files.readString(dir.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("## Early stopping"), report);

        Map<Integer, Double> heldOut = new LinkedHashMap<>();
        Matcher m = HELD_OUT_ROW.matcher(report);
        while (m.find()) {
            heldOut.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        }
        int trained = heldOut.size();
        assertTrue(trained >= 1 && trained <= 6, heldOut.toString());
        int best = heldOut.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertTrue(report.contains("Best epoch " + best + ";"), report);
        if (trained < 6) {
            assertEquals(best + 1, trained, "patience 1: stops after the first epoch that does not improve");
        }
        assertEquals(trained + 1, Files.readAllLines(dir.resolve(RunDirectory.METRICS)).size());

        // every epoch was checkpointed: the saved model is the best epoch's
        File checkpoints = dir.resolve(RunDirectory.CHECKPOINTS).toFile();
        assertEquals(trained, CheckpointListener.availableCheckpoints(checkpoints).size());
        assertEquals(CheckpointListener.loadCheckpointMLN(checkpoints, best - 1).params(),
                model(dir.resolve(RunDirectory.MODEL)).params());
    }
}
