package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoryTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void endsAtTheLayerOutput_multiLayerNetwork(Precision precision) {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, new DenoisingPotential.Builder().components(3)
                .steps(4).precision(precision).build(), DataType.DOUBLE, new NoOp());
        GradientCheckTest.perturb(net.getLayer(1), 3);
        INDArray x = Networks.features(6, 4, DataType.DOUBLE, 2);
        INDArray dpnInput = net.feedForward(x).get(1);
        INDArray dpnOutput = net.feedForward(x).get(2);

        Trajectory t = Potential.of(net, 1).ascend(dpnInput);

        assertEquals(4, t.steps());
        assertEquals(dpnInput, t.point(0));
        assertTrue(dpnOutput.sub(t.point(4)).amaxNumber().doubleValue() < Tolerances.SAME_MATH_FLOAT64);
    }

    @Test
    void endsAtTheLayerOutput_computationGraph() {
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, new DenoisingPotential.Builder().components(2)
                .steps(3).name("dpn").build(), DataType.DOUBLE);
        INDArray x = Networks.features(5, 3, DataType.DOUBLE, 4);
        INDArray out = graph.feedForward(x, false).get("dpn");
        assertTrue(out.sub(Potential.of(graph, "dpn").ascend(x).point(3)).amaxNumber().doubleValue()
                < Tolerances.SAME_MATH_FLOAT64);
    }

    @Test
    void recordsPotentialAndStepLengthAtEveryPoint() {
        MultiLayerNetwork net = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(3).components(2).steps(2)
                .build(), DataType.DOUBLE);
        Potential p = Potential.of(net, 0);
        INDArray x = Networks.features(4, 3, DataType.DOUBLE, 8);
        Trajectory t = p.ascend(x);
        for (int s = 0; s <= 2; s++) {
            assertEquals(p.value(t.point(s)), t.potential(s));
        }
        assertEquals(t.point(1).sub(t.point(0)).norm2(1), t.stepLength(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.point(3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.stepLength(0));
    }

    @Test
    void viewIsACopy_laterTrainingDoesNotChangeIt() {
        MultiLayerNetwork net = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(3).components(2).build(),
                DataType.DOUBLE);
        Potential p = Potential.of(net, 0);
        INDArray centers = p.centers();
        net.getParam("0_" + DenoisingPotential.MU).addi(1.0);
        assertEquals(centers, p.centers());
        p.centers().addi(5.0);
        assertEquals(centers, p.centers());
    }

    @Test
    void rejectsPointsOfTheWrongWidth() {
        Potential p = Potential.of(Networks.dpnOnly(new DenoisingPotential.Builder().nIn(3).components(2).build(),
                DataType.DOUBLE), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.value(Networks.features(2, 4, DataType.DOUBLE, 1)));
        assertTrue(e.getMessage().contains("[B, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void rejectsLayersThatAreNotDpns() {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, new DenoisingPotential.Builder().build(),
                DataType.DOUBLE, new NoOp());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Potential.of(net, 0));
        assertTrue(e.getMessage().contains("DenseLayer"), e.getMessage());
    }
}
