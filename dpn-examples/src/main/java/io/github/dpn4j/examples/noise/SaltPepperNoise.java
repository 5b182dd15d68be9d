package io.github.dpn4j.examples.noise;

import java.util.SplittableRandom;

/**
 * Salt-and-pepper noise: each pixel independently, with probability {@code fraction}, is replaced by 0
 * (pepper) or 1 (salt) with equal odds; other pixels are kept. Spec {@code saltpepper:<fraction>}, e.g.
 * {@code saltpepper:0.2}.
 *
 * <p>The number of replaced pixels per image is binomial, {@code fraction * P} on average; a replaced pixel
 * that already had the drawn value does not change.
 */
public final class SaltPepperNoise extends PixelNoise {

    /** Spec name of this noise, {@value}. */
    public static final String NAME = "saltpepper";

    private final double fraction;

    /**
     * @param fraction probability that a pixel is replaced by 0 or 1, in {@code [0, 1]}
     */
    public SaltPepperNoise(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
        }
        this.fraction = fraction;
    }

    /**
     * @return probability that a pixel is replaced by 0 or 1, in {@code [0, 1]}
     */
    public double fraction() {
        return fraction;
    }

    @Override
    void corrupt(double[] pixels, int rows, int columns, SplittableRandom random) {
        for (int i = 0; i < pixels.length; i++) {
            if (random.nextDouble() < fraction) {
                pixels[i] = random.nextBoolean() ? 1 : 0;
            }
        }
    }

    @Override
    public String describe() {
        return NAME + ":" + fraction;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SaltPepperNoise && Double.compare(((SaltPepperNoise) other).fraction, fraction) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(fraction);
    }
}
