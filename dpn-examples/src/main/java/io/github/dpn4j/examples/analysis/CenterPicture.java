package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.Potential;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The centers {@code mu_i} of a DPN on pixels, each drawn as a {@code side x side} image on a common grey scale
 * (black = the smallest value over all centers, white = the largest), with its mixture weight and the digit its
 * responsibility mostly covers. Only for DPN layers whose width is a square ({@code 784 = 28²}).
 */
public final class CenterPicture {

    /** Screen pixels per image pixel: {@value}. */
    public static final int SCALE = 4;
    /** Images per grid row: {@value}. */
    public static final int COLUMNS = 5;

    private static final int CAPTION = 34;
    private static final int GAP = 14;
    private static final int BAR_SPACE = 110;

    private CenterPicture() {
    }

    /**
     * @param potential a DPN layer's potential
     * @return true if the layer's width is a square ({@code d = side²}), so that its centers can be drawn as images
     */
    public static boolean applies(Potential potential) {
        return PixelImages.sideOf(potential.dimensions()) > 0;
    }

    /**
     * @param potential   a DPN whose width is a square
     * @param composition class composition of its components (captions name the dominant digit), or null
     * @param title       picture title
     * @param png         target file
     * @return the picture's width and height in pixels
     * @throws IllegalArgumentException if the width is not a square
     * @throws IOException              on write errors
     */
    public static int[] write(Potential potential, CenterComposition composition, String title, Path png)
            throws IOException {
        int side = PixelImages.sideOf(potential.dimensions());
        if (side == 0) {
            throw new IllegalArgumentException("centers can be drawn as images only for a square width, got d = "
                    + potential.dimensions());
        }
        INDArray mu = potential.centers().castTo(DataType.DOUBLE);
        double[] weights = mixtureWeights(potential);
        int k = potential.components();
        PixelImages images = new PixelImages(side, SCALE);
        int columns = Math.min(COLUMNS, k);
        int gridRows = (k + columns - 1) / columns;
        int cell = images.size() + GAP;
        int width = Math.max(columns * cell + GAP + BAR_SPACE, 560);
        int height = Figure.TITLE_HEIGHT + 24 + gridRows * (cell + CAPTION);
        Figure f = new Figure(width, height, title);
        f.text("each tile: component i, mixture weight w_i = exp(c_i) / sum exp(c), dominant digit (share of its "
                + "responsibility)", width / 2, Figure.TITLE_HEIGHT + 10, Figure.SMALL_FONT, Color.DARK_GRAY);
        ColourScale scale = new ColourScale(mu.minNumber().doubleValue(), mu.maxNumber().doubleValue(),
                ColourScale.Palette.GREY);
        for (int i = 0; i < k; i++) {
            int x = GAP + (i % columns) * cell;
            int y = Figure.TITLE_HEIGHT + 24 + (i / columns) * (cell + CAPTION);
            images.draw(f, mu.getRow(i).toDoubleVector(), scale, x, y);
            int mid = x + images.size() / 2;
            f.text(String.format(Locale.ROOT, "%d: w=%.3f", i, weights[i]), mid, y + images.size() + 13,
                    Figure.SMALL_FONT, Color.BLACK);
            if (composition != null) {
                int digit = composition.dominantClass(i);
                f.text(String.format(Locale.ROOT, "digit %d (%.0f%%)", digit, 100 * composition.share(i, digit)),
                        mid, y + images.size() + 26, Figure.SMALL_FONT, Figure.classColour(digit).darker());
            }
        }
        scale.drawBar(f, columns * cell + GAP, Figure.TITLE_HEIGHT + 24, 16,
                Math.min(300, gridRows * (cell + CAPTION) - CAPTION), "center pixel value mu_ij");
        f.write(png);
        return new int[]{width, height};
    }

    /** @return normalised mixture weights {@code exp(c_i) / sum_j exp(c_j)} {@code [k]}, max-subtracted */
    static double[] mixtureWeights(Potential potential) {
        double[] c = potential.logWeights().castTo(DataType.DOUBLE).toDoubleVector();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : c) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] w = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            w[i] = Math.exp(c[i] - max);
            sum += w[i];
        }
        for (int i = 0; i < c.length; i++) {
            w[i] /= sum;
        }
        return w;
    }
}
