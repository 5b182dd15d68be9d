package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.HashMap;
import java.util.Map;

/** Tiny networks around a {@link DenoisingPotential} layer, shared by the layer tests. */
final class Networks {

    static final long SEED = 12345;

    private Networks() {
    }

    private static NeuralNetConfiguration.Builder base(DataType dataType, IUpdater updater) {
        return new NeuralNetConfiguration.Builder().seed(SEED).dataType(dataType).updater(updater)
                .weightInit(WeightInit.XAVIER);
    }

    /** The DPN alone: {@code [B, d] -> [B, d]}. */
    static MultiLayerNetwork dpnOnly(DenoisingPotential dpn, DataType dataType) {
        return dpnOnly(dpn, dataType, WorkspaceMode.ENABLED);
    }

    /** The DPN alone, training and inference in DL4J workspace mode {@code workspaces}. */
    static MultiLayerNetwork dpnOnly(DenoisingPotential dpn, DataType dataType, WorkspaceMode workspaces) {
        MultiLayerConfiguration conf = base(dataType, new NoOp()).trainingWorkspaceMode(workspaces)
                .inferenceWorkspaceMode(workspaces).list()
                .layer(dpn)
                .setInputType(InputType.feedForward(dpn.getNIn() > 0 ? dpn.getNIn() : 4))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** dense(tanh, nIn -> d) -> DPN -> softmax(nOut): the DPN at index 1. */
    static MultiLayerNetwork denseDpnSoftmax(int nIn, int d, int nOut, DenoisingPotential dpn, DataType dataType,
                                             IUpdater updater) {
        MultiLayerConfiguration conf = base(dataType, updater).list()
                .layer(new DenseLayer.Builder().nOut(d).activation(Activation.TANH).build())
                .layer(dpn)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(nIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** DPN -> softmax(nOut): the DPN first, at index 0. */
    static MultiLayerNetwork dpnSoftmax(int d, int nOut, DenoisingPotential dpn, DataType dataType) {
        MultiLayerConfiguration conf = base(dataType, new NoOp()).list()
                .layer(dpn)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(d))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Two inputs, each through dense(tanh) to half of d, merged, then the DPN (named "dpn") and softmax(nOut).
     */
    static ComputationGraph twoInputGraph(int nInEach, int d, int nOut, DenoisingPotential dpn, DataType dataType,
                                          IUpdater updater) {
        ComputationGraphConfiguration conf = base(dataType, updater).graphBuilder()
                .addInputs("left", "right")
                .setInputTypes(InputType.feedForward(nInEach), InputType.feedForward(nInEach))
                .addLayer("denseLeft", new DenseLayer.Builder().nOut(d / 2).activation(Activation.TANH).build(), "left")
                .addLayer("denseRight", new DenseLayer.Builder().nOut(d - d / 2).activation(Activation.TANH).build(),
                        "right")
                .addLayer("dpn", dpn, "denseLeft", "denseRight")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                        .activation(Activation.SOFTMAX).build(), "dpn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /**
     * One input {@code [B, nIn]} through two dense(tanh) branches ("left" to {@code d/2}, "right" to the rest), joined
     * by a {@code MergeVertex} ("merged"), turned into a {@code [B, 1, 1, d]} image by a {@code PreprocessorVertex}
     * ("image"), then the DPN (named "dpn", flattening the image with its own preprocessor) and softmax(nOut): the
     * DPN's input is several non-layer vertices away from the last layer before it.
     */
    static ComputationGraph mergedImageGraph(int nIn, int d, int nOut, DenoisingPotential dpn, DataType dataType) {
        ComputationGraphConfiguration conf = base(dataType, new NoOp()).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(nIn))
                .addLayer("left", new DenseLayer.Builder().nOut(d / 2).activation(Activation.TANH).build(), "in")
                .addLayer("right", new DenseLayer.Builder().nOut(d - d / 2).activation(Activation.TANH).build(), "in")
                .addVertex("merged", new MergeVertex(), "left", "right")
                .addVertex("image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(1, d, 1)), "merged")
                .addLayer("dpn", dpn, "image")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                        .activation(Activation.SOFTMAX).build(), "dpn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** One input straight into the DPN (named "dpn"), then softmax(nOut). */
    static ComputationGraph dpnFirstGraph(int d, int nOut, DenoisingPotential dpn, DataType dataType) {
        ComputationGraphConfiguration conf = base(dataType, new NoOp()).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(d))
                .addLayer("dpn", dpn, "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                        .activation(Activation.SOFTMAX).build(), "dpn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** Random features {@code N(0, 1)} with a fixed seed. */
    static INDArray features(long rows, long cols, DataType dataType, long seed) {
        return Nd4j.getRandomFactory().getNewRandomInstance(seed).nextGaussian(new long[]{rows, cols})
                .castTo(dataType);
    }

    /**
     * Seeded float64 parameters of a {@code k}-component potential on {@code d} features: centers {@code N(0, 1)},
     * factors the identity plus {@code 0.3·N(0, 1)} (FULL) or {@code 1 + 0.3·N(0, 1)} (DIAGONAL), log-weights
     * {@code 0.5·N(0, 1)}, and the given step size. The map is mutable.
     */
    static Map<String, INDArray> parameters(Precision precision, int k, int d, double stepSize, long seed) {
        INDArray factors = precision == Precision.FULL
                ? Nd4j.eye(d).castTo(DataType.DOUBLE).reshape(1, d, d).repeat(0, k)
                .add(features((long) k * d, d, DataType.DOUBLE, seed).reshape(k, d, d).mul(0.3))
                : features(k, d, DataType.DOUBLE, seed).mul(0.3).add(1.0);
        Map<String, INDArray> p = new HashMap<>();
        p.put(DenoisingPotential.MU, features(k, d, DataType.DOUBLE, seed + 1));
        p.put(DenoisingPotential.A, factors);
        p.put(DenoisingPotential.C, features(1, k, DataType.DOUBLE, seed + 2).mul(0.5));
        p.put(DenoisingPotential.ALPHA, Nd4j.valueArrayOf(new long[]{1, 1}, stepSize, DataType.DOUBLE));
        return p;
    }

    /** One-hot labels cycling through the classes. */
    static INDArray labels(long rows, int classes, DataType dataType) {
        INDArray labels = Nd4j.zeros(dataType, rows, classes);
        for (int i = 0; i < rows; i++) {
            labels.putScalar(i, i % classes, 1.0);
        }
        return labels;
    }
}
