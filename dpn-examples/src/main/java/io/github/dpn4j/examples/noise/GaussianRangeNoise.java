package io.github.dpn4j.examples.noise;

import java.util.SplittableRandom;

/**
 * Additive Gaussian noise whose level varies from image to image: for each image (row) a standard deviation
 * {@code s ~ U[min, max]} is drawn, then {@code x' = clip(x + s * z, 0, 1)} with {@code z ~ N(0, 1)} per pixel,
 * exactly as {@link GaussianNoise} at {@code sigma = s}. Spec {@code gaussian:<min>-<max>}, e.g.
 * {@code gaussian:0.1-1} (the noise-augmented CNN of {@code ./dpn compare}).
 *
 * <p>Draws, all from the one seeded {@link SplittableRandom}, in this order per image: one uniform for
 * {@code s}, then the image's normals.
 */
public final class GaussianRangeNoise extends PixelNoise {

    private final double min;
    private final double max;

    /**
     * @param min smallest standard deviation, finite and {@code >= 0}, in units of the {@code [0, 1]} pixel range
     * @param max largest standard deviation, finite and {@code >= min}
     */
    public GaussianRangeNoise(double min, double max) {
        if (!Double.isFinite(min) || min < 0 || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("sigma range must be finite with 0 <= min <= max, got min " + min
                    + ", max " + max);
        }
        this.min = min;
        this.max = max;
    }

    /** @return smallest standard deviation */
    public double min() {
        return min;
    }

    /** @return largest standard deviation */
    public double max() {
        return max;
    }

    /**
     * @param random the generator positioned at the image's first draw
     * @return the image's standard deviation, in {@code [min, max)}
     */
    private double drawSigma(SplittableRandom random) {
        return min + (max - min) * random.nextDouble();
    }

    @Override
    void corrupt(double[] pixels, int rows, int columns, SplittableRandom random) {
        for (int r = 0; r < rows; r++) {
            GaussianNoise.addClipped(pixels, r * columns, (r + 1) * columns, drawSigma(random), random);
        }
    }

    @Override
    public String describe() {
        return GaussianNoise.NAME + ":" + min + "-" + max;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GaussianRangeNoise g && Double.compare(g.min, min) == 0
                && Double.compare(g.max, max) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(min) + Double.hashCode(max);
    }
}
