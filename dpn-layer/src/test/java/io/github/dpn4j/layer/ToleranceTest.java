package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tolerance(tol)}: the ascent stops after the first step in which every row moved less than {@code tol}, the
 * trajectory says how many steps ran, the DETACHED backward uses exactly those steps, and the option survives (and
 * old models without it load with the default, 0: never stop early).
 */
class ToleranceTest {

    private static final int D = 3;
    private static final int K = 2;
    private static final int CAP = 60;
    private static final double TOLERANCE = 1e-2;
    private static final String[] KEYS = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
            DenoisingPotential.ALPHA};

    private static DenoisingPotential dpn(Precision precision, double tolerance) {
        return new DenoisingPotential.Builder().nIn(D).components(K).steps(CAP).precision(precision)
                .tolerance(tolerance).name("dpn").build();
    }

    /** A contracting ascent: every row converges to a mode well within {@link #CAP} steps. */
    private static Map<String, INDArray> params(Precision precision) {
        return Networks.parameters(precision, K, D, 0.5, 5);
    }

    private static MultiLayerNetwork network(Precision precision, double tolerance) {
        MultiLayerNetwork net = Networks.dpnOnly(dpn(precision, tolerance), DataType.DOUBLE);
        params(precision).forEach((key, v) -> net.setParam("0_" + key, v));
        return net;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void stopsAtTheFirstStepBelowTheTolerance_andTheTrajectorySaysSo(Precision precision) {
        MultiLayerNetwork net = network(precision, TOLERANCE);
        INDArray x = Networks.features(6, D, DataType.DOUBLE, 2);
        Trajectory trajectory = Potential.of(net, 0).ascend(x);
        int steps = trajectory.steps();

        assertTrue(steps > 1 && steps < CAP, "steps taken: " + steps);
        assertTrue(trajectory.stepLength(steps).maxNumber().doubleValue() < TOLERANCE, "last step too long");
        assertTrue(trajectory.stepLength(steps - 1).maxNumber().doubleValue() >= TOLERANCE, "stopped late");
        assertEquals(trajectory.point(steps), net.output(x));
        assertEquals(steps, ((DenoisingPotentialLayer) net.getLayer(0)).lastSteps());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void zeroToleranceRunsEveryStep(Precision precision) {
        MultiLayerNetwork net = network(precision, 0.0);
        assertEquals(CAP, Potential.of(net, 0).ascend(Networks.features(4, D, DataType.DOUBLE, 3)).steps());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void detachedBackwardUsesTheStepsThatRan(Precision precision) {
        MultiLayerNetwork net = network(precision, TOLERANCE);
        net.initGradientsView();
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 4);
        INDArray eps = Networks.features(5, D, DataType.DOUBLE, 6);
        int steps = Potential.of(net, 0).ascend(x).steps();
        assertTrue(steps < CAP, "steps taken: " + steps);

        net.getLayer(0).setInput(x, LayerWorkspaceMgr.noWorkspaces());
        net.getLayer(0).activate(true, LayerWorkspaceMgr.noWorkspaces());
        Pair<Gradient, INDArray> back = net.getLayer(0).backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());

        Map<String, INDArray> expected = SameDiffOracle.of(precision, K, D, steps, GradientMode.DETACHED,
                params(precision), x, eps);
        for (String key : KEYS) {
            ShapeSweepTest.assertClose(expected.get(key), back.getFirst().getGradientFor(key), DataType.DOUBLE, true,
                    precision + " grad " + key + " over " + steps + " steps");
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsToleranceOutOfRange_namingIt(double tolerance) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenoisingPotential.Builder().tolerance(tolerance).build());
        assertTrue(e.getMessage().contains("tolerance") && e.getMessage().contains(String.valueOf(tolerance)),
                e.getMessage());
    }

    @Test
    void rejectsToleranceWithFullGradientMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenoisingPotential.Builder().tolerance(1e-3).gradientMode(GradientMode.FULL).build());
        assertTrue(e.getMessage().contains("tolerance") && e.getMessage().contains("FULL"), e.getMessage());
    }

    @Test
    void jsonRoundTripKeepsTheTolerance(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = network(Precision.DIAGONAL, TOLERANCE);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(TOLERANCE, ((DenoisingPotential) back.getConf(0).getLayer()).getTolerance(), 0.0);

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, false);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, false);
        INDArray x = Networks.features(4, D, DataType.DOUBLE, 8);
        assertEquals(net.output(x), restored.output(x));
        assertEquals(Potential.of(net, 0).ascend(x).steps(), Potential.of(restored, 0).ascend(x).steps());
    }

    @Test
    void modelsSavedWithoutTheOptionLoadWithNoTolerance() {
        MultiLayerNetwork net = network(Precision.FULL, 0.0);
        String json = net.getLayerWiseConfigurations().toJson();
        String old = json.replaceAll(",?\\s*\"tolerance\"\\s*:\\s*0\\.0", "");
        assertFalse(old.contains("tolerance"), "the JSON of a model saved before the option: " + old);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(old);
        assertEquals(net.getLayerWiseConfigurations().getConf(0).getLayer(), back.getConf(0).getLayer());
        MultiLayerNetwork restored = new MultiLayerNetwork(back);
        restored.init(net.params().dup(), false);
        INDArray x = Networks.features(4, D, DataType.DOUBLE, 9);
        assertEquals(net.output(x), restored.output(x));
        assertEquals(CAP, Potential.of(restored, 0).ascend(x).steps());
    }

    static {
        Nd4j.getRandom().setSeed(Networks.SEED);
    }
}
