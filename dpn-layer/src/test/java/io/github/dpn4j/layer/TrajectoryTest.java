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
    void recordsPotentialAndStepLengthAtEveryPoint_againstAHandWrittenMixture() {
        MultiLayerNetwork net = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(3).components(2).steps(2)
                .build(), DataType.DOUBLE);
        GradientCheckTest.perturb(net.getLayer(0), 5);
        Potential p = Potential.of(net, 0);
        INDArray x = Networks.features(4, 3, DataType.DOUBLE, 8);
        Trajectory t = p.ascend(x);
        for (int s = 0; s <= 2; s++) {
            for (int b = 0; b < 4; b++) {
                double[] point = t.point(s).getRow(b).toDoubleVector();
                assertEquals(logMixture(p, point), t.potential(s).getDouble(b), Tolerances.SAME_MATH_FLOAT64,
                        "phi at step " + s + ", row " + b);
                if (s > 0) {
                    double[] before = t.point(s - 1).getRow(b).toDoubleVector();
                    double squared = 0;
                    for (int j = 0; j < 3; j++) {
                        squared += (point[j] - before[j]) * (point[j] - before[j]);
                    }
                    assertEquals(Math.sqrt(squared), t.stepLength(s).getDouble(b), Tolerances.SAME_MATH_FLOAT64);
                }
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> t.point(3));
        assertThrows(IndexOutOfBoundsException.class, () -> t.stepLength(0));
    }

    /** {@code phi(x) = log sum_i exp(c_i - 1/2 ||A_i (x - mu_i)||²)} for a FULL potential, written out in loops. */
    private static double logMixture(Potential p, double[] x) {
        INDArray mu = p.centers();
        INDArray a = p.factors();
        INDArray c = p.logWeights();
        int k = p.components();
        int d = x.length;
        double[] energies = new double[k];
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double squared = 0;
            for (int row = 0; row < d; row++) {
                double z = 0;
                for (int col = 0; col < d; col++) {
                    z += a.getDouble(i, row, col) * (x[col] - mu.getDouble(i, col));
                }
                squared += z * z;
            }
            energies[i] = c.getDouble(i) - 0.5 * squared;
            largest = Math.max(largest, energies[i]);
        }
        double sum = 0;
        for (double e : energies) {
            sum += Math.exp(e - largest);
        }
        return largest + Math.log(sum);
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
