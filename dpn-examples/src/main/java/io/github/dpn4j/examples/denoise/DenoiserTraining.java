package io.github.dpn4j.examples.denoise;

import io.github.dpn4j.examples.noise.GaussianRangeNoise;
import java.util.Locale;

/**
 * The budget and corruption a denoising front-end is trained with, the same for every front-end so that the
 * comparison is fair: clean training images corrupted by Gaussian noise with {@code sigma ~ U[sigmaMin, sigmaMax]}
 * per image, clipped to [0, 1] ({@link GaussianRangeNoise}), fresh every epoch; Adam; target the clean image.
 *
 * @param epochs       passes over the training images, &gt;= 0 (default {@value #DEFAULT_EPOCHS})
 * @param batchSize    images per minibatch, &gt;= 1 (default {@value #DEFAULT_BATCH_SIZE})
 * @param learningRate Adam learning rate, &gt; 0 (default {@value #DEFAULT_LEARNING_RATE})
 * @param sigmaMin     smallest training noise level, &gt;= 0 (default {@value #DEFAULT_SIGMA_MIN})
 * @param sigmaMax     largest training noise level, &gt;= sigmaMin (default {@value #DEFAULT_SIGMA_MAX})
 * @param seed         seed of the initialisation, the shuffling and the training noise
 */
public record DenoiserTraining(int epochs, int batchSize, double learningRate, double sigmaMin, double sigmaMax,
                               long seed) {

    /** Default training epochs of a front-end: {@value}. */
    public static final int DEFAULT_EPOCHS = 10;
    /** Default minibatch size: {@value}. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default Adam learning rate: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default smallest training noise level: {@value}. */
    public static final double DEFAULT_SIGMA_MIN = 0.05;
    /** Default largest training noise level: {@value}. */
    public static final double DEFAULT_SIGMA_MAX = 1.0;

    /**
     * @throws IllegalArgumentException naming the first invalid value
     */
    public DenoiserTraining {
        if (epochs < 0) {
            throw new IllegalArgumentException("front-end epochs must be >= 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("front-end batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("front-end learning rate must be finite and > 0, got " + learningRate);
        }
        if (!(sigmaMin >= 0) || !(sigmaMax >= sigmaMin) || !Double.isFinite(sigmaMax)) {
            throw new IllegalArgumentException("front-end noise range must satisfy 0 <= sigma min <= sigma max, got "
                    + sigmaMin + " and " + sigmaMax);
        }
    }

    /**
     * @param seed the seed
     * @return every default, with this seed
     */
    public static DenoiserTraining defaults(long seed) {
        return new DenoiserTraining(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SIGMA_MIN,
                DEFAULT_SIGMA_MAX, seed);
    }

    /** @return the training corruption, {@code gaussian:<sigmaMin>-<sigmaMax>} */
    public GaussianRangeNoise corruption() {
        return new GaussianRangeNoise(sigmaMin, sigmaMax);
    }

    /**
     * @return the budget and corruption, without the minibatch size and the seed (score matching uses its own
     *         minibatches), e.g. {@code 10 epochs, Adam 0.001, noise gaussian:0.05-1.0}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d epochs, Adam %s, noise %s", epochs, learningRate,
                corruption().describe());
    }
}
