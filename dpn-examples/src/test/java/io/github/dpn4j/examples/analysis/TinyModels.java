package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.Precision;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny untrained networks and synthetic data for the analysis tests (public: the CLI test uses them). */
public final class TinyModels {

    /** Network seed. */
    public static final long SEED = 12345;
    /** Classes of the synthetic labels. */
    public static final int CLASSES = 10;

    private TinyModels() {
    }

    /** @return a DPN layer config: k components, n steps, the given precision */
    public static DenoisingPotential dpn(int k, int n, Precision precision) {
        return new DenoisingPotential.Builder().components(k).steps(n).stepSize(0.05).precision(precision)
                .name("dpn").build();
    }

    private static NeuralNetConfiguration.Builder base(DataType dataType) {
        return new NeuralNetConfiguration.Builder().seed(SEED).dataType(dataType).updater(new NoOp())
                .weightInit(WeightInit.XAVIER);
    }

    private static OutputLayer softmax() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    /** DPN on the input {@code [B, d]} (layer 0), then softmax(10). */
    public static MultiLayerNetwork dpnFirst(int d, DenoisingPotential dpn, DataType dataType) {
        MultiLayerConfiguration conf = base(dataType).list().layer(dpn).layer(softmax())
                .setInputType(InputType.feedForward(d)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** dense(tanh, nIn -> width) -> DPN (layer 1) -> softmax(10). */
    public static MultiLayerNetwork denseDpn(int nIn, int width, DenoisingPotential dpn, DataType dataType) {
        MultiLayerConfiguration conf = base(dataType).list()
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build())
                .layer(dpn).layer(softmax())
                .setInputType(InputType.feedForward(nIn)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** dense(tanh, nIn -> width) -> softmax(10), no DPN. */
    public static MultiLayerNetwork plain(int nIn, int width, DataType dataType) {
        MultiLayerConfiguration conf = base(dataType).list()
                .layer(new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build())
                .layer(softmax())
                .setInputType(InputType.feedForward(nIn)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Graph: input "in" -> "dense" (tanh, width) -> "dpn" -> "out" softmax(10). */
    public static ComputationGraph denseDpnGraph(int nIn, int width, DenoisingPotential dpn, DataType dataType) {
        ComputationGraphConfiguration conf = base(dataType).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(nIn))
                .addLayer("dense", new DenseLayer.Builder().nOut(width).activation(Activation.TANH).build(), "in")
                .addLayer("dpn", dpn, "dense")
                .addLayer("out", softmax(), "dpn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /**
     * dense(tanh) branches "left" and "right" on the input, a {@code MergeVertex} "merged" to {@code [B, width]}, a
     * {@code PreprocessorVertex} "image" to {@code [B, 1, 1, width]}, then the DPN ("dpn", flattening the image) and
     * softmax(10) ("out").
     */
    public static ComputationGraph mergedImageGraph(int nIn, int width, DenoisingPotential dpn, DataType dataType) {
        ComputationGraphConfiguration conf = base(dataType).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.feedForward(nIn))
                .addLayer("left", new DenseLayer.Builder().nOut(width / 2).activation(Activation.TANH).build(), "in")
                .addLayer("right", new DenseLayer.Builder().nOut(width - width / 2).activation(Activation.TANH)
                        .build(), "in")
                .addVertex("merged", new MergeVertex(), "left", "right")
                .addVertex("image", new PreprocessorVertex(new FeedForwardToCnnPreProcessor(1, width, 1)), "merged")
                .addLayer("dpn", dpn, "image")
                .addLayer("out", softmax(), "dpn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** @return features uniform in [0, 1) {@code [rows, cols]} with class-dependent means, and one-hot labels cycling through 10 classes */
    public static DataSet data(int rows, int cols, DataType dataType, long seed) {
        INDArray features = Nd4j.getRandomFactory().getNewRandomInstance(seed).nextDouble(new long[]{rows, cols})
                .castTo(DataType.DOUBLE).muli(0.5);
        INDArray labels = Nd4j.zeros(dataType, rows, CLASSES);
        for (int i = 0; i < rows; i++) {
            int c = i % CLASSES;
            labels.putScalar(i, c, 1.0);
            // each class brightens its own block of columns, so the classes are (partly) separable
            for (int j = c; j < cols; j += CLASSES) {
                features.putScalar(i, j, features.getDouble(i, j) + 0.5);
            }
        }
        return new DataSet(features.castTo(dataType), labels);
    }

    /** @return class index of each example of one-hot labels */
    public static int[] classes(INDArray oneHot) {
        int[] c = new int[oneHot.rows()];
        INDArray argmax = oneHot.argMax(1);
        for (int i = 0; i < c.length; i++) {
            c[i] = argmax.getInt(i);
        }
        return c;
    }
}
