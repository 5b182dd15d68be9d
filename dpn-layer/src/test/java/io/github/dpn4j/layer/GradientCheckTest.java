package io.github.dpn4j.layer;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's numerical gradient check, float64, NoOp updater, wherever the layer's gradient is exact (docs/design.md, "Gradients"):
 * FULL gradient mode with a layer below and n = 2, so the layers below are checked too; DETACHED mode with n = 1 and
 * the DPN first, the one setting where DETACHED is the true derivative.
 */
class GradientCheckTest {

    private static final int N_IN = 2;
    private static final int D = 3;
    private static final int K = 2;
    private static final int CLASSES = 2;

    static DenoisingPotential dpn(Precision precision, GradientMode mode, int steps) {
        return new DenoisingPotential.Builder().components(K).steps(steps).stepSize(0.3).precision(precision)
                .gradientMode(mode).name("dpn").build();
    }

    /** Moves the parameters off their symmetric defaults (A = I, c = 0) so every term of the gradient matters. */
    static void perturb(Layer layer, long seed) {
        for (String key : new String[]{DenoisingPotential.A, DenoisingPotential.C, DenoisingPotential.MU}) {
            INDArray p = layer.getParam(key);
            INDArray noise = Networks.features(1, p.length(), DataType.DOUBLE, seed++).reshape(p.shape());
            layer.setParam(key, p.add(noise.mul(0.3)));
        }
    }

    @ParameterizedTest
    @CsvSource({"FULL, 1", "FULL, 3", "DIAGONAL, 1", "DIAGONAL, 3"})
    void multiLayerNetwork_fullGradientMode_checksLayerBelowToo(Precision precision, int minibatch) {
        MultiLayerNetwork net = Networks.denseDpnSoftmax(N_IN, D, CLASSES, dpn(precision, GradientMode.FULL, 2),
                DataType.DOUBLE, new NoOp());
        perturb(net.getLayer(1), 7);
        INDArray x = Networks.features(minibatch, N_IN, DataType.DOUBLE, 1);
        INDArray y = Networks.labels(minibatch, CLASSES, DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(mln(net, x, y)),
                "gradient check failed: " + precision + ", minibatch " + minibatch);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void multiLayerNetwork_detachedSingleStep_dpnFirst(Precision precision) {
        MultiLayerNetwork net = Networks.dpnSoftmax(D, CLASSES, dpn(precision, GradientMode.DETACHED, 1),
                DataType.DOUBLE);
        perturb(net.getLayer(0), 11);
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 2);
        INDArray y = Networks.labels(3, CLASSES, DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(mln(net, x, y)), "gradient check failed: " + precision);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void computationGraph_twoInputsMerged_fullGradientMode(Precision precision) {
        ComputationGraph graph = Networks.twoInputGraph(N_IN, D, CLASSES, dpn(precision, GradientMode.FULL, 2),
                DataType.DOUBLE, new NoOp());
        perturb(graph.getLayer("dpn"), 13);
        INDArray left = Networks.features(3, N_IN, DataType.DOUBLE, 3);
        INDArray right = Networks.features(3, N_IN, DataType.DOUBLE, 4);
        INDArray y = Networks.labels(3, CLASSES, DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(graph(graph, new INDArray[]{left, right}, y)),
                "gradient check failed: " + precision);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void computationGraph_detachedSingleStep_dpnFirst(Precision precision) {
        ComputationGraph graph = Networks.dpnFirstGraph(D, CLASSES, dpn(precision, GradientMode.DETACHED, 1),
                DataType.DOUBLE);
        perturb(graph.getLayer("dpn"), 17);
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 5);
        INDArray y = Networks.labels(3, CLASSES, DataType.DOUBLE);
        assertTrue(GradientCheckUtil.checkGradients(graph(graph, new INDArray[]{x}, y)),
                "gradient check failed: " + precision);
    }

    private static GradientCheckUtil.MLNConfig mln(MultiLayerNetwork net, INDArray x, INDArray y) {
        return new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(Tolerances.GRADIENT_CHECK_EPSILON).maxRelError(Tolerances.GRADIENT_CHECK_MAX_RELATIVE_ERROR)
                .minAbsoluteError(Tolerances.GRADIENT_CHECK_MIN_ABSOLUTE_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY);
    }

    private static GradientCheckUtil.GraphConfig graph(ComputationGraph graph, INDArray[] x, INDArray y) {
        return new GradientCheckUtil.GraphConfig().net(graph).inputs(x).labels(new INDArray[]{y})
                .epsilon(Tolerances.GRADIENT_CHECK_EPSILON).maxRelError(Tolerances.GRADIENT_CHECK_MAX_RELATIVE_ERROR)
                .minAbsoluteError(Tolerances.GRADIENT_CHECK_MIN_ABSOLUTE_ERROR)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY);
    }

    static {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }
}
