package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user relies on beyond the math: parameters, step-size control, n = 0, input checks, data types. */
class LayerBehaviourTest {

    private static DenoisingPotential.Builder dpn() {
        return new DenoisingPotential.Builder().components(3).steps(3).name("dpn");
    }

    private static MultiLayerNetwork trainable(DenoisingPotential dpn, org.nd4j.linalg.learning.config.IUpdater u) {
        return Networks.denseDpnSoftmax(4, 5, 3, dpn, DataType.DOUBLE, u);
    }

    private static DataSet data(int rows) {
        return new DataSet(Networks.features(rows, 4, DataType.DOUBLE, 3), Networks.labels(rows, 3, DataType.DOUBLE));
    }

    @Test
    void setParamReallySetsTheParameter_multiLayerNetwork() {
        MultiLayerNetwork net = trainable(dpn().build(), new Adam(1e-2));
        INDArray x = Networks.features(2, 4, DataType.DOUBLE, 1);
        INDArray before = net.output(x);
        INDArray mu = Networks.features(3, 5, DataType.DOUBLE, 77);
        net.setParam("1_" + DenoisingPotential.MU, mu);
        assertEquals(mu, net.getParam("1_" + DenoisingPotential.MU));
        assertNotEquals(before, net.output(x));
    }

    @Test
    void inference_followsAParameterChangedInPlace_inTheNetworksFlatParameters() {
        MultiLayerNetwork net = trainable(dpn().build(), new Adam(1e-2));
        INDArray x = Networks.features(2, 4, DataType.DOUBLE, 1);
        INDArray before = net.output(x);
        assertEquals(before, net.output(x));
        // the layer's parameters are a view at an offset into the network's; change one element there
        net.getLayer(1).getParam(DenoisingPotential.MU).putScalar(new long[]{2, 4}, 3.0);
        assertNotEquals(before, net.output(x));
        INDArray changed = net.output(x);
        net.getLayer(1).getParam(DenoisingPotential.MU).putScalar(new long[]{2, 4}, -3.0);
        assertNotEquals(changed, net.output(x));
    }

    @Test
    void setParamReallySetsTheParameter_computationGraph() {
        ComputationGraph graph = Networks.twoInputGraph(2, 4, 3, dpn().build(), DataType.DOUBLE, new Adam(1e-2));
        INDArray alpha = Nd4j.valueArrayOf(new long[]{1, 1}, 0.37, DataType.DOUBLE);
        graph.setParam("dpn_" + DenoisingPotential.ALPHA, alpha);
        assertEquals(0.37, Potential.of(graph, "dpn").stepSize(), 0.0);
    }

    @Test
    void setParamRejectsWrongShape_namingBothShapes() {
        MultiLayerNetwork net = trainable(dpn().build(), new Adam(1e-2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.setParam("1_" + DenoisingPotential.MU, Nd4j.zeros(DataType.DOUBLE, 2, 5)));
        assertTrue(e.getMessage().contains("[3, 5]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }

    @Test
    void frozenStepSizeStaysPutThroughFit_whileOtherParametersTrain() {
        MultiLayerNetwork net = trainable(dpn().learnStepSize(false).stepSize(0.25).build(), new Adam(5e-2));
        INDArray muBefore = net.getParam("1_" + DenoisingPotential.MU).dup();
        for (int i = 0; i < 5; i++) {
            net.fit(data(8));
        }
        assertEquals(0.25, net.getParam("1_" + DenoisingPotential.ALPHA).getDouble(0), 0.0);
        assertNotEquals(muBefore, net.getParam("1_" + DenoisingPotential.MU));
    }

    @Test
    void learnedStepSizeMovesThroughFit() {
        MultiLayerNetwork net = trainable(dpn().stepSize(0.25).build(), new Adam(5e-2));
        for (int i = 0; i < 5; i++) {
            net.fit(data(8));
        }
        assertNotEquals(0.25, net.getParam("1_" + DenoisingPotential.ALPHA).getDouble(0));
    }

    @Test
    void negativeStepSizeIsClampedAfterUpdate_byDefault() {
        MultiLayerNetwork net = trainable(dpn().build(), new Sgd(1e-9));
        // as an update leaves it before the clamp (setParam refuses a negative alpha while the clamp is on)
        net.getParam("1_" + DenoisingPotential.ALPHA).assign(-0.5);
        net.fit(data(4));
        assertEquals(0.0, net.getParam("1_" + DenoisingPotential.ALPHA).getDouble(0), 0.0);
    }

    @Test
    void negativeStepSizeSurvivesUpdate_whenConstraintLifted() {
        MultiLayerNetwork net = trainable(dpn().nonNegativeStepSize(false).build(), new Sgd(1e-9));
        net.setParam("1_" + DenoisingPotential.ALPHA, Nd4j.valueArrayOf(new long[]{1, 1}, -0.5, DataType.DOUBLE));
        net.fit(data(4));
        assertEquals(-0.5, net.getParam("1_" + DenoisingPotential.ALPHA).getDouble(0),
                Tolerances.TINY_UPDATE_DRIFT);
    }

    @Test
    void negativeStepSizeIsClampedAfterUpdate_computationGraph() {
        ComputationGraph graph = Networks.twoInputGraph(2, 4, 3, dpn().build(), DataType.DOUBLE, new Sgd(1e-9));
        graph.getParam("dpn_" + DenoisingPotential.ALPHA).assign(-0.5);
        graph.fit(new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[]{Networks.features(4, 2, DataType.DOUBLE, 1), Networks.features(4, 2, DataType.DOUBLE, 2)},
                new INDArray[]{Networks.labels(4, 3, DataType.DOUBLE)}));
        assertEquals(0.0, Potential.of(graph, "dpn").stepSize(), 0.0);
    }

    @Test
    void zeroStepsIsExactlyTheIdentity_forwardAndBackward() {
        MultiLayerNetwork net = Networks.dpnOnly(dpn().nIn(4).steps(0).build(), DataType.DOUBLE);
        INDArray x = Networks.features(3, 4, DataType.DOUBLE, 4);
        assertEquals(x, net.output(x));

        net.initGradientsView();
        Layer layer = net.getLayer(0);
        layer.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray epsilon = Networks.features(3, 4, DataType.DOUBLE, 5);
        Pair<Gradient, INDArray> back = layer.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(epsilon, back.getSecond());
        for (String key : new String[]{DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
                DenoisingPotential.ALPHA}) {
            assertEquals(0.0, back.getFirst().getGradientFor(key).amaxNumber().doubleValue(), 0.0, key);
        }
    }

    @Test
    void zeroStepsTrainsTheRestOfTheNetwork() {
        MultiLayerNetwork net = trainable(dpn().steps(0).build(), new Adam(1e-2));
        INDArray before = net.params().dup();
        net.fit(data(8));
        assertNotEquals(before, net.params());
    }

    @Test
    void wrongInputWidthNamesLayerAndBothWidths() {
        MultiLayerNetwork net = Networks.dpnOnly(dpn().nIn(4).build(), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Networks.features(2, 6, DataType.DOUBLE, 1)));
        assertTrue(e.getMessage().contains("DenoisingPotential layer \"dpn\"") && e.getMessage().contains(
                "expected input width 4, got 6"), e.getMessage());
    }

    @Test
    void wrongInputRankNamesLayerAndShape() {
        MultiLayerNetwork net = Networks.dpnOnly(dpn().nIn(4).build(), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.output(Nd4j.zeros(DataType.DOUBLE, 2, 4, 3)));
        assertTrue(e.getMessage().contains("\"dpn\"") && e.getMessage().contains("[2, 4, 3]"), e.getMessage());
    }

    @Test
    void nanInputNamesLayer() {
        MultiLayerNetwork net = Networks.dpnOnly(dpn().nIn(4).build(), DataType.DOUBLE);
        INDArray x = Networks.features(2, 4, DataType.DOUBLE, 1);
        x.putScalar(1, 2, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("\"dpn\"") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void missingInputWidthIsExplained() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(dpn().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(2).build())
                .build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MultiLayerNetwork(conf).init());
        assertTrue(e.getMessage().contains("nIn is not set"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void farInputsGiveFiniteOutputs_float32AndFloat64(Precision precision) {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, dpn().precision(precision).build(), dt,
                    new Adam(1e-3));
            Layer layer = net.getLayer(1);
            INDArray far = Networks.features(3, 5, dt, 2).add(1e4);
            far.getRow(0).muli(-1);
            INDArray out = layer.activate(far, false, LayerWorkspaceMgr.noWorkspaces());
            assertEquals(dt, out.dataType());
            assertFalse(BooleanIndexing.or(out, Conditions.notFinite()), precision + " " + dt + ": " + out);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void float32AgreesWithFloat64(Precision precision) {
        MultiLayerNetwork single = Networks.denseDpnSoftmax(4, 5, 3, dpn().precision(precision).build(),
                DataType.FLOAT, new Adam(1e-3));
        MultiLayerNetwork dbl = Networks.denseDpnSoftmax(4, 5, 3, dpn().precision(precision).build(),
                DataType.DOUBLE, new Adam(1e-3));
        dbl.setParams(single.params().castTo(DataType.DOUBLE));
        INDArray x = Networks.features(6, 4, DataType.DOUBLE, 3);
        double diff = dbl.output(x).sub(single.output(x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE))
                .amaxNumber().doubleValue();
        assertTrue(diff < Tolerances.SAME_MATH_FLOAT32, "max abs difference " + diff);
    }

    @Test
    void convolutionalInputIsFlattenedAndWidthInferred() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.RELU).build())
                .layer(dpn().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
        assertTrue(conf.getInputPreProcess(1) instanceof CnnToFeedForwardPreProcessor);
        assertEquals(2 * 4 * 4, ((DenoisingPotential) conf.getConf(1).getLayer()).getNIn());
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray out = net.feedForward(Nd4j.rand(DataType.FLOAT, 2, 1, 6, 6)).get(2);
        assertArrayEquals(new long[]{2, 32}, out.shape());
    }

    @Test
    void firstBackpropPrintsNothingOnStandardOutput() {
        MultiLayerNetwork net = trainable(dpn().build(), new Adam(1e-2));
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true));
        try {
            net.fit(data(4));
        } finally {
            System.setOut(original);
        }
        assertFalse(captured.toString().contains(SameDiffChatter.GRADIENT_CHATTER), captured.toString());
    }
}
