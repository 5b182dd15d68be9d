package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Saved and restored networks are the same network: JSON, parameters, outputs, and training continues alike. */
class SerializationTest {

    @TempDir
    Path dir;

    private static DenoisingPotential dpn(Precision precision, GradientMode mode) {
        return new DenoisingPotential.Builder().components(3).steps(2).stepSize(0.15).precision(precision)
                .gradientMode(mode).learnStepSize(true).nonNegativeStepSize(false).name("dpn").build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void multiLayerNetworkRoundTrip_sameJsonParamsOutputsAndTraining(Precision precision) throws IOException {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(4, 5, 3, dpn(precision, GradientMode.FULL),
                DataType.DOUBLE, new Adam(1e-2));
        DataSet data = new DataSet(Networks.features(6, 4, DataType.DOUBLE, 1), Networks.labels(6, 3, DataType.DOUBLE));
        net.fit(data);
        File file = dir.resolve("mln.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.getLayerWiseConfigurations().toJson(), restored.getLayerWiseConfigurations().toJson());
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertEquals(net.output(data.getFeatures()), restored.output(data.getFeatures()));
        net.fit(data);
        restored.fit(data);
        assertEquals(net.params(), restored.params());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void computationGraphRoundTrip_sameJsonParamsOutputsAndTraining(Precision precision) throws IOException {
        ComputationGraph graph = Networks.twoInputGraph(2, 4, 3, dpn(precision, GradientMode.DETACHED),
                DataType.DOUBLE, new Adam(1e-2));
        INDArray[] x = {Networks.features(6, 2, DataType.DOUBLE, 1), Networks.features(6, 2, DataType.DOUBLE, 2)};
        MultiDataSet data = new MultiDataSet(x, new INDArray[]{Networks.labels(6, 3, DataType.DOUBLE)});
        graph.fit(data);
        File file = dir.resolve("cg.zip").toFile();
        ModelSerializer.writeModel(graph, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);

        assertEquals(graph.getConfiguration().toJson(), restored.getConfiguration().toJson());
        assertEquals(graph.params(), restored.params());
        assertEquals(graph.outputSingle(x), restored.outputSingle(x));
        graph.fit(data);
        restored.fit(data);
        assertEquals(graph.params(), restored.params());
    }

    @ParameterizedTest
    @EnumSource(GradientMode.class)
    void configurationJsonRoundTrip_keepsEverySetting(GradientMode mode) {
        MultiLayerConfiguration conf = Networks.denseDpnSoftmax(4, 5, 3, dpn(Precision.DIAGONAL, mode),
                DataType.FLOAT, new Adam(1e-3)).getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), back.toJson());
        assertEquals(conf.getConf(1).getLayer(), back.getConf(1).getLayer());
        DenoisingPotential restored = (DenoisingPotential) back.getConf(1).getLayer();
        assertEquals(5, restored.getNIn());
        assertEquals(mode, restored.getGradientMode());
        assertEquals(Precision.DIAGONAL, restored.getPrecision());
        assertEquals(false, restored.isNonNegativeStepSize());

        ComputationGraphConfiguration graphConf = Networks.dpnFirstGraph(3, 2, dpn(Precision.FULL, mode),
                DataType.FLOAT).getConfiguration();
        assertEquals(graphConf.toJson(), ComputationGraphConfiguration.fromJson(graphConf.toJson()).toJson());
    }
}
