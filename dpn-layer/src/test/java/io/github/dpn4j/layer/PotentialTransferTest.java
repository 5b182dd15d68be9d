package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PotentialTransfer}: a DPN inserted before the classifier, or a layer put in front of it, in both network
 * types. Frozen parameters stay bit for bit, the new layer learns, and the result saves and loads like any network.
 */
class PotentialTransferTest {

    private static final int IN = 4;
    private static final int WIDTH = 5;
    private static final int CLASSES = 3;
    private static final FineTuneConfiguration FINE_TUNE = new FineTuneConfiguration.Builder()
            .updater(new Adam(5e-2)).seed(Networks.SEED).build();

    @TempDir
    Path dir;

    private static DataSet data() {
        return new DataSet(Networks.features(12, IN, DataType.DOUBLE, 7), Networks.labels(12, CLASSES, DataType.DOUBLE));
    }

    private static DenoisingPotential dpn(int steps) {
        return new DenoisingPotential.Builder().components(3).steps(steps).stepSize(0.1).name("dpn").build();
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(Networks.SEED).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER);
    }

    /** dense(tanh, IN -> WIDTH) -> dense(tanh) -> softmax(CLASSES), trained a few steps. */
    private static MultiLayerNetwork trainedNetwork() {
        MultiLayerConfiguration conf = base().list()
                .layer(new DenseLayer.Builder().nOut(WIDTH).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nOut(WIDTH).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(IN))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        fit(net, 5);
        return net;
    }

    /** The graph twin of {@link #trainedNetwork()}: in -> d1 -> d2 -> out. */
    private static ComputationGraph trainedGraph() {
        ComputationGraphConfiguration conf = base().graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(IN))
                .addLayer("d1", new DenseLayer.Builder().nOut(WIDTH).activation(Activation.TANH).build(), "in")
                .addLayer("d2", new DenseLayer.Builder().nOut(WIDTH).activation(Activation.TANH).build(), "d1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "d2")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        for (int i = 0; i < 5; i++) {
            graph.fit(data());
        }
        return graph;
    }

    private static void fit(MultiLayerNetwork net, int iterations) {
        for (int i = 0; i < iterations; i++) {
            net.fit(data());
        }
    }

    private static DataSetIterator iterator() {
        return new SingletonDataSetIterator(data());
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new HashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    private void assertSavesAndLoads(MultiLayerNetwork net, String name) throws IOException {
        File file = dir.resolve(name).toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations().toJson(), restored.getLayerWiseConfigurations().toJson());
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(data().getFeatures()), restored.output(data().getFeatures()));
    }

    private void assertSavesAndLoads(ComputationGraph graph, String name) throws IOException {
        File file = dir.resolve(name).toFile();
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.outputSingle(data().getFeatures()), restored.outputSingle(data().getFeatures()));
    }

    // ------------------------------------------------------------------------------------------ insert, MLN

    @Test
    void insertBeforeOutput_identityDpn_keepsTheNetworksOutputs() {
        MultiLayerNetwork trained = trainedNetwork();
        MultiLayerNetwork edited = PotentialTransfer.insertBeforeOutput(trained, dpn(0), FINE_TUNE, false);

        assertEquals(4, edited.getnLayers());
        assertInstanceOf(DenoisingPotential.class, edited.getLayerWiseConfigurations().getConf(2).getLayer());
        assertEquals(WIDTH, ((DenoisingPotential) edited.getLayerWiseConfigurations().getConf(2).getLayer()).getNIn());
        assertEquals(trained.getLayer(2).params(), edited.getLayer(3).params());
        INDArray x = data().getFeatures();
        assertEquals(trained.output(x), edited.output(x));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void insertBeforeOutput_fineTune_frozenLayersStayTheDpnLearns(boolean freezeBelow) throws IOException {
        MultiLayerNetwork trained = trainedNetwork();
        INDArray trainedParams = trained.params().dup();
        MultiLayerNetwork edited = PotentialTransfer.insertBeforeOutput(trained, dpn(2), FINE_TUNE, freezeBelow);
        KMeansInit.fit(edited, 2, iterator(), 12, 3);
        INDArray below0 = edited.getLayer(0).params().dup();
        INDArray below1 = edited.getLayer(1).params().dup();
        Map<String, INDArray> potential = copy(edited.getLayer(2).paramTable());
        INDArray output = edited.getLayer(3).params().dup();

        fit(edited, 5);

        assertEquals(freezeBelow, edited.getLayerWiseConfigurations().getConf(1).getLayer() instanceof FrozenLayer);
        if (freezeBelow) {
            assertEquals(below0, edited.getLayer(0).params());
            assertEquals(below1, edited.getLayer(1).params());
        } else {
            assertNotEquals(below1, edited.getLayer(1).params());
        }
        for (String key : new String[]{DenoisingPotential.MU, DenoisingPotential.A}) {
            assertNotEquals(potential.get(key), edited.getLayer(2).getParam(key), key);
        }
        assertNotEquals(output, edited.getLayer(3).params());
        assertEquals(trainedParams, trained.params(), "the original network is left alone");

        assertSavesAndLoads(edited, "inserted.zip");
    }

    @Test
    void insertBeforeOutput_wrongWidth_namesBothWidths() {
        DenoisingPotential wide = new DenoisingPotential.Builder().nIn(WIDTH + 1).components(2).steps(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PotentialTransfer.insertBeforeOutput(trainedNetwork(), wide, FINE_TUNE, false));
        assertTrue(e.getMessage().contains("nIn " + (WIDTH + 1)) && e.getMessage().contains("width " + WIDTH),
                e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ insert, CG

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void insertBeforeOutput_graph_frozenLayersStayTheDpnLearns(boolean freezeBelow) throws IOException {
        ComputationGraph trained = trainedGraph();
        ComputationGraph edited = PotentialTransfer.insertBeforeOutput(trained, "dpn", dpn(2), FINE_TUNE,
                freezeBelow);
        assertEquals(trained.getLayer("out").params(), edited.getLayer("out").params());
        assertEquals(trained.getLayer("d2").params(), edited.getLayer("d2").params());
        KMeansInit.fit(edited, "dpn", iterator(), 12, 3);
        INDArray d1 = edited.getLayer("d1").params().dup();
        INDArray d2 = edited.getLayer("d2").params().dup();
        Map<String, INDArray> potential = copy(edited.getLayer("dpn").paramTable());
        INDArray output = edited.getLayer("out").params().dup();

        for (int i = 0; i < 5; i++) {
            edited.fit(data());
        }

        if (freezeBelow) {
            assertEquals(d1, edited.getLayer("d1").params());
            assertEquals(d2, edited.getLayer("d2").params());
        } else {
            assertNotEquals(d2, edited.getLayer("d2").params());
        }
        assertNotEquals(potential.get(DenoisingPotential.MU), edited.getLayer("dpn").getParam(DenoisingPotential.MU));
        assertNotEquals(output, edited.getLayer("out").params());

        assertSavesAndLoads(edited, "inserted-graph.zip");
    }

    @Test
    void insertBeforeOutput_graph_takenName_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PotentialTransfer.insertBeforeOutput(trainedGraph(), "d1", dpn(1), FINE_TUNE, false));
        assertTrue(e.getMessage().contains("\"d1\""), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ prepend, MLN

    private static DenoisingPotential front() {
        return new DenoisingPotential.Builder().nIn(IN).components(3).steps(2).stepSize(0.1).name("front").build();
    }

    @Test
    void prepend_frozenClassifier_classifierBitIdenticalFrontLearns() throws IOException {
        MultiLayerNetwork classifier = trainedNetwork();
        Map<String, INDArray> params = Networks.parameters(Precision.FULL, 3, IN, 0.1, 11);
        MultiLayerNetwork net = PotentialTransfer.prepend(classifier, front(), params, FINE_TUNE, true);

        assertEquals(4, net.getnLayers());
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(FrozenLayerWithBackprop.class, net.getLayerWiseConfigurations().getConf(i + 1).getLayer());
            assertEquals(classifier.getLayer(i).params(), net.getLayer(i + 1).params(), "layer " + i);
        }
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            assertEquals(e.getValue(), net.getLayer(0).getParam(e.getKey()), e.getKey());
        }
        INDArray x = data().getFeatures();
        assertTrue(classifier.output(Potential.of(net, 0).ascend(x).point(2))
                .equalsWithEps(net.output(x), Tolerances.SAME_MATH_FLOAT64), "the front end's output feeds the classifier");

        fit(net, 5);

        for (int i = 0; i < 3; i++) {
            assertEquals(classifier.getLayer(i).params(), net.getLayer(i + 1).params(), "layer " + i + " after fit");
        }
        assertNotEquals(params.get(DenoisingPotential.MU), net.getLayer(0).getParam(DenoisingPotential.MU));

        assertSavesAndLoads(net, "prepended.zip");
    }

    @Test
    void prepend_unfrozenClassifier_trainsEverything() {
        MultiLayerNetwork classifier = trainedNetwork();
        MultiLayerNetwork net = PotentialTransfer.prepend(classifier, front(), null, FINE_TUNE, false);
        fit(net, 3);
        assertNotEquals(classifier.getLayer(2).params(), net.getLayer(3).params());
    }

    @Test
    void prepend_convolutionalClassifier_preprocessorMovesWithItsLayer() {
        MultiLayerConfiguration conf = base().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(3, 3, 1))
                .build();
        MultiLayerNetwork classifier = new MultiLayerNetwork(conf);
        classifier.init();
        DenoisingPotential pixels = new DenoisingPotential.Builder().nIn(9).components(2).steps(0).build();
        MultiLayerNetwork net = PotentialTransfer.prepend(classifier, pixels, null, FINE_TUNE, true);

        assertInstanceOf(FeedForwardToCnnPreProcessor.class, net.getLayerWiseConfigurations().getInputPreProcess(1));
        assertEquals(null, net.getLayerWiseConfigurations().getInputPreProcess(0));
        INDArray x = Networks.features(5, 9, DataType.DOUBLE, 3);
        assertEquals(classifier.output(x), net.output(x), "a 0-step DPN in front changes nothing");
    }

    @Test
    void prepend_wrongParameters_areRefusedWithKeyAndShape() {
        MultiLayerNetwork classifier = trainedNetwork();
        Map<String, INDArray> missing = Networks.parameters(Precision.FULL, 3, IN, 0.1, 11);
        missing.remove(DenoisingPotential.C);
        IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
                () -> PotentialTransfer.prepend(classifier, front(), missing, FINE_TUNE, true));
        assertTrue(e1.getMessage().contains("[A, alpha, mu]"), e1.getMessage());

        Map<String, INDArray> wrongShape = Networks.parameters(Precision.FULL, 4, IN, 0.1, 11);
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> PotentialTransfer.prepend(classifier, front(), wrongShape, FINE_TUNE, true));
        assertTrue(e2.getMessage().contains("[3, 4]") && e2.getMessage().contains("[4, 4]"), e2.getMessage());
    }

    // ------------------------------------------------------------------------------------------ prepend, CG

    @Test
    void prepend_graph_frozenClassifier_classifierBitIdenticalFrontLearns() throws IOException {
        ComputationGraph classifier = trainedGraph();
        Map<String, INDArray> params = Networks.parameters(Precision.DIAGONAL, 3, IN, 0.1, 11);
        DenoisingPotential diagonal = new DenoisingPotential.Builder().nIn(IN).components(3).steps(2)
                .precision(Precision.DIAGONAL).build();
        ComputationGraph graph = PotentialTransfer.prepend(classifier, "front", diagonal, params, FINE_TUNE, true);

        assertEquals(java.util.List.of("front"), graph.getConfiguration().getVertexInputs().get("d1"));
        for (String name : new String[]{"d1", "d2", "out"}) {
            assertEquals(classifier.getLayer(name).params(), graph.getLayer(name).params(), name);
        }
        INDArray x = data().getFeatures();
        assertTrue(classifier.outputSingle(Potential.of(graph, "front").ascend(x).point(2))
                .equalsWithEps(graph.outputSingle(x), Tolerances.SAME_MATH_FLOAT64));

        for (int i = 0; i < 5; i++) {
            graph.fit(data());
        }

        for (String name : new String[]{"d1", "d2", "out"}) {
            assertEquals(classifier.getLayer(name).params(), graph.getLayer(name).params(), name + " after fit");
        }
        assertNotEquals(params.get(DenoisingPotential.MU), graph.getLayer("front").getParam(DenoisingPotential.MU));

        assertSavesAndLoads(graph, "prepended-graph.zip");
    }
}
