package io.github.dpn4j.examples.cli;

import static io.github.dpn4j.examples.cli.DpnTest.dpn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpn insert} end to end on a tiny subset: a trained {@code cnn} gets a DPN before its classifier, is
 * fine-tuned and evaluated beside the original.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsertCommandTest {

    @TempDir
    static Path runs;

    private MultiLayerNetwork cnn;

    private static List<String> args(String... head) {
        List<String> args = new ArrayList<>(Arrays.asList(head));
        args.addAll(List.of("--runs", runs.toString()));
        args.addAll(DpnTest.TINY);
        return args;
    }

    @BeforeAll
    void trainCnn() throws IOException {
        DpnTest.Output r = dpn(args("train", "--config", "cnn", "--name", "cnn"));
        assertEquals(0, r.exitCode(), r.err());
        cnn = (MultiLayerNetwork) Classifier.restore(runs.resolve("cnn").resolve(RunDirectory.MODEL)).model();
    }

    @Test
    void insert_frozen_writesRunWithOriginalBesideAndKeepsLayersBelow() throws IOException {
        DpnTest.Output r = dpn(args("insert", "--model", runs.resolve("cnn").toString()));
        assertEquals(0, r.exitCode(), r.err());
        String header = r.out().lines().filter(l -> l.matches("\\|\\s+\\|\\s+cnn \\(original\\) \\|\\s+cnn-insert \\|"))
                .findFirst().orElseThrow(() -> new AssertionError("no side-by-side header in\n" + r.out()));
        Path dir = runs.resolve("cnn-insert");
        String report = Files.readString(dir.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("## Beside the original") && report.contains(header), report);

        MultiLayerNetwork inserted = (MultiLayerNetwork) Classifier.restore(dir.resolve(RunDirectory.MODEL)).model();
        int out = cnn.getnLayers() - 1;
        assertEquals(cnn.getnLayers() + 1, inserted.getnLayers());
        for (int i = 0; i < out; i++) {
            assertTrue(inserted.getLayerWiseConfigurations().getConf(i).getLayer() instanceof FrozenLayer, "layer " + i);
            assertEquals(cnn.getLayer(i).params(), inserted.getLayer(i).params(), "frozen layer " + i);
        }
        assertNotEquals(cnn.getLayer(out).params(), inserted.getLayer(out + 1).params(), "the classifier is tuned");

        DpnTest.Output evaluated = dpn(List.of("evaluate", "--model", dir.toString(), "--no-progress"));
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertTrue(evaluated.out().contains("identical to the accuracies recorded in"), evaluated.out());
    }

    @Test
    void insert_noFreeze_trainsTheLayersBelow() throws IOException {
        DpnTest.Output r = dpn(args("insert", "--model", runs.resolve("cnn").toString(), "--no-freeze",
                "--name", "unfrozen"));
        assertEquals(0, r.exitCode(), r.err());
        MultiLayerNetwork inserted = (MultiLayerNetwork) Classifier.restore(
                runs.resolve("unfrozen").resolve(RunDirectory.MODEL)).model();
        assertNotEquals(cnn.getLayer(0).params(), inserted.getLayer(0).params());
    }

    @Test
    void insert_modelWithDpn_isRefused() {
        List<String> untrained = args("train", "--config", "cnn-dpn", "--name", "has-dpn");
        untrained.set(untrained.indexOf("--epochs") + 1, "0");
        DpnTest.Output trained = dpn(untrained);
        assertEquals(0, trained.exitCode(), trained.err());
        DpnTest.Output r = dpn(args("insert", "--model", runs.resolve("has-dpn").toString()));
        assertEquals(Dpn.EXIT_ERROR, r.exitCode());
        assertTrue(r.err().contains("already has a DenoisingPotential layer"), r.err());
    }
}
