package io.github.dpn4j.examples.noise;

import java.util.SplittableRandom;

/**
 * The identity: returns an unchanged copy of the pixels (same shape and data type), so that clean runs go
 * through the same code path as noisy ones. Spec {@value #NAME}.
 */
public final class NoNoise extends PixelNoise {

    /** Spec of this noise, {@value}. */
    public static final String NAME = "none";

    /** Creates the identity noise; all instances are equal. */
    public NoNoise() {
    }

    @Override
    void corrupt(double[] pixels, int rows, int columns, SplittableRandom random) {
        // nothing to corrupt: the copy made by PixelNoise is the result
    }

    @Override
    public String describe() {
        return NAME;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoNoise;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }
}
