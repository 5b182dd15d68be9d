package io.github.dpn4j.examples.denoise;

import io.github.dpn4j.layer.DenoisingScoreMatching;
import io.github.dpn4j.layer.NoiseConditionalPotential;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DPN front-end: a noise-conditional potential fitted to the clean training images by denoising score matching
 * ({@link DenoisingScoreMatching}), applied as one Tweedie step with a blind, per-image noise estimate
 * ({@link NoiseConditionalPotential#denoise(INDArray)}). A thin adapter: the math lives in {@code dpn-layer}.
 */
public final class PotentialDenoiser implements Denoiser {

    /** Default mixture components of the front-end: {@value}. */
    public static final int DEFAULT_COMPONENTS = 100;
    /** Default tolerated noise level s0, what the classifier behind already handles: {@value}. */
    public static final double DEFAULT_TOLERATED = 0.3;

    private final DenoisingScoreMatching.Result fit;

    private PotentialDenoiser(DenoisingScoreMatching.Result fit) {
        this.fit = fit;
    }

    /**
     * Fits the potential: k-means initialisation, then denoising score matching with the budget's epochs, learning
     * rate, noise range and seed (DenoisingScoreMatching's own minibatch size and corruption, Gaussian clipped to
     * [0, 1]), then the calibration of the noise estimate.
     *
     * @param clean      clean training images {@code [N, 784]} in [0, 1], N &gt;= components
     * @param training   the budget shared with the other front-ends
     * @param components mixture components k, &gt;= 1
     * @param tolerated  noise level s0 the step leaves in, &gt;= 0
     * @return the fitted front-end
     */
    public static PotentialDenoiser fit(INDArray clean, DenoiserTraining training, int components, double tolerated) {
        DenoisingScoreMatching.Options options = DenoisingScoreMatching.Options.builder()
                .components(components).epochs(training.epochs()).learningRate(training.learningRate())
                .sigmaMin(training.sigmaMin()).sigmaMax(training.sigmaMax()).tolerated(tolerated)
                .seed(training.seed()).build();
        return new PotentialDenoiser(DenoisingScoreMatching.fit(clean, options));
    }

    @Override
    public INDArray denoise(INDArray pixels) {
        return fit.potential().denoise(pixels);
    }

    /**
     * @param pixels images {@code [B, 784]}
     * @return the calibrated noise level estimated per image {@code [B]}
     */
    public INDArray noiseLevel(INDArray pixels) {
        return fit.potential().noiseLevel(pixels);
    }

    @Override
    public long numParams() {
        return fit.potential().parameters().values().stream().mapToLong(INDArray::length).sum();
    }

    /** @return the denoising-score-matching loss of every epoch */
    public double[] epochLosses() {
        return Arrays.copyOf(fit.epochLosses(), fit.epochLosses().length);
    }
}
