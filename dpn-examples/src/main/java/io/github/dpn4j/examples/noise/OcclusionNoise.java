package io.github.dpn4j.examples.noise;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.github.dpn4j.examples.data.MnistData;

/**
 * Occlusion: in each 28x28 image, one square patch of {@code side x side} pixels, placed uniformly at random
 * and entirely inside the image, is set to 0 (black). Spec {@code occlusion:<side>}, e.g. {@code occlusion:10}.
 *
 * <p><b>Only for images of {@value MnistData#IMAGE_SIDE}x{@value MnistData#IMAGE_SIDE} pixels</b>, i.e.
 * inputs {@code [N, 784]} with each row in row-major order.
 */
public final class OcclusionNoise extends PixelNoise {

    /** Spec name of this noise, {@value}. */
    public static final String NAME = "occlusion";

    private static final int IMAGE_SIDE = MnistData.IMAGE_SIDE;

    private final int side;

    /**
     * @param side side of the square patch, in pixels, {@code 1..28}
     */
    public OcclusionNoise(int side) {
        if (side < 1 || side > IMAGE_SIDE) {
            throw new IllegalArgumentException("occlusion side must be in 1.." + IMAGE_SIDE + " pixels, got " + side);
        }
        this.side = side;
    }

    /**
     * @return side of the square patch, in pixels, {@code 1..28}
     */
    public int side() {
        return side;
    }

    @Override
    void checkColumns(long columns) {
        if (columns != (long) IMAGE_SIDE * IMAGE_SIDE) {
            throw new IllegalArgumentException(describe() + " expects " + IMAGE_SIDE + "x" + IMAGE_SIDE + " images, i.e. "
                    + IMAGE_SIDE * IMAGE_SIDE + " columns, got " + columns);
        }
    }

    @Override
    void corrupt(double[] pixels, int rows, int columns, SplittableRandom random) {
        int positions = IMAGE_SIDE - side + 1;
        for (int image = 0; image < rows; image++) {
            int top = random.nextInt(positions);
            int left = random.nextInt(positions);
            for (int y = top; y < top + side; y++) {
                int start = image * columns + y * IMAGE_SIDE + left;
                Arrays.fill(pixels, start, start + side, 0);
            }
        }
    }

    @Override
    public String describe() {
        return NAME + ":" + side;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OcclusionNoise && ((OcclusionNoise) other).side == side;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(side);
    }
}
