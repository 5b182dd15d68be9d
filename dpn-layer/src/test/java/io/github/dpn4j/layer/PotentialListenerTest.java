package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PotentialListener} reports, for every DPN layer, the ascent that the training forward pass performed. */
class PotentialListenerTest {

    private static DenoisingPotential dpn(int steps) {
        return new DenoisingPotential.Builder().components(3).steps(steps).stepSize(0.2).name("dpn").build();
    }

    @Test
    void firstMeasurement_equalsTheAscentOfTheLayersInput() {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, dpn(3), DataType.DOUBLE, new Adam(1e-2));
        DataSet data = new DataSet(Networks.features(6, 4, DataType.DOUBLE, 1), Networks.labels(6, 3, DataType.DOUBLE));
        // what the layer sees and does before the first update
        INDArray x = net.feedForwardToLayer(0, data.getFeatures(), true).get(1);
        Potential potential = Potential.of(net, 1);
        Trajectory expected = potential.ascend(x);
        INDArray r = potential.responsibilities(x);
        double entropy = -r.mul(Transforms.log(r)).sum(1).meanNumber().doubleValue();
        double stepLength = 0;
        for (int t = 1; t <= 3; t++) {
            stepLength += expected.stepLength(t).meanNumber().doubleValue() / 3;
        }

        List<PotentialStats> seen = new ArrayList<>();
        net.setListeners(new PotentialListener(1, 100, seen::add));
        net.fit(data);

        assertEquals(1, seen.size());
        PotentialStats s = seen.get(0);
        assertEquals("dpn", s.layer());
        assertEquals(0, s.iteration());
        assertEquals(6, s.rows());
        assertEquals(3, s.stepsTaken());
        assertEquals(potential.stepSize(), s.stepSize(), 0.0);
        assertEquals(expected.potential(0).meanNumber().doubleValue(), s.potentialBefore(), Tolerances.SAME_MATH_FLOAT64);
        assertEquals(expected.potential(3).meanNumber().doubleValue(), s.potentialAfter(), Tolerances.SAME_MATH_FLOAT64);
        assertEquals(stepLength, s.meanStepLength(), Tolerances.SAME_MATH_FLOAT64);
        assertEquals(entropy, s.responsibilityEntropy(), Tolerances.SAME_MATH_FLOAT64);
        assertTrue(s.effectiveComponents() >= 1 && s.effectiveComponents() <= 3, "" + s.effectiveComponents());
    }

    @Test
    void frequency_measuresEveryNthIteration_andCapsTheRows() {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, dpn(2), DataType.FLOAT, new Adam(1e-2));
        DataSet data = new DataSet(Networks.features(6, 4, DataType.FLOAT, 1), Networks.labels(6, 3, DataType.FLOAT));
        List<PotentialStats> seen = new ArrayList<>();
        net.setListeners(new PotentialListener(2, 4, seen::add));
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        assertEquals(List.of(0, 2, 4), seen.stream().map(PotentialStats::iteration).toList());
        seen.forEach(s -> assertEquals(4, s.rows()));
        seen.forEach(s -> assertTrue(Double.isFinite(s.potentialAfter()) && Double.isFinite(s.responsibilityEntropy()),
                s.toString()));
    }

    @Test
    void tweedieLayers_areNotFollowed_theirStepRuleHasNoAscent() {
        DenoisingPotential tweedie = new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).components(3)
                .name("front").build();
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, tweedie, DataType.DOUBLE, new Adam(1e-2));
        DataSet data = new DataSet(Networks.features(6, 4, DataType.DOUBLE, 1), Networks.labels(6, 3, DataType.DOUBLE));
        List<PotentialStats> seen = new ArrayList<>();
        net.setListeners(new PotentialListener(1, 100, seen::add));

        net.fit(data);

        assertEquals(List.of(), seen);
    }

    @Test
    void computationGraph_reportsTheNamedLayer() {
        ComputationGraph graph = Networks.twoInputGraph(2, 4, 3, dpn(0), DataType.DOUBLE, new Adam(1e-2));
        INDArray[] x = {Networks.features(6, 2, DataType.DOUBLE, 1), Networks.features(6, 2, DataType.DOUBLE, 2)};
        List<PotentialStats> seen = new ArrayList<>();
        graph.setListeners(new PotentialListener(1, 100, seen::add));
        graph.fit(new MultiDataSet(x, new INDArray[]{Networks.labels(6, 3, DataType.DOUBLE)}));

        assertEquals(1, seen.size());
        PotentialStats s = seen.get(0);
        assertEquals("dpn", s.layer());
        assertEquals(0, s.stepsTaken());
        assertEquals(0.0, s.meanStepLength(), 0.0);
        assertEquals(s.potentialBefore(), s.potentialAfter(), 0.0, "n = 0 is the identity");
    }

    @Test
    void invalidSettings_nameTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PotentialListener(0, 10, s -> { }));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    @Test
    void format_namesEveryQuantity() {
        String line = PotentialListener.format(new PotentialStats("dpn", 40, 1, 128, 0.0123, -12.3, -8.1, 0.021,
                0.52, 10));
        for (String part : new String[]{"dpn", "it 40", "ep 1", "alpha 0.01230", "phi -12.30 -> -8.100", "step 0.02100",
                "entropy 0.520 nats", "1.68 components", "10 steps"}) {
            assertTrue(line.contains(part), part + " in " + line);
        }
    }
}
