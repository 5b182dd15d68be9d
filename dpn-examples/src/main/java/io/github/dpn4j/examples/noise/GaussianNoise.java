package io.github.dpn4j.examples.noise;

import java.util.SplittableRandom;

/**
 * Additive Gaussian noise, clipped: {@code x' = clip(x + sigma * z, 0, 1)} with {@code z ~ N(0, 1)}
 * independent per pixel. Spec {@code gaussian:<sigma>}, e.g. {@code gaussian:0.3}.
 *
 * <p>Normals come from the Box-Muller transform of two {@link SplittableRandom} uniforms, computed with
 * {@link StrictMath} so that a seed gives the same pixels on every JVM.
 *
 * <p><b>Because of clipping, the noise actually added has a mean and spread that depend on the pixel</b>: on
 * black (0) or white (1) pixels half of the draws are cut off.
 */
public final class GaussianNoise extends PixelNoise {

    /** Spec name of this noise, {@value}. */
    public static final String NAME = "gaussian";

    private final double sigma;

    /**
     * @param sigma standard deviation of the added noise, in units of the {@code [0, 1]} pixel range; finite and
     *              {@code >= 0} ({@code 0} only clips)
     */
    public GaussianNoise(double sigma) {
        if (!Double.isFinite(sigma) || sigma < 0) {
            throw new IllegalArgumentException("sigma must be finite and >= 0, got " + sigma);
        }
        this.sigma = sigma;
    }

    /**
     * @return standard deviation of the added noise, in units of the {@code [0, 1]} pixel range
     */
    public double sigma() {
        return sigma;
    }

    @Override
    void corrupt(double[] pixels, int rows, int columns, SplittableRandom random) {
        addClipped(pixels, 0, pixels.length, sigma, random);
    }

    /**
     * Adds {@code sigma * z} to {@code pixels[from, to)} and clips to [0, 1]; shared with
     * {@link GaussianRangeNoise} so that both draw normals the same way.
     *
     * @param pixels values, changed in place
     * @param from   first index, inclusive
     * @param to     last index, exclusive
     * @param sigma  standard deviation, &gt;= 0
     * @param random source of the uniforms (two per pair of pixels)
     */
    static void addClipped(double[] pixels, int from, int to, double sigma, SplittableRandom random) {
        for (int i = from; i < to; i += 2) {
            // Box-Muller: r = sqrt(-2 ln u1), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2); u1 = 1 - U in (0, 1]
            double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
            double angle = 2 * StrictMath.PI * random.nextDouble();
            pixels[i] = clip(pixels[i] + sigma * radius * StrictMath.cos(angle));
            if (i + 1 < to) {
                pixels[i + 1] = clip(pixels[i + 1] + sigma * radius * StrictMath.sin(angle));
            }
        }
    }

    private static double clip(double value) {
        return Math.min(1, Math.max(0, value));
    }

    @Override
    public String describe() {
        return NAME + ":" + sigma;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GaussianNoise && Double.compare(((GaussianNoise) other).sigma, sigma) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(sigma);
    }
}
