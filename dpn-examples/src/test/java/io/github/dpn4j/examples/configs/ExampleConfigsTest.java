package io.github.dpn4j.examples.configs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExampleConfigsTest {

    private static final List<String> CNN_LAYERS = List.of("ConvolutionLayer", "SubsamplingLayer", "ConvolutionLayer",
            "SubsamplingLayer", "DenseLayer");

    /** Small k and n keep the FULL seed network (k·784² precision entries) cheap. */
    private static RunConfig small(ExampleConfig config) {
        return new RunConfig.Builder(config).components(2).steps(1).build();
    }

    @Test
    void cnn_isConvPoolConvPoolDenseSoftmax() {
        assertEquals(concat(CNN_LAYERS, "OutputLayer"), Classifier.create(small(ExampleConfig.CNN)).layerTypes());
    }

    @Test
    void cnnDpn_isCnnWithPotentialBeforeSoftmax() {
        Classifier c = Classifier.create(small(ExampleConfig.CNN_DPN));
        assertEquals(concat(CNN_LAYERS, "DenoisingPotential", "OutputLayer"), c.layerTypes());
        assertEquals("DenoisingPotential", c.layerTypes().get(ExampleConfigs.CNN_POTENTIAL_LAYER));
    }

    @Test
    void seed_isPotentialOnPixelsThenSoftmax() {
        MultiLayerConfiguration conf = ExampleConfigs.seed(small(ExampleConfig.SEED));
        DenoisingPotential dpn = assertInstanceOf(DenoisingPotential.class,
                conf.getConf(ExampleConfigs.SEED_POTENTIAL_LAYER).getLayer());
        assertEquals(ExampleConfigs.INPUT_WIDTH, dpn.getNIn());
        assertEquals(List.of("DenoisingPotential", "OutputLayer"),
                Classifier.create(small(ExampleConfig.SEED)).layerTypes());
    }

    @Test
    void cnnDpnGraph_hasTheSameLayersAndParametersAsCnnDpn() {
        ComputationGraphConfiguration conf = ExampleConfigs.cnnDpnGraph(small(ExampleConfig.CNN_DPN_GRAPH));
        LayerVertex dpn = assertInstanceOf(LayerVertex.class, conf.getVertices().get(ExampleConfigs.POTENTIAL_VERTEX));
        assertInstanceOf(DenoisingPotential.class, dpn.getLayerConf().getLayer());
        Classifier graph = Classifier.create(small(ExampleConfig.CNN_DPN_GRAPH));
        Classifier list = Classifier.create(small(ExampleConfig.CNN_DPN));
        assertTrue(graph.isGraph());
        assertEquals(list.layerTypes(), graph.layerTypes());
        assertEquals(list.numParams(), graph.numParams());
    }

    @Test
    void potentialLayer_takesItsSettingsFromRunConfig() {
        RunConfig run = new RunConfig.Builder(ExampleConfig.CNN_DPN).components(7).steps(3)
                .precision(Precision.DIAGONAL).gradientMode(GradientMode.FULL).learnStepSize(false).build();
        DenoisingPotential dpn = (DenoisingPotential) ExampleConfigs.cnnDpn(run)
                .getConf(ExampleConfigs.CNN_POTENTIAL_LAYER).getLayer();
        assertEquals(7, dpn.getComponents());
        assertEquals(3, dpn.getSteps());
        assertEquals(Precision.DIAGONAL, dpn.getPrecision());
        assertEquals(GradientMode.FULL, dpn.getGradientMode());
        assertEquals(false, dpn.isLearnStepSize());
        assertEquals(ExampleConfigs.DENSE_WIDTH, dpn.getNIn());
    }

    @Test
    void defaults_matchTheGuide() {
        RunConfig seed = RunConfig.defaults(ExampleConfig.SEED);
        RunConfig cnnDpn = RunConfig.defaults(ExampleConfig.CNN_DPN);
        assertEquals(List.of(20, 30, 20, 10), List.of(seed.components(), seed.steps(), cnnDpn.components(),
                cnnDpn.steps()));
        assertEquals(5, seed.epochs());
        assertEquals(128, seed.batchSize());
        assertEquals(1e-3, seed.learningRate());
    }

    @ParameterizedTest
    @EnumSource(ExampleConfig.class)
    void everyConfig_mapsImagesToClassProbabilities(ExampleConfig config) {
        Classifier c = Classifier.create(small(config));
        assertEquals(config.hasPotential(), c.hasPotential());
        assertEquals(config.hasPotential(), c.stepSize().isPresent());
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, ExampleConfigs.INPUT_WIDTH);
        INDArray p = c.output(x);
        assertArrayEquals(new long[] {3, ExampleConfigs.CLASSES}, p.shape());
        INDArray rowSums = p.sum(1);
        for (int i = 0; i < 3; i++) {
            assertEquals(1.0, rowSums.getDouble(i), Tolerances.FLOAT32, "row " + i + " of " + p);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
