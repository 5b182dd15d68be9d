package io.github.dpn4j.layer;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A training forward records the ascent for the DETACHED backward, which then does not repeat it; a tape recorded from
 * another input, or in a workspace since closed, is never used: the backward reruns the ascent instead.
 */
class TapeTest {

    private static final String[] KEYS = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
            DenoisingPotential.ALPHA};
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private static DenoisingPotentialLayer layer(Precision precision) {
        MultiLayerNetwork net = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(4).components(3).steps(3)
                .precision(precision).name("dpn").build(), DataType.DOUBLE);
        net.initGradientsView();
        return (DenoisingPotentialLayer) net.getLayer(0);
    }

    private static INDArray x(long seed) {
        return Networks.features(5, 4, DataType.DOUBLE, seed);
    }

    private static final INDArray EPSILON = Networks.features(5, 4, DataType.DOUBLE, 9);

    /** The backward without a preceding training forward (the ascent rerun), gradients copied out. */
    private static Map<String, INDArray> rerun(DenoisingPotentialLayer layer, INDArray x) {
        layer.setInput(x, NO_WORKSPACES);
        assertFalse(layer.holdsTape());
        return copy(layer.backpropGradient(EPSILON, NO_WORKSPACES));
    }

    private static Map<String, INDArray> copy(Pair<Gradient, INDArray> back) {
        Map<String, INDArray> out = new HashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String key : KEYS) {
                out.put(key, back.getFirst().getGradientFor(key).dup());
            }
        }
        return out;
    }

    private static void assertSameGradients(Map<String, INDArray> expected, Map<String, INDArray> actual) {
        for (String key : KEYS) {
            double gap = expected.get(key).sub(actual.get(key)).amaxNumber().doubleValue();
            assertEquals(0.0, gap, Tolerances.EXACT_FLOAT64, key);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void backwardFromTheTrainingForwardsTapeEqualsTheRerunAscent(Precision precision) {
        DenoisingPotentialLayer layer = layer(precision);
        Map<String, INDArray> expected = rerun(layer, x(1));

        layer.setInput(x(1), NO_WORKSPACES);
        layer.activate(true, NO_WORKSPACES);
        assertTrue(layer.holdsTape());
        Map<String, INDArray> taped = copy(layer.backpropGradient(EPSILON, NO_WORKSPACES));
        assertFalse(layer.holdsTape(), "a tape is used once");
        assertSameGradients(expected, taped);
    }

    @Test
    void clearDropsTheTape() {
        DenoisingPotentialLayer layer = layer(Precision.FULL);
        layer.setInput(x(1), NO_WORKSPACES);
        layer.activate(true, NO_WORKSPACES);
        layer.clear();
        assertFalse(layer.holdsTape());
    }

    @Test
    void inferenceForwardRecordsNoTape() {
        DenoisingPotentialLayer layer = layer(Precision.FULL);
        layer.setInput(x(1), NO_WORKSPACES);
        layer.activate(false, NO_WORKSPACES);
        assertFalse(layer.holdsTape());
    }

    @Test
    void tapeFromAnotherInputIsNotUsed() {
        DenoisingPotentialLayer layer = layer(Precision.FULL);
        Map<String, INDArray> expected = rerun(layer, x(2));

        layer.setInput(x(1), NO_WORKSPACES);
        layer.activate(true, NO_WORKSPACES);
        layer.setInput(x(2), NO_WORKSPACES);
        assertSameGradients(expected, copy(layer.backpropGradient(EPSILON, NO_WORKSPACES)));
    }

    @Test
    void tapeInAClosedWorkspaceIsNotUsed() {
        DenoisingPotentialLayer layer = layer(Precision.FULL);
        INDArray x = x(3);
        Map<String, INDArray> expected = rerun(layer, x);

        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.builder()
                .with(ArrayType.ACTIVATIONS, "TAPE_TEST_ACT", WorkspaceConfiguration.builder().build())
                .defaultNoWorkspace()
                .build();
        layer.setInput(x, workspaces);
        for (int cycle = 0; cycle < 2; cycle++) {
            // the first cycle sizes the workspace, the second records the tape inside it
            try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
                layer.activate(true, workspaces);
            }
        }
        assertTrue(layer.holdsTape());
        Map<String, INDArray> actual;
        try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            // the reopened workspace may hand the tape's memory to new arrays: the tape must not be read
            workspaces.create(ArrayType.ACTIVATIONS, DataType.DOUBLE, 1, 130).assign(Double.NaN);
            actual = copy(layer.backpropGradient(EPSILON, workspaces));
        }
        assertSameGradients(expected, actual);
    }
}
