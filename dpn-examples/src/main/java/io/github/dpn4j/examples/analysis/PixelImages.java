package io.github.dpn4j.examples.analysis;

import java.awt.Color;

/**
 * Draws rows of a pixel matrix {@code [N, side·side]} as square images (row-major, as MNIST stores them), each
 * pixel enlarged to a {@code scale x scale} block.
 */
final class PixelImages {

    private final int side;
    private final int scale;

    /**
     * @param side  image height and width in pixels, {@code >= 1}
     * @param scale screen pixels per image pixel, {@code >= 1}
     */
    PixelImages(int side, int scale) {
        if (side < 1 || scale < 1) {
            throw new IllegalArgumentException("side and scale must be >= 1, got side " + side + ", scale " + scale);
        }
        this.side = side;
        this.scale = scale;
    }

    /** @return {@code side} when {@code width == side²} for some integer side, else 0 */
    static int sideOf(long width) {
        int side = (int) Math.round(Math.sqrt(width));
        return (long) side * side == width ? side : 0;
    }

    /** @return the drawn size of one image in screen pixels */
    int size() {
        return side * scale;
    }

    /**
     * Draws one image with its top-left corner at {@code (x, y)} and a frame around it.
     *
     * @param pixels {@code side·side} values, row-major
     * @param scale  colour of each value
     */
    void draw(Figure f, double[] pixels, ColourScale scale, int x, int y) {
        if (pixels.length != side * side) {
            throw new IllegalArgumentException("image must have " + side + " x " + side + " = " + side * side
                    + " pixels, got " + pixels.length);
        }
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                Color colour = scale.colour(pixels[r * side + c]);
                f.graphics().setColor(colour);
                f.graphics().fillRect(x + c * this.scale, y + r * this.scale, this.scale, this.scale);
            }
        }
        f.frame(x, y, size(), size());
    }
}
