package io.github.dpn4j.examples.analysis;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A picture drawn with {@code java.awt} (headless): white background, a title across the top, text helpers, and
 * XChart charts painted into panels. Written as PNG by {@link #write(Path)}.
 */
final class Figure {

    /** Height of the title band in pixels: {@value}. */
    static final int TITLE_HEIGHT = 40;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    /** Colours of digits 0..9 (a qualitative palette distinguishable on white). */
    private static final Color[] CLASS_COLOURS = {
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
            new Color(188, 189, 34), new Color(23, 190, 207)};

    private final BufferedImage image;
    private final Graphics2D g;

    /**
     * @param width  pixels, {@code >= 1}
     * @param height pixels, {@code >= 1}, including the {@value #TITLE_HEIGHT}-pixel title band
     * @param title  drawn centred at the top
     */
    Figure(int width, int height, String title) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("figure size must be positive, got " + width + " x " + height);
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        text(title, width / 2, TITLE_HEIGHT / 2 + 6, TITLE_FONT, Color.BLACK);
    }

    /** @return colour of class {@code c} (cycling after 10) */
    static Color classColour(int c) {
        return CLASS_COLOURS[Math.floorMod(c, CLASS_COLOURS.length)];
    }

    /** @return the graphics to draw on (shared; restore any transform or clip you change) */
    Graphics2D graphics() {
        return g;
    }

    /** @return width in pixels */
    int width() {
        return image.getWidth();
    }

    /** @return height in pixels */
    int height() {
        return image.getHeight();
    }

    /** Draws {@code s} centred horizontally on {@code x}, baseline at {@code y}. */
    void text(String s, int x, int y, Font font, Color colour) {
        g.setFont(font);
        g.setColor(colour);
        FontMetrics m = g.getFontMetrics();
        g.drawString(s, x - m.stringWidth(s) / 2, y);
    }

    /** Draws {@code s} left-aligned at {@code x}, baseline at {@code y}. */
    void textLeft(String s, int x, int y, Font font, Color colour) {
        g.setFont(font);
        g.setColor(colour);
        g.drawString(s, x, y);
    }

    /** Draws {@code s} rotated 90 degrees counter-clockwise, centred vertically on {@code y}, baseline at {@code x}. */
    void verticalText(String s, int x, int y, Font font, Color colour) {
        AffineTransform saved = g.getTransform();
        g.setFont(font);
        g.setColor(colour);
        int w = g.getFontMetrics().stringWidth(s);
        g.rotate(-Math.PI / 2, x, y);
        g.drawString(s, x - w / 2, y);
        g.setTransform(saved);
    }

    /** Draws a thin grey frame around a rectangle. */
    void frame(int x, int y, int w, int h) {
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
    }

    /** Paints an XChart chart into the panel at {@code (x, y)} of size {@code w x h}. */
    void paint(Chart<?, ?> chart, int x, int y, int w, int h) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        chart.paint(g, w, h);
        g.setTransform(saved);
        g.setClip(null);
    }

    /** @return the image drawn so far */
    BufferedImage image() {
        return image;
    }

    /**
     * Writes the picture as PNG, creating parent directories.
     *
     * @param png target file
     * @throws IOException on write errors
     */
    void write(Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }
}
