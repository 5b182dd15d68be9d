package io.github.dpn4j.examples.cli;

import static io.github.dpn4j.examples.cli.DpnTest.dpn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.report.FrontEndReport;
import io.github.dpn4j.examples.report.NoiseLevelCharts;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.StepRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpn robustify} end to end on a tiny subset: a trained {@code cnn} gets a denoising front-end and stays
 * bit for bit what it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustifyCommandTest {

    @TempDir
    static Path runs;

    private MultiLayerNetwork cnn;

    @BeforeAll
    void trainCnn() throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--config", "cnn", "--name", "cnn", "--runs",
                runs.toString()));
        args.addAll(DpnTest.TINY);
        DpnTest.Output r = dpn(args);
        assertEquals(0, r.exitCode(), r.err());
        cnn = (MultiLayerNetwork) Classifier.restore(runs.resolve("cnn").resolve(RunDirectory.MODEL)).model();
    }

    private DpnTest.Output robustify(String... extra) {
        List<String> args = new ArrayList<>(List.of("robustify", "--model", runs.resolve("cnn").toString(),
                "--runs", runs.toString(), "--dsm-epochs", "1", "--no-progress"));
        args.addAll(Arrays.asList(extra));
        if (!args.contains("-k")) {
            args.addAll(List.of("-k", "5"));
        }
        return dpn(args);
    }

    @Test
    void robustify_putsAFrontEndBeforeTheUnchangedClassifier_andWritesItsReport() throws IOException {
        DpnTest.Output r = robustify();
        assertEquals(0, r.exitCode(), r.err());
        Path dir = runs.resolve("cnn" + RobustifyCommand.NAME_SUFFIX);
        MultiLayerNetwork robust = (MultiLayerNetwork) Classifier.restore(dir.resolve(RunDirectory.MODEL)).model();
        assertEquals(cnn.getnLayers() + 1, robust.getnLayers());
        DenoisingPotential front = (DenoisingPotential) robust.getLayer(0).conf().getLayer();
        assertEquals(StepRule.TWEEDIE, front.getStepRule());
        assertEquals(0.3, front.getToleratedNoise(), "s0 from the cnn run's training noise gaussian:0.3");
        for (int i = 0; i < cnn.getnLayers(); i++) {
            assertTrue(robust.getLayerWiseConfigurations().getConf(i + 1).getLayer()
                    instanceof FrozenLayerWithBackprop, "layer " + i + " frozen");
            assertEquals(cnn.getLayer(i).params(), robust.getLayer(i + 1).params(), "classifier layer " + i);
        }
        String report = Files.readString(dir.resolve(RunDirectory.REPORT));
        assertTrue(report.contains("behind the front-end") && report.contains("mean ŝ"), report);
        assertTrue(r.out().contains("| gaussian:0.3"), r.out());
        assertTrue(Files.size(dir.resolve(FrontEndReport.PICTURE)) > 1000);
        assertTrue(Files.size(dir.resolve(NoiseLevelCharts.FILE)) > 1000);
    }

    @Test
    void robustify_intoItsOwnSource_isRefused() {
        DpnTest.Output r = robustify("--name", "cnn");
        assertEquals(Dpn.EXIT_ERROR, r.exitCode());
        assertTrue(r.err().contains("would replace the source run"), r.err());
    }

    @Test
    void robustify_moreComponentsThanImages_isRefusedNamingBoth() {
        DpnTest.Output r = robustify("-k", "500", "--name", "too-many");
        assertEquals(Dpn.EXIT_ERROR, r.exitCode());
        assertTrue(r.err().contains("500") && r.err().contains("192"), r.err());
    }
}
