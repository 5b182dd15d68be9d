package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** dense -> DPN -> softmax learns a small noisy 3-class problem, and the DPN and the layer before it both train. */
class LearningTest {

    private static final int CLASSES = 3;
    private static final int N_IN = 4;
    private static final int ROWS = 96;
    private static final int EPOCHS = 20;
    /** Chance is 1/3; the classes overlap a little, so a trained network should be well above it. */
    private static final double MIN_ACCURACY = 0.8;

    /** Three Gaussian blobs in 4-D, unit noise around centers 3 apart. */
    static DataSet blobs(long seed) {
        INDArray labels = Networks.labels(ROWS, CLASSES, DataType.FLOAT);
        INDArray centers = Nd4j.create(new float[][]{{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}});
        INDArray features = labels.mmul(centers).add(Networks.features(ROWS, N_IN, DataType.FLOAT, seed));
        return new DataSet(features, labels);
    }

    private static DenoisingPotential dpn(Precision precision) {
        return new DenoisingPotential.Builder().components(3).steps(2).precision(precision).name("dpn").build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void multiLayerNetworkLearns_andDpnAndLayerBelowChange(Precision precision) {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(N_IN, 6, CLASSES, dpn(precision), DataType.FLOAT,
                new Adam(5e-2));
        DataSet train = blobs(1);
        INDArray denseBefore = net.getLayer(0).params().dup();
        String[] keys = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C, DenoisingPotential.ALPHA};
        INDArray[] dpnBefore = new INDArray[keys.length];
        for (int i = 0; i < keys.length; i++) {
            dpnBefore[i] = net.getParam("1_" + keys[i]).dup();
        }
        for (int i = 0; i < EPOCHS; i++) {
            net.fit(train);
        }
        DataSet test = blobs(2);
        Evaluation eval = new Evaluation(CLASSES);
        eval.eval(test.getLabels(), net.output(test.getFeatures()));
        assertTrue(eval.accuracy() > MIN_ACCURACY, precision + ": accuracy " + eval.accuracy());
        assertNotEquals(denseBefore, net.getLayer(0).params());
        for (int i = 0; i < keys.length; i++) {
            assertNotEquals(dpnBefore[i], net.getParam("1_" + keys[i]), keys[i] + " did not train");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void computationGraphLearns(Precision precision) {
        ComputationGraph graph = Networks.twoInputGraph(N_IN / 2, 6, CLASSES, dpn(precision), DataType.FLOAT,
                new Adam(5e-2));
        DataSet train = blobs(1);
        MultiDataSet split = split(train);
        INDArray dpnBefore = graph.getLayer("dpn").params().dup();
        for (int i = 0; i < EPOCHS; i++) {
            graph.fit(split);
        }
        DataSet test = blobs(2);
        INDArray predicted = graph.outputSingle(split(test).getFeatures());
        Evaluation eval = new Evaluation(CLASSES);
        eval.eval(test.getLabels(), predicted);
        assertTrue(eval.accuracy() > MIN_ACCURACY, precision + ": accuracy " + eval.accuracy());
        assertNotEquals(dpnBefore, graph.getLayer("dpn").params());
    }

    private static MultiDataSet split(DataSet data) {
        INDArray x = data.getFeatures();
        return new MultiDataSet(new INDArray[]{
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup(),
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)).dup()},
                new INDArray[]{data.getLabels()});
    }
}
