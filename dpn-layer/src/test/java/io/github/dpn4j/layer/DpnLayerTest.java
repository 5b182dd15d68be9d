package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DpnLayerTest {

    private static DenoisingPotential dpn(String name) {
        return new DenoisingPotential.Builder().components(3).steps(2).precision(Precision.DIAGONAL).name(name)
                .build();
    }

    /** dense(4 -> 3) -> DPN -> dense(3 -> 3) -> DPN -> softmax(2): DPNs at indices 1 and 3. */
    private static MultiLayerNetwork twoDpns() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(Networks.SEED)
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(dpn("first"))
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(dpn("second"))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void all_findsEveryDpnInLayerOrder_multiLayerNetwork() {
        List<DpnLayer> found = DpnLayer.all(twoDpns());
        assertEquals(List.of(1, 3), found.stream().map(DpnLayer::layerIndex).toList());
        assertEquals(List.of("1", "3"), found.stream().map(DpnLayer::key).toList());
        assertFalse(found.get(0).inGraph());
        assertTrue(DpnLayer.all(Networks.dpnSoftmax(3, 2, dpn("dpn"), DataType.DOUBLE)).get(0).readsNetworkInput());
    }

    @Test
    void inputFeatures_areTheOutputOfTheLayerBelow_andTheNetworkInputForTheFirstLayer() {
        MultiLayerNetwork net = twoDpns();
        INDArray x = Networks.features(5, 4, DataType.DOUBLE, 1);
        List<INDArray> activations = net.feedForward(x, false);   // input, then each layer's output
        assertEquals(activations.get(3), DpnLayer.at(net, 3).inputFeatures(x));
        assertEquals(activations.get(1), DpnLayer.at(net, 1).inputFeatures(x));
        MultiLayerNetwork first = Networks.dpnSoftmax(4, 2, dpn("dpn"), DataType.DOUBLE);
        assertEquals(x, DpnLayer.at(first, 0).inputFeatures(x));
    }

    @Test
    void inputFeatures_graph_areThePreprocessedInputVertex_andNeitherTheDpnNorLaterVerticesRun() {
        ComputationGraph graph = Networks.mergedImageGraph(4, 5, 2, dpn("dpn"), DataType.DOUBLE);
        INDArray x = Networks.features(6, 4, DataType.DOUBLE, 2);
        DpnLayer dpn = DpnLayer.named(graph, "dpn");
        INDArray image = graph.feedForward(x, false).get("image");   // [6, 1, 1, 5]

        assertEquals(image.reshape(6, 5), dpn.inputFeatures(x));
        Map<String, INDArray> ran = dpn.activationsUpToInput(new INDArray[]{x});
        assertTrue(ran.keySet().containsAll(List.of("in", "left", "right", "merged", "image")), ran.keySet()
                .toString());
        assertFalse(ran.containsKey("dpn") || ran.containsKey("out"), ran.keySet().toString());
        assertFalse(dpn.readsNetworkInput());
        assertEquals("dpn", dpn.vertexName());
    }

    @Test
    void inputFeatures_twoInputGraph_areBothBranchesMerged() {
        ComputationGraph graph = Networks.twoInputGraph(3, 4, 2, dpn("dpn"), DataType.DOUBLE, new NoOp());
        INDArray left = Networks.features(5, 3, DataType.DOUBLE, 3);
        INDArray right = Networks.features(5, 3, DataType.DOUBLE, 4);
        Map<String, INDArray> all = graph.feedForward(new INDArray[]{left, right}, false);

        INDArray features = DpnLayer.all(graph).get(0).inputFeatures(left, right);

        assertEquals(Nd4j.hstack(all.get("denseLeft"), all.get("denseRight")), features);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpnLayer.named(graph, "dpn").inputFeatures(left));
        assertTrue(e.getMessage().contains("2 input(s), got 1"), e.getMessage());
    }

    @Test
    void readsNetworkInput_dpnOnTheGraphInput() {
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, dpn("dpn"), DataType.DOUBLE);
        DpnLayer dpn = DpnLayer.named(graph, "dpn");
        assertTrue(dpn.readsNetworkInput());
        INDArray x = Networks.features(4, 3, DataType.DOUBLE, 5);
        assertEquals(x, dpn.inputFeatures(x));
    }

    @Test
    void stepSize_readsTheLiveParameter() {
        MultiLayerNetwork net = twoDpns();
        DpnLayer dpn = DpnLayer.at(net, 3);
        net.getLayer(3).getParam(DenoisingPotential.ALPHA).assign(0.375);
        assertEquals(0.375, dpn.stepSize(), 0.0);
        assertEquals(0.375, dpn.potential().stepSize(), 0.0);
    }

    @Test
    void at_anotherLayerType_isRejectedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpnLayer.at(twoDpns(), 2));
        assertEquals("layer 2 is a DenseLayer, not a DenoisingPotential", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DpnLayer.at(twoDpns(), 5));
    }

    @Test
    void named_unknownName_listsTheLayers() {
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, dpn("dpn"), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DpnLayer.named(graph, "nope"));
        assertTrue(e.getMessage().contains("\"nope\"") && e.getMessage().contains("dpn"), e.getMessage());
        IllegalStateException noIndex = assertThrows(IllegalStateException.class,
                () -> DpnLayer.named(graph, "dpn").layerIndex());
        assertTrue(noIndex.getMessage().contains("vertex name"), noIndex.getMessage());
    }

    /** A 3-feature, 2-component DPN whose ascent converges within {@value #CAP} steps (ToleranceTest's fixture). */
    private static final int CAP = 60;

    private static DenoisingPotential converging(double tolerance) {
        return new DenoisingPotential.Builder().nIn(3).components(2).steps(CAP).precision(Precision.FULL)
                .tolerance(tolerance).name("dpn").build();
    }

    @Test
    void lastStepsTaken_areTheStepsOfTheLastForwardPass_multiLayerNetworkAndGraph() {
        MultiLayerNetwork net = Networks.dpnSoftmax(3, 2, converging(1e-2), DataType.DOUBLE);
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, converging(1e-2), DataType.DOUBLE);
        Networks.parameters(Precision.FULL, 2, 3, 0.5, 5).forEach((key, v) -> {
            net.setParam("0_" + key, v);
            graph.setParam("dpn_" + key, v);
        });
        DpnLayer inNet = DpnLayer.at(net, 0);
        DpnLayer inGraph = DpnLayer.named(graph, "dpn");
        assertEquals(0, inNet.lastStepsTaken(), "before any forward pass");
        INDArray x = Networks.features(6, 3, DataType.DOUBLE, 2);

        net.output(x);
        graph.outputSingle(x);

        int steps = Potential.of(net, 0).ascend(x).steps();
        assertTrue(steps > 1 && steps < CAP, "steps taken: " + steps);
        assertEquals(steps, inNet.lastStepsTaken());
        assertEquals(steps, inGraph.lastStepsTaken());
        // the minibatch stops with its slowest row: the fastest row alone takes fewer steps
        int fastest = 0;
        for (int i = 1; i < x.rows(); i++) {
            if (Potential.of(net, 0).ascend(x.getRow(i, true)).steps()
                    < Potential.of(net, 0).ascend(x.getRow(fastest, true)).steps()) {
                fastest = i;
            }
        }
        net.output(x.getRow(fastest, true));
        int alone = Potential.of(net, 0).ascend(x.getRow(fastest, true)).steps();
        assertTrue(alone < steps, "fastest row alone " + alone + " vs the minibatch " + steps);
        assertEquals(alone, inNet.lastStepsTaken(), "the next pass overwrites the count");
    }

    @Test
    void lastStepsTaken_withoutTolerance_isN_andOneForTweedie() {
        MultiLayerNetwork net = twoDpns();
        net.output(Networks.features(5, 4, DataType.DOUBLE, 1));
        assertEquals(List.of(2, 2), DpnLayer.all(net).stream().map(DpnLayer::lastStepsTaken).toList());
        MultiLayerNetwork tweedie = Networks.dpnOnly(TweedieLayerTest.tweedie(0.1), DataType.DOUBLE);
        TweedieLayerTest.fill(tweedie.getLayer(0));
        tweedie.output(Networks.features(5, 4, DataType.DOUBLE, 1));
        assertEquals(1, DpnLayer.at(tweedie, 0).lastStepsTaken());
    }

    @Test
    void setTolerance_stopsTheLiveLayersAscentEarly_andTheNetworkConfigurationKeepsIt() {
        ComputationGraph graph = Networks.dpnFirstGraph(3, 2, converging(0.0), DataType.DOUBLE);
        Networks.parameters(Precision.FULL, 2, 3, 0.5, 5).forEach((key, v) -> graph.setParam("dpn_" + key, v));
        DpnLayer dpn = DpnLayer.named(graph, "dpn");
        INDArray x = Networks.features(6, 3, DataType.DOUBLE, 2);
        graph.outputSingle(x);
        assertEquals(CAP, dpn.lastStepsTaken());

        dpn.setTolerance(1e-2);
        graph.outputSingle(x);

        assertTrue(dpn.lastStepsTaken() < CAP, "steps taken: " + dpn.lastStepsTaken());
        assertEquals(Potential.of(graph, "dpn").ascend(x).steps(), dpn.lastStepsTaken());
        LayerVertex saved = (LayerVertex) ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson())
                .getVertices().get("dpn");
        assertEquals(1e-2, ((DenoisingPotential) saved.getLayerConf().getLayer()).getTolerance());
    }

    @Test
    void setTolerance_outOfRangeOrWithFullGradients_isRejectedNamingLayerAndValue_andChangesNothing() {
        DpnLayer dpn = DpnLayer.at(Networks.dpnSoftmax(3, 2, converging(1e-3), DataType.DOUBLE), 0);
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> dpn.setTolerance(-1));
        assertTrue(negative.getMessage().contains("\"dpn\"") && negative.getMessage().contains("tolerance")
                && negative.getMessage().contains("-1.0"), negative.getMessage());
        assertEquals(1e-3, dpn.config().getTolerance());

        DpnLayer full = DpnLayer.at(Networks.dpnSoftmax(3, 2, new DenoisingPotential.Builder().nIn(3).components(2)
                .steps(2).gradientMode(GradientMode.FULL).name("dpn").build(), DataType.DOUBLE), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> full.setTolerance(1e-3));
        assertTrue(e.getMessage().contains("tolerance 0.001") && e.getMessage().contains("FULL"), e.getMessage());
        assertEquals(0.0, full.config().getTolerance());
    }
}
