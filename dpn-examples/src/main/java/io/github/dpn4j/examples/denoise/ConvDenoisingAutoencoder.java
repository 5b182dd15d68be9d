package io.github.dpn4j.examples.denoise;

import io.github.dpn4j.examples.noise.NoisyDataSetIterator;
import io.github.dpn4j.examples.train.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A small convolutional denoising autoencoder (Vincent et al. 2008, "Extracting and composing robust features
 * with denoising autoencoders"), the baseline front-end of {@code ./dpn compare}: trained to map corrupted images
 * to the clean ones, then put in front of an unchanged classifier.
 *
 * <p>Network (3x3 kernels, "same" padding, float32, Xavier, Adam), 18,817 parameters:
 * {@code [B,784] → conv(16) relu [B,16,28,28] → conv(32, stride 2) relu [B,32,14,14] → conv(32) relu
 * [B,32,14,14] → deconv(16, stride 2) relu [B,16,28,28] → conv(1) linear [B,1,28,28] → [B,784]}, loss: mean
 * squared error against the clean image (DL4J's {@code MSE}: mean over the 784 pixels, averaged over the batch).
 * {@link #denoise} clips the output to [0, 1].
 *
 * <p>The output is linear, not a sigmoid: with a sigmoid under the squared error, the first steps push every
 * pixel towards the black background, the sigmoid saturates and its gradient vanishes, and the network stays a
 * constant black image (measured: loss stuck at the clean images' mean square, 0.113, for 10 epochs).
 *
 * <p><b>Trained on Gaussian noise only</b> ({@link DenoiserTraining#corruption()}); other corruptions (salt and
 * pepper, occlusion) are outside what it learned.
 */
public final class ConvDenoisingAutoencoder implements Denoiser {

    /** The layers in words, for reports: {@value}. */
    public static final String LAYERS = "conv(16) → conv(32, stride 2) → conv(32) → deconv(16, stride 2) → "
            + "conv(1) linear, clipped to [0, 1], 3x3 kernels";
    /** Channels of the full-resolution convolutions: {@value}. */
    public static final int CHANNELS = 16;
    /** Channels at half resolution: {@value}. */
    public static final int HALF_RESOLUTION_CHANNELS = 32;
    /** Kernel side: {@value}. */
    public static final int KERNEL = 3;
    /** Image side: {@value}. */
    public static final int SIDE = 28;

    private final MultiLayerNetwork network;
    private final DenoiserTraining training;

    private ConvDenoisingAutoencoder(MultiLayerNetwork network, DenoiserTraining training) {
        this.network = network;
        this.training = training;
    }

    /**
     * @param training its learning rate and seed are used
     * @return the network configuration described in the class documentation
     */
    public static MultiLayerConfiguration configuration(DenoiserTraining training) {
        return new NeuralNetConfiguration.Builder()
                .seed(training.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(training.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(conv(CHANNELS, 1, Activation.RELU))
                .layer(conv(HALF_RESOLUTION_CHANNELS, 2, Activation.RELU))
                .layer(conv(HALF_RESOLUTION_CHANNELS, 1, Activation.RELU))
                .layer(new Deconvolution2D.Builder(KERNEL, KERNEL).stride(2, 2).nOut(CHANNELS)
                        .activation(Activation.RELU).build())
                .layer(conv(1, 1, Activation.IDENTITY))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
                .build();
    }

    private static ConvolutionLayer conv(int channels, int stride, Activation activation) {
        return new ConvolutionLayer.Builder(KERNEL, KERNEL).stride(stride, stride).nOut(channels)
                .activation(activation).build();
    }

    /**
     * @param training the budget; its seed initialises the parameters
     * @return an untrained autoencoder
     */
    public static ConvDenoisingAutoencoder create(DenoiserTraining training) {
        Nd4j.getRandom().setSeed(training.seed());
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(training));
        network.init();
        return new ConvDenoisingAutoencoder(network, training);
    }

    /**
     * Trains on corrupted copies of clean images, the clean image as target: {@link DenoiserTraining#epochs()}
     * epochs of shuffled minibatches with fresh noise each epoch, all fixed by {@link DenoiserTraining#seed()}.
     *
     * @param clean    clean training images {@code [N, 784]} in [0, 1], N &gt;= 1; copied
     * @param progress where to draw a bar per epoch
     * @return mean training loss of every epoch
     * @throws IllegalStateException if the loss becomes NaN or infinite, naming the epoch and batch
     */
    public List<Double> fit(INDArray clean, Progress progress) {
        checkPixels(clean);
        // features and labels are both the clean images; the iterator corrupts the features only
        NoisyDataSetIterator batches = new NoisyDataSetIterator(new DataSet(clean, clean), training.batchSize(),
                training.corruption(), training.seed(), true);
        List<Double> losses = new ArrayList<>();
        for (int epoch = 1; epoch <= training.epochs(); epoch++) {
            batches.reset();
            double sum = 0;
            long seen = 0;
            int batch = 0;
            try (Progress.Bar bar = progress.start(String.format(Locale.ROOT, "autoencoder epoch %d/%d", epoch,
                    training.epochs()), clean.rows())) {
                while (batches.hasNext()) {
                    DataSet ds = batches.next();
                    network.fit(ds);
                    batch++;
                    double loss = network.score();
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("denoising autoencoder diverged: loss " + loss + " at epoch "
                                + epoch + ", batch " + batch);
                    }
                    sum += loss * ds.numExamples();
                    seen += ds.numExamples();
                    bar.stepBy(ds.numExamples());
                    bar.message(String.format(Locale.ROOT, "loss %.5f", sum / seen));
                }
            }
            losses.add(sum / seen);
        }
        return losses;
    }

    /**
     * @param noisy corrupted images {@code [B, 784]}
     * @param clean the clean images {@code [B, 784]}
     * @return the training loss on them (mean squared error per pixel), without updating anything
     */
    public double loss(INDArray noisy, INDArray clean) {
        checkPixels(noisy);
        return network.score(new DataSet(noisy, clean), false);
    }

    @Override
    public INDArray denoise(INDArray pixels) {
        checkPixels(pixels);
        INDArray out = network.output(pixels, false);
        return Transforms.min(Transforms.max(out, 0.0, false), 1.0, false);
    }

    @Override
    public long numParams() {
        return network.numParams();
    }

    /** @return the underlying network (not a copy) */
    public MultiLayerNetwork network() {
        return network;
    }

    private static void checkPixels(INDArray pixels) {
        if (pixels.rank() != 2 || pixels.columns() != (long) SIDE * SIDE || pixels.rows() < 1) {
            throw new IllegalArgumentException("denoising autoencoder expects pixels [B, " + SIDE * SIDE
                    + "] with B >= 1, got " + Arrays.toString(pixels.shape()));
        }
    }
}
