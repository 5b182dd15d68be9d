package io.github.dpn4j.examples.analysis;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Denoising examples: one column per example, rows "clean", "noisy" and, for a DPN on pixels, "after the DPN
 * ascent" of the noisy image (the layer's output, {@code Trajectory.point(n)}). Under each image the class the
 * network predicts for it where known (green when right, red when wrong). Grey scale fixed to {@code [0, 1]}
 * (the pixel range; ascended values outside it are clipped).
 */
public final class DenoisingPicture {

    /** Screen pixels per image pixel: {@value}. */
    public static final int SCALE = 3;

    private static final int GAP = 12;
    private static final int LABEL_COLUMN = 150;
    private static final int CAPTION = 18;
    private static final int BAR_SPACE = 100;

    private DenoisingPicture() {
    }

    /**
     * One row of the picture.
     *
     * @param name      row label, e.g. "noisy (gaussian:0.3)"
     * @param pixels    images {@code [M, side²]}
     * @param predicted the network's class for each image {@code [M]}, or null for no caption
     */
    public record Row(String name, INDArray pixels, int[] predicted) {
    }

    /**
     * @param rows    rows of images of the same {@code M} examples, at least one
     * @param classOf true class of each example {@code [M]}
     * @param title   picture title
     * @param png     target file
     * @return the picture's width and height in pixels
     * @throws IllegalArgumentException naming the shapes if a row is not {@code [M, side²]}
     * @throws IOException              on write errors
     */
    public static int[] write(List<Row> rows, int[] classOf, String title, Path png) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("need at least one row of images, got none");
        }
        int side = PixelImages.sideOf(rows.get(0).pixels().columns());
        int m = classOf.length;
        for (Row r : rows) {
            if (side == 0 || r.pixels().rows() != m || r.pixels().columns() != (long) side * side) {
                throw new IllegalArgumentException("row '" + r.name() + "' must have shape [" + m + ", side²], got ["
                        + r.pixels().rows() + ", " + r.pixels().columns() + "]");
            }
        }
        PixelImages images = new PixelImages(side, SCALE);
        int cell = images.size() + GAP;
        int width = LABEL_COLUMN + m * cell + BAR_SPACE;
        int top = Figure.TITLE_HEIGHT + 26;
        int height = top + rows.size() * (cell + CAPTION) + 10;
        Figure f = new Figure(width, height, title);
        List<String> digits = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            digits.add(Integer.toString(classOf[j]));
            f.text("digit " + classOf[j], LABEL_COLUMN + j * cell + images.size() / 2, top - 6, Figure.SMALL_FONT,
                    Color.BLACK);
        }
        ColourScale grey = new ColourScale(0, 1, ColourScale.Palette.GREY);
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            int y = top + r * (cell + CAPTION);
            f.textLeft(row.name(), 8, y + images.size() / 2 + 4, Figure.LABEL_FONT, Color.BLACK);
            double[][] pixels = row.pixels().castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int j = 0; j < m; j++) {
                int x = LABEL_COLUMN + j * cell;
                images.draw(f, pixels[j], grey, x, y);
                if (row.predicted() != null) {
                    boolean right = row.predicted()[j] == classOf[j];
                    f.text("pred " + row.predicted()[j], x + images.size() / 2, y + images.size() + 13,
                            Figure.SMALL_FONT, right ? new Color(0, 130, 0) : new Color(200, 0, 0));
                }
            }
        }
        grey.drawBar(f, LABEL_COLUMN + m * cell + 8, top, 14, Math.min(200, rows.size() * (cell + CAPTION) - CAPTION),
                "pixel value");
        f.write(png);
        return new int[]{width, height};
    }
}
