package io.github.dpn4j.examples.analysis;

import java.awt.Color;
import java.util.Locale;

/**
 * A linear map from values in {@code [min, max]} to colours (values outside are clipped), and its colour bar.
 */
final class ColourScale {

    /** Colour maps. */
    enum Palette {
        /** Black ({@code min}) to white ({@code max}): pixel intensities. */
        GREY,
        /** Blue ({@code min}) through white (the middle) to red ({@code max}): signed values around 0. */
        DIVERGING
    }

    private final double min;
    private final double max;
    private final Palette palette;

    /**
     * @param min     value drawn with the first colour
     * @param max     value drawn with the last colour, {@code > min} (an empty range is widened by 1)
     * @param palette the colour map
     */
    ColourScale(double min, double max, Palette palette) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            throw new IllegalArgumentException("colour range must be finite with min <= max, got [" + min + ", "
                    + max + "]");
        }
        this.min = min;
        this.max = max > min ? max : min + 1;
        this.palette = palette;
    }

    /** @return a diverging scale over {@code [-limit, limit]}, {@code limit > 0} (0 gives [-1, 1]) */
    static ColourScale symmetric(double limit) {
        double l = limit > 0 && Double.isFinite(limit) ? limit : 1;
        return new ColourScale(-l, l, Palette.DIVERGING);
    }

    /** @return lower end of the range */
    double min() {
        return min;
    }

    /** @return upper end of the range */
    double max() {
        return max;
    }

    /** @return the colour of {@code value} (clipped to the range; NaN is magenta) */
    Color colour(double value) {
        if (Double.isNaN(value)) {
            return Color.MAGENTA;
        }
        double t = Math.max(0, Math.min(1, (value - min) / (max - min)));
        return switch (palette) {
            case GREY -> {
                int v = (int) Math.round(255 * t);
                yield new Color(v, v, v);
            }
            case DIVERGING -> {
                // blue (t = 0) -> white (t = 1/2) -> red (t = 1)
                if (t < 0.5) {
                    double s = t / 0.5;
                    yield new Color((int) Math.round(40 + 215 * s), (int) Math.round(80 + 175 * s), 255);
                }
                double s = (t - 0.5) / 0.5;
                yield new Color(255, (int) Math.round(255 - 175 * s), (int) Math.round(255 - 215 * s));
            }
        };
    }

    /**
     * Draws a vertical colour bar, {@code max} at the top, with the range's ends and middle as tick labels to its
     * right and {@code label} vertically beside them.
     */
    void drawBar(Figure f, int x, int y, int w, int h, String label) {
        for (int row = 0; row < h; row++) {
            f.graphics().setColor(colour(max - (max - min) * row / Math.max(1, h - 1)));
            f.graphics().fillRect(x, y + row, w, 1);
        }
        f.frame(x, y, w, h);
        double mid = (min + max) / 2;
        f.textLeft(format(max), x + w + 4, y + 10, Figure.SMALL_FONT, Color.BLACK);
        f.textLeft(format(mid), x + w + 4, y + h / 2 + 4, Figure.SMALL_FONT, Color.BLACK);
        f.textLeft(format(min), x + w + 4, y + h, Figure.SMALL_FONT, Color.BLACK);
        f.verticalText(label, x + w + 62, y + h / 2, Figure.LABEL_FONT, Color.BLACK);
    }

    private static String format(double v) {
        return Math.abs(v) >= 1e4 || (v != 0 && Math.abs(v) < 1e-2)
                ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    @Override
    public String toString() {
        return "ColourScale{" + palette + " [" + min + ", " + max + "]}";
    }
}
