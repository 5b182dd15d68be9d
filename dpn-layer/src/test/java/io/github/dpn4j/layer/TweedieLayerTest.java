package io.github.dpn4j.layer;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link StepRule#TWEEDIE} layer in networks: it computes exactly what its {@link NoiseConditionalPotential} does,
 * its input gradient is exact, its parameters stay frozen, it saves and loads; and models of dpn4j 0.1.0 still load
 * and compute what they computed then.
 */
class TweedieLayerTest {

    private static final int D = 4;

    @TempDir
    Path dir;

    /** A TWEEDIE layer over d = 4 with a fitted-looking potential (3 components), fixed or estimated noise. */
    static DenoisingPotential tweedie(Double fixedNoise) {
        DenoisingPotential.Builder b = new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).components(3)
                .toleratedNoise(0.1).name("dpn");
        if (fixedNoise != null) {
            b.noiseLevel(fixedNoise);
        }
        return b.build();
    }

    /** Writes {@link NoiseConditionalPotentialTest#mixture}'s parameters and a calibration into the layer. */
    static NoiseConditionalPotential fill(Layer layer) {
        NoiseConditionalPotential p = NoiseConditionalPotentialTest.mixture(DataType.DOUBLE, 0.1, 0);
        double[] calibration = p.noiseGrid();
        for (int g = 0; g < calibration.length; g++) {
            calibration[g] = 1.2 * calibration[g];
        }
        p = p.withCalibration(calibration);
        for (Map.Entry<String, INDArray> e : p.parameters().entrySet()) {
            layer.setParam(e.getKey(), e.getValue());
        }
        return p;
    }

    @Test
    void builder_tweedieDefaultsToOneDiagonalStep_andRejectsOtherShapes() {
        DenoisingPotential layer = tweedie(null);
        assertEquals(1, layer.getSteps());
        assertEquals(Precision.DIAGONAL, layer.getPrecision());
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).precision(Precision.FULL).build());
        assertTrue(full.getMessage().contains("FULL"), full.getMessage());
        IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
                () -> new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).steps(3).build());
        assertTrue(steps.getMessage().contains("steps=3"), steps.getMessage());
        IllegalArgumentException s0 = assertThrows(IllegalArgumentException.class,
                () -> new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).toleratedNoise(-0.5).build());
        assertTrue(s0.getMessage().contains("-0.5"), s0.getMessage());
    }

    @Test
    void potentialViews_pointToTheOtherView_forTheOtherStepRule() {
        MultiLayerNetwork tweedieNet = Networks.dpnOnly(tweedie(null).clone(), DataType.DOUBLE);
        IllegalArgumentException learnedView = assertThrows(IllegalArgumentException.class,
                () -> Potential.of(tweedieNet, 0));
        assertTrue(learnedView.getMessage().contains("stepRule is TWEEDIE")
                && learnedView.getMessage().contains("NoiseConditionalPotential.of"), learnedView.getMessage());
        MultiLayerNetwork learnedNet = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(D).components(2).build(),
                DataType.DOUBLE);
        IllegalArgumentException tweedieView = assertThrows(IllegalArgumentException.class,
                () -> NoiseConditionalPotential.of(learnedNet, 0));
        assertTrue(tweedieView.getMessage().contains("stepRule is LEARNED")
                && tweedieView.getMessage().contains("Potential.of"), tweedieView.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, Double.NaN})
    void multiLayerNetwork_outputsWhatThePotentialComputes(double noise) {
        MultiLayerNetwork net = Networks.dpnOnly(tweedie(Double.isNaN(noise) ? null : noise).clone(),
                DataType.DOUBLE);
        NoiseConditionalPotential p = fill(net.getLayer(0));
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 31).muli(2);
        NoiseConditionalPotentialTest.assertClose(p.denoise(x, noise), net.output(x), Tolerances.SAME_MATH_FLOAT64,
                "network vs potential");
        NoiseConditionalPotentialTest.assertClose(p.denoise(x, noise),
                NoiseConditionalPotential.of(net, 0).denoise(x, noise), Tolerances.SAME_MATH_FLOAT64, "view");
        assertNotEquals(x, net.output(x));
    }

    @Test
    void output_followsParametersSetAfterTheFirstForward() {
        // the layer keeps its potential between forward passes; a parameter change must reach the next one
        MultiLayerNetwork net = Networks.dpnOnly(tweedie(null).clone(), DataType.DOUBLE);
        NoiseConditionalPotential p = fill(net.getLayer(0));
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 33).muli(2);
        INDArray before = net.output(x);
        INDArray shifted = p.centers().addi(0.5);
        net.getLayer(0).setParam(DenoisingPotential.MU, shifted);
        NoiseConditionalPotential moved = NoiseConditionalPotential.of(shifted, p.logVariances(), p.logWeights(),
                p.noiseGrid(), p.calibration(), p.tolerated());
        INDArray after = net.output(x);
        assertNotEquals(before, after);
        NoiseConditionalPotentialTest.assertClose(moved.denoise(x), after, Tolerances.SAME_MATH_FLOAT64,
                "output after setParam");
        net.setParams(net.params().mul(1.0).putScalar(0, 0.25));
        NoiseConditionalPotentialTest.assertClose(NoiseConditionalPotential.of(net, 0).denoise(x), net.output(x),
                Tolerances.SAME_MATH_FLOAT64, "output after setParams");
    }

    @Test
    void computationGraph_outputsWhatThePotentialComputes() {
        ComputationGraph graph = Networks.dpnFirstGraph(D, 2, tweedie(null), DataType.DOUBLE);
        NoiseConditionalPotential p = fill(graph.getLayer("dpn"));
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 32).muli(2);
        INDArray expected = graph.getLayer("out").activate(p.denoise(x), false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        NoiseConditionalPotentialTest.assertClose(expected, graph.outputSingle(x), Tolerances.SAME_MATH_FLOAT64,
                "graph vs potential then output layer");
        NoiseConditionalPotentialTest.assertClose(p.noiseLevel(x),
                NoiseConditionalPotential.of(graph, "dpn").noiseLevel(x), 0, "view of the graph's layer");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void gradientCheck_inputGradientReachesTheLayerBelow(int minibatch) {
        // the DPN's own parameters are fitted by score matching and frozen here; the dense layer below is checked,
        // and its gradient passes through the DPN's exact input gradient
        MultiLayerNetwork net = Networks.denseDpnSoftmax(3, D, 2, tweedie(0.6), DataType.DOUBLE, new NoOp());
        fill(net.getLayer(1));
        INDArray x = Networks.features(minibatch, 3, DataType.DOUBLE, 33);
        INDArray y = Networks.labels(minibatch, 2, DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(Tolerances.GRADIENT_CHECK_EPSILON).maxRelError(Tolerances.GRADIENT_CHECK_MAX_RELATIVE_ERROR)
                .minAbsoluteError(Tolerances.GRADIENT_CHECK_MIN_ABSOLUTE_ERROR)
                .excludeParams(Set.of("1_mu", "1_logVariance", "1_c", "1_calibration"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), "gradient check, minibatch " + minibatch);
    }

    @Test
    void fit_leavesTheTweedieParametersFrozen_andTrainsTheOthers() {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(3, D, 2, tweedie(null), DataType.DOUBLE, new Adam(1e-2));
        fill(net.getLayer(1));
        INDArray before = net.getLayer(1).params().dup();
        INDArray dense = net.getLayer(0).params().dup();
        DataSet data = new DataSet(Networks.features(8, 3, DataType.DOUBLE, 34), Networks.labels(8, 2,
                DataType.DOUBLE));
        for (int i = 0; i < 3; i++) {
            net.fit(data);
        }
        assertEquals(before, net.getLayer(1).params());
        assertNotEquals(dense, net.getLayer(0).params());
    }

    @ParameterizedTest
    @EnumSource(StepRule.class)
    void serializationRoundTrip_sameJsonParamsAndOutputs(StepRule rule) throws IOException {
        DenoisingPotential dpn = rule == StepRule.TWEEDIE ? tweedie(null)
                : new DenoisingPotential.Builder().components(3).steps(2).precision(Precision.DIAGONAL).name("dpn")
                .build();
        MultiLayerNetwork net = Networks.denseDpnSoftmax(3, D, 2, dpn, DataType.DOUBLE, new Adam(1e-2));
        if (rule == StepRule.TWEEDIE) {
            fill(net.getLayer(1));
        }
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        INDArray x = Networks.features(4, 3, DataType.DOUBLE, 35);
        assertEquals(net.getLayerWiseConfigurations().toJson(), restored.getLayerWiseConfigurations().toJson());
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x), restored.output(x));
        assertEquals(rule, ((DenoisingPotential) restored.getLayer(1).conf().getLayer()).getStepRule());
    }

    @Test
    void computationGraphSerialization_keepsTheTweedieLayer() throws IOException {
        ComputationGraph graph = Networks.dpnFirstGraph(D, 2, tweedie(0.4), DataType.DOUBLE);
        fill(graph.getLayer("dpn"));
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(graph, file, false);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, false);
        INDArray x = Networks.features(4, D, DataType.DOUBLE, 36);
        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.outputSingle(x), restored.outputSingle(x));
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "diagonal"})
    void modelsSavedByVersion010_loadAndComputeAsBefore(String precision) throws IOException {
        String name = "/compatibility/dpn-0.1.0-mln-" + precision;
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(copy(name + ".zip"), true);
        INDArray input = Nd4j.readBinary(copy(name + "-input.bin"));
        INDArray output = Nd4j.readBinary(copy(name + "-output.bin"));
        DenoisingPotential layer = (DenoisingPotential) net.getLayer(1).conf().getLayer();
        assertEquals(StepRule.LEARNED, layer.getStepRule());
        assertEquals(output, net.output(input));
    }

    private File copy(String resource) throws IOException {
        Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = TweedieLayerTest.class.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        return target.toFile();
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil insists on it
    }
}
