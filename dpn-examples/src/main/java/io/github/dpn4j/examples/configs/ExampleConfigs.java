package io.github.dpn4j.examples.configs;

import io.github.dpn4j.layer.DenoisingPotential;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Network configurations of the examples, for MNIST-shaped input: features {@code [B, 784]} float32
 * pixels in [0, 1], labels one-hot {@code [B, 10]}. Public so that the benchmarks build exactly the networks the
 * examples train.
 *
 * <p>All networks: float32, Adam({@link RunConfig#learningRate()}), Xavier initialisation seeded by
 * {@link RunConfig#seed()}, softmax output with multi-class cross entropy. The CNN ones declare
 * {@code InputType.convolutionalFlat(28, 28, 1)} so DL4J inserts the reshaping preprocessors; {@code seed}
 * declares {@code InputType.feedForward(784)}. The DPN layer's centers are not initialised here: call
 * {@code KMeansInit.fit(...)} on the built network before training.
 *
 * <p>Layer sequence of the CNN (5x5 kernels, stride 1, no padding; 2x2 max pooling, stride 2):
 * {@code conv(16) [B,16,24,24] → pool [B,16,12,12] → conv(32) [B,32,8,8] → pool [B,32,4,4] → dense(64) relu
 * [B,64] → DPN [B,64] → softmax [B,10]}.
 */
public final class ExampleConfigs {

    /** Default DPN mixture components k in every configuration: {@value}. */
    public static final int DEFAULT_COMPONENTS = 20;
    /** Default DPN ascent steps n of {@link ExampleConfig#SEED}: {@value}. */
    public static final int SEED_STEPS = 30;
    /** Default DPN ascent steps n of the CNN configurations: {@value}. */
    public static final int CNN_STEPS = 10;
    /** Input image height and width in pixels: {@value}. */
    public static final int IMAGE_SIZE = 28;
    /** Input width after flattening, {@code IMAGE_SIZE²}: {@value}. */
    public static final int INPUT_WIDTH = IMAGE_SIZE * IMAGE_SIZE;
    /** Number of classes: {@value}. */
    public static final int CLASSES = 10;
    /** Channels of the first convolution: {@value}. */
    public static final int CONV1_CHANNELS = 16;
    /** Channels of the second convolution: {@value}. */
    public static final int CONV2_CHANNELS = 32;
    /** Convolution kernel size (square): {@value}. */
    public static final int KERNEL = 5;
    /** Width of the dense layer that feeds the DPN layer: {@value}. */
    public static final int DENSE_WIDTH = 64;
    /** Index of the DPN layer in {@link #seed(RunConfig)}: {@value}. */
    public static final int SEED_POTENTIAL_LAYER = 0;
    /** Index of the DPN layer in {@link #cnnDpn(RunConfig)}: {@value}. */
    public static final int CNN_POTENTIAL_LAYER = 5;
    /** Name of the DPN layer (the vertex name in {@link #cnnDpnGraph(RunConfig)}): {@value}. */
    public static final String POTENTIAL_VERTEX = "dpn";
    /** Name of the graph's input: {@value}. */
    public static final String GRAPH_INPUT = "input";
    /** Name of the graph's output layer: {@value}. */
    public static final String GRAPH_OUTPUT = "output";

    private ExampleConfigs() {
    }

    /**
     * Configuration "A" ({@link ExampleConfig#SEED}): {@code [B,784] → DPN(784, k, n) → softmax [B,10]}.
     * <b>FULL precision costs about 4·B·k·d²·n FLOPs per forward batch (1.9e11 at B=128, k=20, d=784, n=30) and
     * holds k·d² = 12.3M precision parameters</b>; {@code Precision.DIAGONAL} costs O(B·k·d·n).
     *
     * @param run the run's settings (network part: seed, learning rate, k, n, precision, gradient mode, learned alpha)
     * @return the configuration, DPN at layer {@value #SEED_POTENTIAL_LAYER}
     */
    public static MultiLayerConfiguration seed(RunConfig run) {
        return base(run).list()
                .layer(potential(run).nIn(INPUT_WIDTH).build())
                .layer(output().nIn(INPUT_WIDTH).build())
                .setInputType(InputType.feedForward(INPUT_WIDTH))
                .build();
    }

    /**
     * Configuration "B" ({@link ExampleConfig#CNN_DPN}): the CNN with a DPN(64, k, n) between dense(64) and the
     * softmax.
     *
     * @param run the run's settings (network part: seed, learning rate, k, n, precision, gradient mode, learned alpha)
     * @return the configuration, DPN at layer {@value #CNN_POTENTIAL_LAYER}
     */
    public static MultiLayerConfiguration cnnDpn(RunConfig run) {
        NeuralNetConfiguration.ListBuilder list = cnnLayers(base(run).list());
        return list.layer(potential(run).build())
                .layer(output().build())
                .setInputType(InputType.convolutionalFlat(IMAGE_SIZE, IMAGE_SIZE, 1))
                .build();
    }

    /**
     * Configuration "C" ({@link ExampleConfig#CNN}), the baseline: {@link #cnnDpn(RunConfig)} without the DPN.
     *
     * @param run the run's settings (network part: seed, learning rate; k, n, precision are ignored)
     * @return the configuration
     */
    public static MultiLayerConfiguration cnn(RunConfig run) {
        return cnnLayers(base(run).list())
                .layer(output().build())
                .setInputType(InputType.convolutionalFlat(IMAGE_SIZE, IMAGE_SIZE, 1))
                .build();
    }

    /**
     * {@link #cnnDpn(RunConfig)} as a ComputationGraph ({@link ExampleConfig#CNN_DPN_GRAPH}): vertices
     * {@code input → conv1 → pool1 → conv2 → pool2 → dense → dpn → output}.
     *
     * @param run the run's settings (network part: seed, learning rate, k, n, precision, gradient mode, learned alpha)
     * @return the configuration, DPN vertex {@value #POTENTIAL_VERTEX}
     */
    public static ComputationGraphConfiguration cnnDpnGraph(RunConfig run) {
        return base(run).graphBuilder()
                .addInputs(GRAPH_INPUT)
                .setInputTypes(InputType.convolutionalFlat(IMAGE_SIZE, IMAGE_SIZE, 1))
                .addLayer("conv1", conv(CONV1_CHANNELS), GRAPH_INPUT)
                .addLayer("pool1", pool(), "conv1")
                .addLayer("conv2", conv(CONV2_CHANNELS), "pool1")
                .addLayer("pool2", pool(), "conv2")
                .addLayer("dense", dense(), "pool2")
                .addLayer(POTENTIAL_VERTEX, potential(run).build(), "dense")
                .addLayer(GRAPH_OUTPUT, output().build(), POTENTIAL_VERTEX)
                .setOutputs(GRAPH_OUTPUT)
                .build();
    }

    private static NeuralNetConfiguration.Builder base(RunConfig run) {
        return new NeuralNetConfiguration.Builder()
                .seed(run.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(run.learningRate()))
                .weightInit(WeightInit.XAVIER);
    }

    private static NeuralNetConfiguration.ListBuilder cnnLayers(NeuralNetConfiguration.ListBuilder list) {
        return list.layer(conv(CONV1_CHANNELS))
                .layer(pool())
                .layer(conv(CONV2_CHANNELS))
                .layer(pool())
                .layer(dense());
    }

    private static ConvolutionLayer conv(int channels) {
        return new ConvolutionLayer.Builder(KERNEL, KERNEL).stride(1, 1).nOut(channels)
                .activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static DenseLayer dense() {
        return new DenseLayer.Builder().nOut(DENSE_WIDTH).activation(Activation.RELU).build();
    }

    /**
     * The DPN layer of the configurations, {@code nIn} unset (inferred from the input type).
     *
     * @param run the run's settings (k, n, tolerance, precision, gradient mode, learned alpha)
     * @return its builder, named {@value #POTENTIAL_VERTEX}
     */
    public static DenoisingPotential.Builder potential(RunConfig run) {
        return new DenoisingPotential.Builder()
                .components(run.components())
                .steps(run.steps())
                .tolerance(run.tolerance())
                .precision(run.precision())
                .gradientMode(run.gradientMode())
                .learnStepSize(run.learnStepSize())
                .name(POTENTIAL_VERTEX);
    }

    private static OutputLayer.Builder output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                .activation(Activation.SOFTMAX);
    }
}
